import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../src/server/auth/secrets.js';
import { createApp } from '../../src/server/app.js';
import { createServerContext } from '../../src/server/create-context.js';
import type { Store } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { openStoreBefore, STORES, testPack } from './harness.js';

/** A token made before tokens could expire keeps working, with no expiry, after the migration. */
describe.each(STORES)('token-expiry migration on %s', (kind) => {
  let store: Store;
  let cleanup = async () => {};
  beforeAll(async () => {
    let db;
    ({ store, db, cleanup } = await openStoreBefore(kind, '2026-12-08-a-token-expiry'));
    const at = '2025-03-01T10:00:00.000Z';
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
  afterAll(async () => cleanup());

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
