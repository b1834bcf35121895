import type { Kysely } from 'kysely';
import type { Database } from './types.js';

/** The votes table, added by migration 2026-11-28-finding-votes. */
export type VotesTable = {
  finding_votes: {
    tenant_id: string;
    finding_id: string;
    voter_id: string;
    voter: string;
    /** 1 when the voter says the finding is correct, 0 when they say it is a false positive. */
    correct: number;
    note: string | null;
    voted_at: string;
  };
};

export function withVotes(db: Kysely<Database>): Kysely<Database & VotesTable> {
  return db.withTables<VotesTable>();
}
