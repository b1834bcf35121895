import type { AliasRecord, AliasToken } from './alias-records.js';
import { allowedEdits, restrictedDamerau } from './distance.js';
import type { Token } from './tokenize.js';
import { isPatronymicShape } from './vocabulary.js';

/**
 * The two screening thresholds, on the matcher's confidence scale: at or above `decide` the
 * determination's status applies (blocked-transaction); from `review` up to it, a person decides.
 */
export const SCREENING_THRESHOLDS = { decide: 0.8, review: 0.5 } as const;

/** An unmatched query word costs this factor; a generic one much less. */
const EXTRA_STRONG = 0.72;
const EXTRA_WEAK = 0.96;
/** However many extra words, a query that contains a whole alias keeps at least this share. */
const EXTRA_FLOOR = 0.55;
/** Caps when the distinctive word matched only approximately: alone, or with one corroboration. */
const FUZZY_ALONE_CAP = 0.45;
const FUZZY_CORROBORATED_ONCE_CAP = 0.75;
/**
 * An alias that one query word meets only approximately, with no country, address or registration
 * behind it, scores at most FUZZY_ALONE_CAP: a screener need not align it when that is below review.
 */
export const APPROXIMATE_ALONE_BELOW_REVIEW = FUZZY_ALONE_CAP < SCREENING_THRESHOLDS.review;

/** Whether a record's other attributes corroborate an approximate name (see `alignmentScore`). */
export function corroborates(support: Support): boolean {
  return support.country === 'match' || Boolean(support.address || support.registration);
}

/** A person matched without the patronymic the full name has stays in review without other evidence. */
const PARTIAL_PERSON_CAP = 0.75;

/** What the record's other attributes say about one party. */
export interface Support {
  country?: 'match' | 'mismatch';
  address?: boolean;
  registration?: string;
}

interface TokenPair {
  query: Token;
  alias: AliasToken;
  similarity: number;
  edits: number;
}

export interface AliasScore {
  record: AliasRecord;
  score: number;
  pairs: TokenPair[];
  /** Query words the alias does not have. */
  extra: Token[];
  /** Alias words the query does not have. */
  missing: AliasToken[];
  /** Why the score was capped or raised. */
  notes: string[];
}

/**
 * How alike two tokens are: 1 for the same key, `1 − edits/length` within the allowed edits,
 * undefined otherwise. Generic words only ever match exactly.
 */
export function compareTokens(q: Token, a: Token): { similarity: number; edits: number } | undefined {
  if (q.key === a.key) return { similarity: 1, edits: 0 };
  if (q.weak || a.weak) return undefined;
  // Keys fold digraphs ("kh" → "h"), so a typo across one ("Tikohnov") is counted on the words as written too.
  const byKey = approximately(q.key, a.key);
  const bySurface = approximately(q.surface, a.surface);
  if (!byKey) return bySurface;
  if (!bySurface) return byKey;
  return bySurface.edits < byKey.edits ? bySurface : byKey;
}

function approximately(x: string, y: string): { similarity: number; edits: number } | undefined {
  const max = allowedEdits(Math.min(x.length, y.length));
  if (max === 0) return undefined;
  const edits = restrictedDamerau(x, y, max);
  if (edits > max) return undefined;
  return { similarity: 1 - edits / Math.max(x.length, y.length), edits };
}

/** How a name's tokens line up with one alias, before the record's other attributes count. */
export interface Alignment {
  pairs: TokenPair[];
  extra: Token[];
  missing: AliasToken[];
  /** The alias's weighted coverage times the factor for extra query words. */
  base: number;
}

/**
 * A tokenised name is scored against one alias in two halves, this one and `scoreAlignment`:
 * tokens aligned one to one in any order (best pairs first), the alias's weighted coverage times a
 * factor per extra query word, then the rules that keep screening defensible: a distinctive word
 * must match; an approximate one needs corroboration; a person needs the surname and one more name,
 * and a different patronymic rules the person out; the record's country and address support or
 * weaken the score.
 *
 * This, the name-only half, depends on the alias's tokens and person flags only, so aliases
 * written alike (the same words for several parties) share it. Undefined when the alias cannot be
 * this name at all.
 */
export function alignAlias(
  query: readonly Token[],
  record: AliasRecord,
  compare: typeof compareTokens = compareTokens,
): Alignment | undefined {
  const candidates: TokenPair[] = [];
  let anchored = false;
  for (const q of query) {
    for (const a of record.tokens) {
      const c = compare(q, a);
      if (!c) continue;
      candidates.push({ query: q, alias: a, similarity: c.similarity, edits: c.edits });
      anchored ||= a.anchor;
    }
  }
  // A person needs two names: fewer candidate pairs cannot make two pairs.
  if (!anchored || (record.person && candidates.length < 2)) return undefined;
  if (candidates.length > 1) candidates.sort(bestPairFirst);
  // A name has a handful of words: arrays are cheaper than sets here.
  const pairs: TokenPair[] = [];
  const usedQ: Token[] = [];
  const usedA: AliasToken[] = [];
  for (const p of candidates) {
    if (usedQ.includes(p.query) || usedA.includes(p.alias)) continue;
    usedQ.push(p.query);
    usedA.push(p.alias);
    pairs.push(p);
  }
  if (!pairs.some((p) => p.alias.anchor)) return undefined;
  const extra = query.filter((q) => !usedQ.includes(q));
  const missing = record.tokens.filter((a) => !usedA.includes(a));

  if (record.person) {
    if (pairs.length < 2) return undefined;
    const patronymicMatched = pairs.some((p) => p.alias.role === 'patronymic');
    if (record.hasPatronymic && !patronymicMatched && extra.some((q) => isPatronymicShape(q.key)))
      return undefined;
  }

  const coverage = pairs.reduce((sum, p) => sum + p.alias.weight * p.similarity, 0) / record.weight;
  const penalty = Math.max(
    EXTRA_FLOOR,
    extra.reduce((f, q) => f * (q.weak ? EXTRA_WEAK : EXTRA_STRONG), 1),
  );
  return { pairs, extra, missing, base: coverage * penalty };
}

const bestPairFirst = (x: TokenPair, y: TokenPair) =>
  y.similarity - x.similarity || Number(y.alias.anchor) - Number(x.alias.anchor);

/** The attribute half: support, corroboration caps and the partial-person cap. */
export function scoreAlignment(alignment: Alignment, record: AliasRecord, support: Support): AliasScore {
  const { pairs, extra, missing } = alignment;
  const notes: string[] = [];
  const score = alignmentScore(alignment, record, support, notes);
  return { record, score, pairs, extra, missing, notes };
}

/**
 * The score `scoreAlignment` gives, rounded as it rounds it, with its reasons added to `notes`
 * when asked for: a screener ranks most candidates on the number alone.
 */
export function alignmentScore(
  alignment: Alignment,
  record: AliasRecord,
  support: Support,
  notes?: string[],
): number {
  const { pairs } = alignment;
  let score = alignment.base;

  const strongSupport = Boolean(support.address || support.registration);
  if (support.country === 'match') score += (1 - score) * (record.person ? 0.2 : 0.35);
  if (support.address) score += (1 - score) * 0.5;
  if (support.country === 'mismatch') {
    score *= 0.93;
    notes?.push('country differs');
  }

  const exactAnchor = pairs.some((p) => p.alias.anchor && p.edits === 0);
  if (!exactAnchor) {
    const corroborations =
      pairs.filter((p) => !p.alias.anchor || p.edits === 0).length + (corroborates(support) ? 1 : 0);
    const cap =
      corroborations === 0 ? FUZZY_ALONE_CAP : corroborations === 1 ? FUZZY_CORROBORATED_ONCE_CAP : 1;
    if (score > cap) {
      score = cap;
      notes?.push(
        corroborations === 0
          ? 'approximate name, nothing corroborates it'
          : 'approximate name, one corroboration',
      );
    }
  }
  if (record.person && record.partial && !strongSupport && score > PARTIAL_PERSON_CAP) {
    score = PARTIAL_PERSON_CAP;
    notes?.push('name without patronymic: needs another identifier to decide');
  }
  return Math.round(score * 1000) / 1000;
}
