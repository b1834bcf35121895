import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './dialect.js';
import * as initial from './migrations/2025-06-01-initial.js';
import * as findingVotes from './migrations/2026-11-28-finding-votes.js';
import * as hostEnrolment from './migrations/2026-12-07-a-host-enrolment.js';
import * as auditChain from './migrations/2026-12-07-b-audit-chain.js';
import * as postSlots from './migrations/2026-12-07-b-post-slots.js';
import * as tokenExpiry from './migrations/2026-12-08-a-token-expiry.js';
import * as webhooks from './migrations/2026-12-08-b-webhooks.js';
import * as differential from './migrations/2026-12-08-c-differential.js';
import * as auditHeadOnInsert from './migrations/2026-12-09-a-audit-head-on-insert.js';

/** Migrations in order; each file is frozen once released and named by its date. */
export const MIGRATIONS: Record<string, Migration> = {
  '2025-06-01-initial': initial,
  '2026-11-28-finding-votes': findingVotes,
  '2026-12-07-a-host-enrolment': hostEnrolment,
  '2026-12-07-b-audit-chain': auditChain,
  '2026-12-07-b-post-slots': postSlots,
  '2026-12-08-a-token-expiry': tokenExpiry,
  '2026-12-08-b-webhooks': webhooks,
  '2026-12-08-c-differential': differential,
  '2026-12-09-a-audit-head-on-insert': auditHeadOnInsert,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Applies pending migrations; safe when several servers start at once (the migrator locks). */
export async function migrateToLatest(store: Store): Promise<string[]> {
  // Named explicitly: without it Kysely finds its lock table in any schema of the database and
  // then fails in ours, so a second instance in its own `?schema=` could never start.
  const migrator = new Migrator({
    db: store.db,
    provider,
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error)
    throw new Error(`database migration failed on ${store.location}: ${(error as Error).message}`, {
      cause: error,
    });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
