import type { Kysely } from 'kysely';
import { chainHash } from './audit-hash.js';
import type { Database } from './db/types.js';

export interface AuditEntry {
  tenantId: string | null;
  /** `user:NAME`, `token:NAME`, `system:reevaluation`, `shell:admin`. */
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
}

/**
 * Locks the audit chain head until the transaction ends and returns it. The no-op update takes the
 * row lock on PostgreSQL (and SQLite's write lock), so writers on several servers append one at a
 * time. Transactions that take other row locks as well call this first, so all take them in one order.
 */
export async function lockAuditHead(trx: Kysely<Database>): Promise<{ seq: number; hash: string }> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirst();
  if (!head) throw new Error('audit_head is missing: the audit log cannot be appended to');
  return { seq: Number(head.seq), hash: head.hash };
}

/**
 * Appends one entry to the hash chain; call it inside the transaction that makes the change, so both
 * or neither land. Outside a transaction it opens its own, as the head lock must last until commit.
 */
export async function writeAudit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => writeAudit(trx, e));
  await new AuditAppender().append(db, e);
}

/**
 * Appends the audit entries of one transaction, taking the head lock once and then keeping the
 * head in memory: two statements per entry instead of four when several units share a transaction
 * (group commit). The database checks every entry against the stored head, so each is still
 * written and the head moved one at a time. Call `lock` before any other row lock (see
 * lockAuditHead); an entry written past this appender in the same transaction would be refused.
 */
export class AuditAppender {
  #head: { seq: number; hash: string } | undefined;

  /** Takes the head lock, once per transaction. */
  async lock(trx: Kysely<Database>): Promise<void> {
    this.#head ??= await lockAuditHead(trx);
  }

  async append(trx: Kysely<Database>, e: AuditEntry): Promise<void> {
    await this.lock(trx);
    const head = this.#head!;
    const fields = {
      seq: head.seq + 1,
      tenant_id: e.tenantId,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    };
    const hash = chainHash(head.hash, fields);
    await trx
      .insertInto('audit_log')
      .values({ ...fields, prev_hash: head.hash, hash })
      .execute();
    await trx.updateTable('audit_head').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
    this.#head = { seq: fields.seq, hash };
  }
}
