import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/server/auth/secrets.js';
import { createApp } from '../../src/server/app.js';
import { createServerContext } from '../../src/server/create-context.js';
import { openStore, type Store } from '../../src/server/db/dialect.js';
import { migrateToLatest, MIGRATIONS } from '../../src/server/db/migrate.js';
import { PG_URL, STORES, testPack } from './harness.js';

/** A token made before tokens could expire keeps working, with no expiry, after the migration. */
describe.each(STORES)('token-expiry migration on %s', (kind) => {
  let store: Store;
  let cleanup = async () => {};
  beforeAll(async () => {
    let url: string;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'interdict-expiry-migration-'));
      url = `sqlite:${join(dir, 'old.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `m_exp_${randomBytes(6).toString('hex')}`;
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
      if (name < '2026-12-08-a-token-expiry') before[name] = m;
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
      .insertInto('api_tokens')
      .values({
        id: 'old-viewer',
        tenant_id: 't1',
        name: 'old-viewer',
        role: 'viewer',
        token_hash: hashSecret('idt_old'),
        created_by: 'shell:admin',
        created_at: at,
        bulk_import: 0,
      })
      .execute();
    // Later migrations follow; this one runs first.
    expect((await migrateToLatest(store))[0]).toBe('2026-12-08-a-token-expiry');
  });
  afterAll(async () => {
    await store?.close();
    await cleanup();
  });

  it('leaves existing tokens without an expiry, working years later', async () => {
    const row = await store.db
      .selectFrom('api_tokens')
      .select('expires_at')
      .where('id', '=', 'old-viewer')
      .executeTakeFirstOrThrow();
    expect(row.expires_at).toBeNull();
    const ctx = createServerContext({ store, pack: testPack, now: () => new Date('2035-01-01T00:00:00Z') });
    const res = await createApp(ctx).request('/api/v1/me', { headers: { authorization: 'Bearer idt_old' } });
    expect(res.status).toBe(200);
  });
});
