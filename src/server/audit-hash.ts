import { createHash } from 'node:crypto';

/** `prev_hash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns an entry's hash covers, exactly as the database holds them. */
export interface ChainedFields {
  seq: number;
  tenant_id: string | null;
  at: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: string | null;
  after: string | null;
}

/**
 * `sha256(prev_hash || canonical(entry))`, hex. Frozen like a migration: every stored chain was
 * computed with it, so a change needs a new chain format, not an edit here.
 */
export function chainHash(prevHash: string, e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.seq,
    e.tenant_id,
    e.at,
    e.actor,
    e.action,
    e.subject_type,
    e.subject_id,
    e.before,
    e.after,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
