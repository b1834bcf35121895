import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditAppender, type AuditEntry } from '../../src/server/audit.js';
import { chainHash } from '../../src/server/audit-hash.js';
import { verifyAuditChain } from '../../src/server/audit-verify.js';
import { createGroupCommit } from '../../src/server/ingest/group-commit.js';
import { createHarness, STORES, type Harness } from './harness.js';
import { statementLog } from './statement-log.js';

const entry = (subjectId: string): AuditEntry => ({
  tenantId: null,
  actor: 'system:test',
  action: 'test.batch',
  subjectType: 'unit',
  subjectId,
  after: { subjectId },
  at: new Date('2025-03-01T10:00:00Z'),
});

describe.each(STORES)('the audit head advanced by the database on %s', (kind) => {
  let h: Harness;
  const log = statementLog();
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => h?.close());

  const head = () =>
    h.ctx.store.db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();

  it('writes the entries of a shared transaction in one statement, and the head follows them', async () => {
    const before = await head();
    const gc = createGroupCommit(h.ctx.store.db.withPlugin(log.plugin), { maxBatch: 64, maxInFlight: 1 });
    await log.during(() =>
      Promise.all(
        ['b1', 'b2', 'b3', 'b4'].map((id) => gc.run(id, (trx, batch) => batch.audit.append(trx, entry(id)))),
      ),
    );
    // The head lock (a no-op update) and one insert: the head is no longer moved by the server.
    expect(log.kinds.filter((k) => k !== 'SelectQueryNode')).toEqual(['UpdateQueryNode', 'InsertQueryNode']);
    expect(log.inserts).toEqual(['audit_log']);
    const after = await head();
    expect(Number(after.seq)).toBe(Number(before.seq) + 4);
    const v = await verifyAuditChain(h.ctx.store.db);
    expect(v).toMatchObject({ ok: true, head: { seq: Number(after.seq), hash: after.hash } });
  });

  it('refuses the whole statement when one of its rows does not extend the chain', async () => {
    const before = await head();
    const good = chained(before, 'ok');
    const forged = chained({ seq: Number(before.seq) + 1, hash: 'f'.repeat(64) }, 'forged');
    await expect(h.ctx.store.db.insertInto('audit_log').values([good, forged]).execute()).rejects.toThrow(
      /does not extend the chain head/,
    );
    expect(await head()).toEqual(before);
    expect((await verifyAuditChain(h.ctx.store.db)).ok).toBe(true);
  });

  it('still takes an entry from a server of the previous release, which moves the head itself', async () => {
    const before = await head();
    const row = chained(before, 'old-server');
    await h.ctx.store.db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_log').values(row).execute();
      await trx.updateTable('audit_head').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute();
    });
    expect(await head()).toMatchObject({ hash: row.hash });
    expect((await verifyAuditChain(h.ctx.store.db)).ok).toBe(true);
  });

  it('cannot be moved to an entry that is not the last one', async () => {
    const before = await head();
    await expect(
      sql`UPDATE audit_head SET seq = ${Number(before.seq) - 1} WHERE id = 1`.execute(h.ctx.store.db),
    ).rejects.toThrow(/audit_head only advances/);
  });

  it('writes nothing when a transaction appends nothing', async () => {
    const appender = new AuditAppender();
    await log.during(() =>
      h.ctx.store.db
        .withPlugin(log.plugin)
        .transaction()
        .execute((trx) => appender.flush(trx)),
    );
    expect(log.kinds).toEqual([]);
  });
});

/** An entry that extends `head`, as the server writes it. */
function chained(head: { seq: number | string; hash: string }, subjectId: string) {
  const fields = {
    seq: Number(head.seq) + 1,
    tenant_id: null,
    at: '2025-03-01T10:00:00.000Z',
    actor: 'system:test',
    action: 'test.forged',
    subject_type: 'unit',
    subject_id: subjectId,
    before: null,
    after: null,
  };
  return { ...fields, prev_hash: head.hash, hash: chainHash(head.hash, fields) };
}
