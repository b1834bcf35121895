import type { Insertable, Kysely } from 'kysely';
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
  const appender = new AuditAppender();
  await appender.append(db, e);
  await appender.flush(db);
}

/** Entries per INSERT: 12 columns x 200 stays far below both databases' parameter limits. */
const ENTRIES_PER_STATEMENT = 200;

/**
 * The audit entries of one transaction: the head is locked once and kept in memory, each entry is
 * chained to the one before, and `flush` inserts them in one statement before the transaction
 * commits. The database checks every row against the stored head and advances the head as each is
 * inserted (migration 2026-12-09-a), so the entries still land one at a time, in order. Call
 * `lock` before any other row lock (see lockAuditHead); an entry written past this appender in
 * the same transaction would make the flush fail.
 */
export class AuditAppender {
  #head: { seq: number; hash: string } | undefined;
  #pending: Insertable<Database['audit_log']>[] = [];

  /** Takes the head lock, once per transaction. */
  async lock(trx: Kysely<Database>): Promise<void> {
    this.#head ??= await lockAuditHead(trx);
  }

  /** Chains the entry after the last one; it is written by `flush`. */
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
    this.#pending.push({ ...fields, prev_hash: head.hash, hash });
    this.#head = { seq: fields.seq, hash };
  }

  /** Writes the entries appended since the last flush; call it before the transaction commits. */
  async flush(trx: Kysely<Database>): Promise<void> {
    const rows = this.#pending;
    this.#pending = [];
    for (let i = 0; i < rows.length; i += ENTRIES_PER_STATEMENT)
      await trx
        .insertInto('audit_log')
        .values(rows.slice(i, i + ENTRIES_PER_STATEMENT))
        .execute();
  }
}
