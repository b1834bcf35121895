import type { Kysely } from 'kysely';
import { chainHash, GENESIS_HASH } from './audit-hash.js';
import type { Database } from './db/types.js';

interface AuditBreak {
  /** The first entry that is missing or does not verify. */
  seq: number;
  problem: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries that verified, 1…entries. */
  entries: number;
  head: { seq: number; hash: string } | undefined;
  firstBreak?: AuditBreak;
}

const PAGE = 1000;

/**
 * Recomputes the audit hash chain from entry 1 and compares it with the head table. Finds changed,
 * removed and inserted entries and an emptied log; an `anchor` (a seq and hash kept outside the
 * database) also finds a chain rewritten from scratch by someone able to disable the triggers.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  anchor?: { seq: number; hash: string },
): Promise<AuditVerification> {
  const headRow = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const head = headRow ? { seq: Number(headRow.seq), hash: headRow.hash } : undefined;
  const result = (entries: number, firstBreak?: AuditBreak): AuditVerification => ({
    ok: !firstBreak,
    entries,
    head,
    ...(firstBreak ? { firstBreak } : {}),
  });
  const unchained = await db
    .selectFrom('audit_log')
    .select('id')
    .where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null)]))
    .orderBy('id')
    .executeTakeFirst();
  let expected = 1;
  let prev = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expected)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expected) {
        const range = seq - 1 > expected ? `entries ${expected}-${seq - 1} are` : `entry ${expected} is`;
        return result(expected - 1, { seq: expected, problem: `${range} missing` });
      }
      if (row.prev_hash !== prev)
        return result(expected - 1, { seq, problem: `does not follow entry ${seq - 1} (prev_hash differs)` });
      if (chainHash(prev, { ...row, seq }) !== row.hash)
        return result(expected - 1, { seq, problem: 'changed after it was written (hash differs)' });
      if (anchor && anchor.seq === seq && anchor.hash !== row.hash)
        return result(expected - 1, { seq, problem: 'differs from the anchor kept outside the database' });
      prev = row.hash;
      expected++;
    }
    if (rows.length < PAGE) break;
  }
  const last = expected - 1;
  if (unchained)
    return result(last, {
      seq: last + 1,
      problem: `entry id ${unchained.id} was inserted outside the chain`,
    });
  if (!head) return result(last, { seq: last + 1, problem: 'the chain head (audit_head) is missing' });
  if (head.seq > last) {
    const range = head.seq > last + 1 ? `entries ${last + 1}-${head.seq} are` : `entry ${head.seq} is`;
    return result(last, { seq: last + 1, problem: `${range} missing (the head records ${head.seq})` });
  }
  if (head.seq < last)
    return result(head.seq, {
      seq: head.seq + 1,
      problem: `entries after the head (${head.seq}) were added around it`,
    });
  if (head.hash !== prev) return result(last, { seq: last, problem: 'the head hash differs from the entry' });
  if (anchor && anchor.seq > last)
    return result(last, { seq: last + 1, problem: `the anchor names entry ${anchor.seq}, past the end` });
  return result(last);
}
