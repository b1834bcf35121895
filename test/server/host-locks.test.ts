import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/server/ingest/group-commit.js';
import type { LockedHost } from '../../src/server/ingest/host-locks.js';
import { createHarness, STORES, type Harness } from './harness.js';
import { statementLog } from './statement-log.js';

describe.each(STORES)('host locks of a shared transaction on %s', (kind) => {
  let h: Harness;
  const log = statementLog();
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => h?.close());

  const committer = () =>
    createGroupCommit(h.ctx.store.db.withPlugin(log.plugin), { maxBatch: 64, maxInFlight: 1 });
  const ref = (name: string) => ({ tenantId: h.tenants.acme!, name, at: '2025-03-01T10:00:00.000Z' });

  it('locks every host of the batch in one statement, new and known hosts alike', async () => {
    const gc = committer();
    const names = ['hl-c', 'hl-a', 'hl-b', 'hl-d'];
    await h.ctx.store.db
      .insertInto('hosts')
      .values({ ...row('hl-b'), tenant_id: h.tenants.acme!, last_collected_at: '2025-02-01T00:00:00.000Z' })
      .execute();
    const locked = await log.during(() =>
      Promise.all(
        names.map((name) =>
          gc.run(`acme\u0000${name}`, (trx, batch) => batch.hosts.lock(trx, ref(name)), ref(name)),
        ),
      ),
    );
    expect(log.inserts).toEqual(['hosts']);
    expect(locked.map((r) => r.name)).toEqual(names);
    expect(locked.find((r) => r.name === 'hl-b')!.last_collected_at).toBe('2025-02-01T00:00:00.000Z');
    const stored = await h.ctx.store.db
      .selectFrom('hosts')
      .select(['id', 'name'])
      .where('name', 'like', 'hl-%')
      .execute();
    expect(new Map(stored.map((r) => [r.name, r.id]))).toEqual(new Map(locked.map((r) => [r.name, r.id])));
  });

  it('gives a second unit of the same host the row as the first unit left it', async () => {
    const gc = committer();
    const seen: LockedHost[] = [];
    const unit = (name: string, collected: string) =>
      gc.run(
        `acme\u0000${name}`,
        async (trx, batch) => {
          const host = await batch.hosts.lock(trx, ref(name));
          seen.push(host);
          await trx
            .updateTable('hosts')
            .set({ last_collected_at: collected })
            .where('id', '=', host.id)
            .execute();
        },
        ref(name),
      );
    await Promise.all([
      unit('hl-twice', '2025-03-01T08:00:00.000Z'),
      unit('hl-other', '2025-03-01T08:00:00.000Z'),
      unit('hl-twice', '2025-03-01T09:00:00.000Z'),
    ]);
    const twice = seen.filter((r) => r.name === 'hl-twice');
    expect(twice.map((r) => r.last_collected_at)).toEqual([null, '2025-03-01T08:00:00.000Z']);
    expect(new Set(twice.map((r) => r.id)).size).toBe(1);
  });

  it('creates no host for a batch that rolls back', async () => {
    const gc = committer();
    const runs = ['hl-gone-1', 'hl-gone-2'].map((name) =>
      gc.run(
        `acme\u0000${name}`,
        async (trx, batch) => {
          await batch.hosts.lock(trx, ref(name));
          throw new Error(`refused ${name}`);
        },
        ref(name),
      ),
    );
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    const stored = await h.ctx.store.db
      .selectFrom('hosts')
      .select('name')
      .where('name', 'like', 'hl-gone%')
      .execute();
    expect(stored).toEqual([]);
  });
});

function row(name: string) {
  return {
    id: `id-${name}`,
    name,
    first_seen: '2025-02-01T00:00:00.000Z',
    last_seen: '2025-02-01T00:00:00.000Z',
    last_inventory_id: null,
    eval_stamp: null,
    open_findings: 0,
  };
}
