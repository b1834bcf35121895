import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/dialect.js';
import { migrateToLatest, MIGRATIONS } from '../../src/server/db/migrate.js';
import { PG_URL, STORES } from './harness.js';

/** A store as the previous release left it: agent tokens that could write any host. */
describe.each(STORES)('host-enrolment migration on %s', (kind) => {
  let store: Store;
  let cleanup = async () => {};
  beforeAll(async () => {
    let url: string;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'interdict-migration-'));
      url = `sqlite:${join(dir, 'old.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `m_${randomBytes(6).toString('hex')}`;
      url = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}schema=${schema}`;
      cleanup = async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      };
    }
    store = await openStore(url, { poolSize: 2 });
    const before: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(MIGRATIONS))
      if (name < '2026-12-07-a-host-enrolment') before[name] = m;
    const migrator = new Migrator({
      db: store.db,
      provider: { getMigrations: async () => before },
      ...(store.schema ? { migrationTableSchema: store.schema } : {}),
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const at = '2025-03-01T10:00:00.000Z';
    const db = store.db as never as Kysely<Record<string, Record<string, unknown>>>;
    await db
      .insertInto('tenants')
      .values({
        id: 't1',
        slug: 'acme',
        name: 'Acme',
        profile: 'us-person',
        waiver_version: 0,
        created_at: at,
      })
      .execute();
    await db
      .insertInto('users')
      .values({ id: 'u-alice', tenant_id: 't1', name: 'alice', role: 'admin', disabled: 0, created_at: at })
      .execute();
    const token = (id: string, role: string, createdBy: string) => ({
      id,
      tenant_id: 't1',
      name: id,
      role,
      token_hash: `hash-${id}`,
      created_by: createdBy,
      created_at: at,
    });
    await db
      .insertInto('api_tokens')
      .values([
        token('fleet-agents', 'agent', 'shell:admin'),
        token('alice-second', 'admin', 'user:alice'),
        token('ci-reader', 'viewer', 'shell:admin'),
      ])
      .execute();
    await db
      .insertInto('waivers')
      .values({
        id: 'w1',
        tenant_id: 't1',
        public_id: 'W-1',
        scope: '{}',
        reason: 'lab',
        expires: '2026-01-01',
        state: 'requested',
        requested_by: 'user:alice',
        requested_at: at,
      })
      .execute();
    expect((await migrateToLatest(store))[0]).toBe('2026-12-07-a-host-enrolment');
  });
  afterAll(async () => {
    await store?.close();
    await cleanup();
  });

  it('revokes old agent tokens and gives tokens and waivers the person who made them', async () => {
    const tokens = await store.db
      .selectFrom('api_tokens')
      .select(['id', 'revoked_at', 'user_id', 'host_id', 'bulk_import'])
      .orderBy('id')
      .execute();
    expect(tokens.map((t) => [t.id, t.revoked_at !== null, t.user_id, t.host_id, t.bulk_import])).toEqual([
      ['alice-second', false, 'u-alice', null, 0],
      ['ci-reader', false, null, null, 0],
      ['fleet-agents', true, null, null, 0],
    ]);
    const waiver = await store.db.selectFrom('waivers').select('requested_by_user').executeTakeFirstOrThrow();
    expect(waiver.requested_by_user).toBe('u-alice');
  });
});
