import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { createApp } from '../../src/server/app.js';
import { createTenant, createToken } from '../../src/server/accounts.js';
import type { ServerConfig, ServerContext, ServerPack } from '../../src/server/context.js';
import { createServerContext } from '../../src/server/create-context.js';
import { openStore } from '../../src/server/db/dialect.js';
import { migrateToLatest, MIGRATIONS } from '../../src/server/db/migrate.js';
import { pack as fixturePack } from '../match/catalog-fixture.js';

export const PG_URL = process.env.INTERDICT_TEST_PG;
/** Every suite runs on SQLite, and on PostgreSQL when INTERDICT_TEST_PG names one. */
export const STORES = PG_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
if (!PG_URL) process.stderr.write('test/server: INTERDICT_TEST_PG unset, PostgreSQL runs are SKIPPED\n');

export const testPack: ServerPack = { ...fixturePack, version: '2025.06.0', hash: 'fixture1', sources: [] };

export interface Harness {
  ctx: ServerContext;
  app: ReturnType<typeof createApp>;
  clock: { now: Date };
  /** Bearer tokens by `tenant:role`. */
  tokens: Record<string, string>;
  tenants: Record<string, string>;
  close(): Promise<void>;
}

/** A migrated store of the given kind in its own file or PostgreSQL schema, two tenants, a token per role. */
/** A database of one test's own: a temporary SQLite file, or a fresh PostgreSQL schema. */
export function scratchDatabase(kind: 'sqlite' | 'postgres'): { url: string; cleanup(): Promise<void> } {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-server-'));
    return {
      url: `sqlite:${join(dir, 'test.db')}`,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    url: `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}schema=${schema}`,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/**
 * A store as an earlier release left it: migrated up to, not including, `migration`, with one
 * tenant (`t1`, slug acme). Rows are written untyped, since the current types describe a later schema.
 */
export async function openStoreBefore(kind: 'sqlite' | 'postgres', migration: string) {
  const { url, cleanup } = scratchDatabase(kind);
  const store = await openStore(url, { poolSize: 2 });
  const before: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(MIGRATIONS)) if (name < migration) before[name] = m;
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => before },
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  const db = store.db as never as Kysely<Record<string, Record<string, unknown>>>;
  await db
    .insertInto('tenants')
    .values({
      id: 't1',
      slug: 'acme',
      name: 'Acme',
      profile: 'us-person',
      waiver_version: 0,
      created_at: '2025-03-01T10:00:00.000Z',
    })
    .execute();
  return { store, db, cleanup: async () => (await store.close(), await cleanup()) };
}

export async function createHarness(
  kind: 'sqlite' | 'postgres',
  config: Partial<ServerConfig> = {},
  pack = testPack,
): Promise<Harness> {
  const { url, cleanup } = scratchDatabase(kind);
  const store = await openStore(url, { poolSize: 4 });
  await migrateToLatest(store);
  const clock = { now: new Date('2025-03-01T10:00:00Z') };
  const ctx = createServerContext({
    store,
    pack,
    config: { secureCookies: false, backgroundJobs: false, ...config },
    now: () => clock.now,
  });
  const tokens: Record<string, string> = {};
  const tenants: Record<string, string> = {};
  for (const slug of ['acme', 'other']) {
    const tenantId = await createTenant(store.db, { slug, actor: 'test' });
    tenants[slug] = tenantId;
    // An import token for uploads to any host; every other token belongs to a person of its role.
    tokens[`${slug}:agent`] = (
      await createToken(store.db, {
        tenantId,
        name: `${slug}-agent`,
        role: 'agent',
        bulkImport: true,
        actor: 'test',
      })
    ).token;
    for (const role of ['viewer', 'analyst', 'approver', 'admin', 'approver2']) {
      const userId = randomUUID();
      await store.db
        .insertInto('users')
        .values({
          id: userId,
          tenant_id: tenantId,
          name: `${slug}-${role}`,
          role: role.replace(/\d$/, ''),
          password_hash: null,
          disabled: 0,
          created_at: clock.now.toISOString(),
        })
        .execute();
      tokens[`${slug}:${role}`] = (
        await createToken(store.db, {
          tenantId,
          name: `${slug}-${role}`,
          role: role.replace(/\d$/, ''),
          userId,
          actor: 'test',
        })
      ).token;
    }
  }
  return {
    ctx,
    app: createApp(ctx),
    clock,
    tokens,
    tenants,
    close: async () => {
      await ctx.uploadParser.close();
      await store.close();
      await cleanup();
    },
  };
}

export function bearer(token: string, extra: Record<string, string> = {}) {
  return { authorization: `Bearer ${token}`, ...extra };
}

/** A normalised inventory as `interdict agent` writes it. */
export function inventory(
  host: string,
  collectedAt: string,
  programs: { name: string; publisher?: string; version?: string }[],
) {
  return JSON.stringify({
    schema: 'interdict/inventory@1',
    host,
    collectedAt,
    agent: { name: 'interdict', version: '0.1.0' },
    observations: programs.map((p, i) => ({
      kind: 'program',
      ...p,
      origin: { source: host, format: 'linux-packages', locator: `dpkg:${i}`, collector: 'linux' },
    })),
  });
}

export const KES = {
  name: 'Kaspersky Endpoint Security for Windows',
  publisher: 'AO Kaspersky Lab',
  version: '12.3.0.493',
};
export const CHROME = { name: 'Google Chrome', publisher: 'Google LLC', version: '126.0.6478.127' };
