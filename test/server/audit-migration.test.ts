import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/audit-verify.js';
import { openStore, type Store } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import * as initial from '../../src/server/db/migrations/2025-06-01-initial.js';
import * as findingVotes from '../../src/server/db/migrations/2026-11-28-finding-votes.js';
import { scratchDatabase, STORES } from './harness.js';

async function openEmpty(kind: 'sqlite' | 'postgres'): Promise<{ store: Store; drop(): Promise<void> }> {
  const { url, cleanup } = scratchDatabase(kind);
  return { store: await openStore(url, { poolSize: 2 }), drop: cleanup };
}

describe.each(STORES)('upgrading a store of the previous release on %s', (kind) => {
  it('chains the existing audit entries in order and marks stale inventories superseded', async () => {
    const { store, drop } = await openEmpty(kind);
    try {
      const previous = new Migrator({
        db: store.db,
        provider: {
          getMigrations: async () => ({
            '2025-06-01-initial': initial,
            '2026-11-28-finding-votes': findingVotes,
          }),
        },
        ...(store.schema ? { migrationTableSchema: store.schema } : {}),
      });
      expect((await previous.migrateToLatest()).error).toBeUndefined();
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tables as the previous release had them
      const old = store.db as unknown as Kysely<any>;
      for (const [i, action] of ['tenant.create', 'token.create', 'inventory.accept'].entries())
        await old
          .insertInto('audit_log')
          .values({
            tenant_id: 't1',
            at: `2025-03-0${i + 1}T00:00:00.000Z`,
            actor: 'test',
            action,
            subject_type: 's',
            subject_id: String(i),
          })
          .execute();
      await old
        .insertInto('tenants')
        .values({ id: 't1', slug: 'acme', name: 'acme', profile: 'us-person', created_at: 'x' })
        .execute();
      await old
        .insertInto('hosts')
        .values({
          id: 'h1',
          tenant_id: 't1',
          name: 'pc-1',
          first_seen: 'x',
          last_seen: 'x',
          last_inventory_id: 'i2',
        })
        .execute();
      for (const id of ['i1', 'i2'])
        await old
          .insertInto('inventories')
          .values({
            id,
            tenant_id: 't1',
            host_id: 'h1',
            content_hash: id,
            format: 'f',
            collected_at: id,
            received_at: id,
            records: 0,
            error_count: 0,
            errors: '[]',
            observations: '',
            findings: 0,
          })
          .execute();

      // Later migrations follow these; the ones this upgrade is about run first and in order.
      expect((await migrateToLatest(store)).slice(0, 3)).toEqual([
        '2026-12-07-a-host-enrolment',
        '2026-12-07-b-audit-chain',
        '2026-12-07-b-post-slots',
      ]);
      const rows = await store.db.selectFrom('audit_log').select(['seq', 'action']).orderBy('id').execute();
      expect(rows.map((r) => [Number(r.seq), r.action])).toEqual([
        [1, 'tenant.create'],
        [2, 'token.create'],
        [3, 'inventory.accept'],
      ]);
      expect(await verifyAuditChain(store.db)).toMatchObject({ ok: true, entries: 3, head: { seq: 3 } });
      const inventories = await store.db
        .selectFrom('inventories')
        .select(['id', 'superseded'])
        .orderBy('id')
        .execute();
      expect(inventories).toEqual([
        { id: 'i1', superseded: 1 },
        { id: 'i2', superseded: 0 },
      ]);
    } finally {
      await store.close();
      await drop();
    }
  });
});
