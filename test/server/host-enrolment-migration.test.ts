import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { openStoreBefore, STORES } from './harness.js';

/** A store as the previous release left it: agent tokens that could write any host. */
describe.each(STORES)('host-enrolment migration on %s', (kind) => {
  let store: Store;
  let cleanup = async () => {};
  beforeAll(async () => {
    let db;
    ({ store, db, cleanup } = await openStoreBefore(kind, '2026-12-07-a-host-enrolment'));
    const at = '2025-03-01T10:00:00.000Z';
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
  afterAll(async () => cleanup());

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
