import type { AliasRecord } from './alias-records.js';
import type { Party } from './parties.js';
import { SCREENING_THRESHOLDS, type AliasScore, type Support } from './score.js';
import type { ScreeningEvidence } from './support.js';

/** The best covered party for a supplier record, with the reasons a reviewer can check. */
export interface ScreeningHit {
  party: Party;
  /** The record's name that matched, and whether it came as a supplier or a person name. */
  on: 'supplier' | 'person';
  value: string;
  /** The alias of the party it matched (as written in the data pack, or romanised). */
  alias: AliasRecord;
  score: number;
  determination: 'decided' | 'review';
  /** Which tokens matched and how, what was dropped, what supported or capped the score. */
  explanation: string;
}

const RELATION_ORDER = ['self', 'subsidiary', 'parent', 'affiliate', 'predecessor', 'successor', 'officer'];

/** What candidates are ordered by (see `isBetter`). */
export interface Rank {
  score: number;
  /** How many of the query's legal forms the alias was written with: "Kaspersky Lab, Inc." is the Inc. */
  sameLegalForm: number;
  partyIndex: number;
  recordIndex: number;
}

/** One scored candidate: the comparison a screener makes and the naive scorer repeats. */
export interface Candidate extends Rank {
  name: ScreeningEvidence['names'][number];
  legalForms: string[];
  scored: AliasScore;
  support: Support;
}

/**
 * Orders candidates: higher score first; at equal score the alias with the query's legal form,
 * then the vendor's own entity, then listed
 * parties, then data-pack order, so that the index and the naive scorer agree exactly.
 */
export function isBetter(a: Rank, b: Rank | undefined, parties: readonly Party[]): boolean {
  if (!b) return true;
  if (a.score !== b.score) return a.score > b.score;
  if (a.sameLegalForm !== b.sameLegalForm) return a.sameLegalForm > b.sameLegalForm;
  const pa = parties[a.partyIndex]!;
  const pb = parties[b.partyIndex]!;
  const ra = RELATION_ORDER.indexOf(pa.relation);
  const rb = RELATION_ORDER.indexOf(pb.relation);
  if (ra !== rb) return ra < rb;
  if (pa.listedBy.length !== pb.listedBy.length) return pa.listedBy.length > pb.listedBy.length;
  if (a.partyIndex !== b.partyIndex) return a.partyIndex < b.partyIndex;
  return a.recordIndex < b.recordIndex;
}

export function toHit(best: Candidate, parties: readonly Party[]): ScreeningHit | undefined {
  if (best.score < SCREENING_THRESHOLDS.review) return undefined;
  const party = parties[best.partyIndex]!;
  return {
    party,
    on: best.name.on,
    value: best.name.value,
    alias: best.scored.record,
    score: best.score,
    determination: best.score >= SCREENING_THRESHOLDS.decide ? 'decided' : 'review',
    explanation: explain(best, party),
  };
}

function explain(c: Candidate, party: Party): string {
  const s = c.scored;
  const alias = s.record.scheme
    ? `${s.record.text} (${s.record.scheme}: ${s.record.tokens.map((t) => t.surface).join(' ')})`
    : s.record.text;
  const tokens = s.pairs
    .map((p) => {
      const how = p.edits
        ? `${p.edits} edit${p.edits > 1 ? 's' : ''}`
        : p.query.surface === p.alias.surface
          ? 'exact'
          : 'spelling';
      return `${p.query.surface}=${p.alias.surface} (${how}${p.alias.weak ? ', generic' : ''})`;
    })
    .join(', ');
  const parts = [`"${c.name.value}" ~ "${alias}" of ${party.name}: ${tokens}`];
  if (s.missing.length) parts.push(`not in record: ${s.missing.map((t) => t.surface).join(' ')}`);
  if (s.extra.length) parts.push(`extra: ${s.extra.map((t) => t.surface).join(' ')}`);
  if (c.legalForms.length) parts.push(`legal form ignored: ${c.legalForms.join(', ')}`);
  if (c.support.country === 'match') parts.push(`country ${party.country} supports`);
  if (c.support.address) parts.push('address supports');
  if (c.support.registration) parts.push(`registration ${c.support.registration} matches`);
  parts.push(...s.notes);
  const { decide, review } = SCREENING_THRESHOLDS;
  parts.push(`score ${s.score.toFixed(3)} (decides at ${decide}, review from ${review})`);
  return parts.join('; ');
}
