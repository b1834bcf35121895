import { createHash } from 'node:crypto';
import type { Database } from './db/types.js';

/** `prev_hash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns an entry's hash covers, exactly as the database holds them. */
export type ChainedFields = Pick<
  Database['audit_log'],
  'seq' | 'tenant_id' | 'at' | 'actor' | 'action' | 'subject_type' | 'subject_id' | 'before' | 'after'
>;

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
