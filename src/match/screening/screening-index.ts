import { compileAliases, type AliasRecord } from './alias-records.js';
import type { Party } from './parties.js';
import {
  alignAlias,
  alignmentScore,
  APPROXIMATE_ALONE_BELOW_REVIEW,
  compareTokens,
  corroborates,
  SCREENING_THRESHOLDS,
  scoreAlignment,
  type Alignment,
  type Support,
} from './score.js';
import { isBetter, toHit, type Candidate, type ScreeningHit } from './screening-hit.js';
import { AsciiWordTable } from './word-table.js';
import { compareEvidence, normalizeRegistration, toCountryCode, type ScreeningEvidence } from './support.js';
import { tokenizeName, tokenizeWords, withoutLegalForms, wordToken, type Token } from './tokenize.js';
import { sortedUnion, WordIndex } from './word-index.js';

export interface Screener {
  /** The best covered party for a record, at or above the review threshold. */
  screen(evidence: ScreeningEvidence): ScreeningHit | undefined;
  /**
   * False when `screen` returns nothing for certain: no registration id, and no name with a
   * candidate record. Cheaper than `screen` only in what it does not build.
   */
  mayHit(evidence: ScreeningEvidence): boolean;
  readonly parties: readonly Party[];
  readonly records: readonly AliasRecord[];
}

/** A registration id match decides whatever the names say. */
const REGISTRATION_SCORE = 0.99;
const CACHE_LIMIT = 200_000;
/** Query tokens whose comparisons are kept: each holds one entry per alias token it met. */
const COMPARISON_CACHE_LIMIT = 20_000;
export const NONE: readonly number[] = [];
const NO_IDS: readonly string[] = [];
/** The flag of a word that makes candidates (see `AsciiWordTable.scan`). */
const MAKES_CANDIDATES = 1;

/**
 * Compiles the parties once into a blocking index of their words (see `WordIndex`). Only records
 * that share an anchor with the query, exactly or within the allowed edits, are scored, with the
 * same scorer as `createNaiveScreener` (naive-screener.ts); people only when two of the query's words reach them.
 * @example createScreeningIndex(collectParties(pack)).screen({ names: [{ on: 'supplier', value: 'ZAO Laboratoriya Kasperskogo' }] })
 */
export function createScreeningIndex(parties: readonly Party[]): Screener {
  const records = compileAliases(parties);
  // Anchors make candidates; every alias word counts towards a person's two names (see `RowCandidates`).
  const anchors = new WordIndex();
  const words = new WordIndex();
  records.forEach((record, i) => {
    const anchor = record.tokens.filter((t) => t.anchor);
    anchors.add(
      i,
      anchor.map((t) => t.key),
      anchor.flatMap((t) => [t.key, t.surface]),
    );
    const strong = record.tokens.filter((t) => !t.weak);
    words.add(
      i,
      record.tokens.map((t) => t.key),
      strong.flatMap((t) => [t.key, t.surface]),
    );
  });
  anchors.seal();
  words.seal();

  /** Records a token can make candidates, and records with any word the token compares with. */
  function listsOfToken(t: Token): WordLists {
    return {
      token: t,
      candidates: lookup(anchors, t),
      reach: lookup(words, t),
      exact: words.exact(t.key),
      seen: 0,
    };
  }
  const byAsciiWord = new AsciiWordTable(
    (word) => listsOfToken(wordToken(word)),
    (lists) => (lists.candidates.length ? MAKES_CANDIDATES : 0),
  );
  const byToken = new Map<Token, WordLists>();
  const row = new RowCandidates(records);
  // Query tokens are shared objects (see tokenize's cache) and alias tokens fixed: their comparisons repeat.
  const comparisons = new Map<Token, Map<Token, ReturnType<typeof compareTokens> | null>>();
  function compareCached(q: Token, a: Token): ReturnType<typeof compareTokens> {
    let byAlias = comparisons.get(q);
    if (!byAlias) {
      if (comparisons.size >= COMPARISON_CACHE_LIMIT) comparisons.clear();
      comparisons.set(q, (byAlias = new Map()));
    }
    let c = byAlias.get(a);
    if (c === undefined) byAlias.set(a, (c = compareTokens(q, a) ?? null));
    return c ?? undefined;
  }
  const shapes = shapeIds(records);
  const registrations = indexRegistrations(parties);
  // Screening is synchronous: one row's candidates at a time, and most rows allocate nothing.
  function candidatesFor(name: string): RowMatch {
    // Most rows end here: none of their words makes a candidate.
    const flags = byAsciiWord.scan(name);
    if (flags === 0) return NO_MATCH;
    row.begin();
    if (flags > 0) {
      const { found, count } = byAsciiWord;
      for (let w = 0; w < count; w++) row.add(found[w]!);
    } else {
      for (const token of tokenizeWords(name)) {
        let lists = byToken.get(token);
        if (!lists) {
          if (byToken.size >= CACHE_LIMIT) byToken.clear();
          byToken.set(token, (lists = listsOfToken(token)));
        }
        row.add(lists);
      }
    }
    return row.candidates();
  }
  function alignerFor(tokens: readonly Token[]): Aligner {
    const byShape = new Map<number, Alignment | undefined>();
    return (r) => {
      const shape = shapes[r]!;
      if (byShape.has(shape)) return byShape.get(shape);
      const alignment = alignAlias(tokens, records[r]!, compareCached);
      byShape.set(shape, alignment);
      return alignment;
    };
  }
  return {
    parties,
    records,
    mayHit(evidence) {
      // The test `screen` starts with: what it returns early for is false here.
      if (!records.length) return false;
      if (evidence.registrations?.length) return true;
      for (const name of evidence.names) if (candidatesFor(name.value).records.length) return true;
      return false;
    },
    screen(evidence) {
      // Candidates come from the words before legal forms are dropped (a superset).
      const { names } = evidence;
      let candidatesOf: RowMatch[] | undefined;
      for (let n = 0; n < names.length; n++) {
        const found = candidatesFor(names[n]!.value);
        if (!found.records.length) continue;
        candidatesOf ??= new Array<RowMatch>(names.length).fill(NO_MATCH);
        candidatesOf[n] = found;
      }
      if (!candidatesOf && !evidence.registrations?.length) return undefined;
      return screenWith(parties, records, evidence, candidatesOf, registrations, alignerFor);
    },
  };
}

/** How a name's alignment with each alias record is computed. */
export type Aligner = (record: number) => Alignment | undefined;

/** Records whose alignment with any name is the same get the same id (see `alignAlias`). */
function shapeIds(records: readonly AliasRecord[]): number[] {
  const ids = new Map<string, number>();
  return records.map((r) => {
    const tokens = r.tokens.map((t) => [t.key, t.surface, t.weak, t.weight, t.anchor, t.role]);
    const key = JSON.stringify([tokens, r.weight, r.person, r.partial, r.hasPatronymic]);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
}

/**
 * The best hit of a record: each name scored against its candidate records (`candidatesOf`, by
 * name; none when no name has any), and the registration ids against the parties'.
 */
export function screenWith(
  parties: readonly Party[],
  records: readonly AliasRecord[],
  evidence: ScreeningEvidence,
  candidatesOf: readonly RowMatch[] | undefined,
  registrations: Map<string, number[]>,
  alignerFor: (tokens: readonly Token[]) => Aligner,
): ScreeningHit | undefined {
  const { names } = evidence;
  let countryCode: string | undefined | null = null;
  const supportCache = new Map<number, Support>();
  const supportOf = (p: number) => {
    let s = supportCache.get(p);
    if (countryCode === null) countryCode = toCountryCode(evidence.country);
    if (!s) supportCache.set(p, (s = compareEvidence(parties[p]!, evidence, countryCode)));
    return s;
  };
  let best: Candidate | undefined;
  for (let n = 0; candidatesOf && n < names.length; n++) {
    const { records: found, approximateOnly, tokens: words } = candidatesOf[n]!;
    const candidates =
      approximateOnly.length && APPROXIMATE_ALONE_BELOW_REVIEW
        ? found.filter((r) => !approximateOnly.includes(r) || corroborates(supportOf(records[r]!.party)))
        : found;
    if (!candidates.length) continue;
    const name = names[n]!;
    const { tokens, legalForms, legalFormKeys } = words ? withoutLegalForms(words) : tokenizeName(name.value);
    if (!tokens.length) continue;
    const align = alignerFor(tokens);
    for (const r of candidates) {
      const record = records[r]!;
      const alignment = align(r);
      if (!alignment) continue;
      const support = supportOf(record.party);
      let score = alignmentScore(alignment, record, support);
      if (support.registration) score = Math.max(score, REGISTRATION_SCORE);
      // Below the review threshold a candidate cannot be the hit, and one that does not outrank
      // the best so far is not built: most are ranked on these numbers alone.
      if (score < SCREENING_THRESHOLDS.review || (best && score < best.score)) continue;
      const sameLegalForm = legalFormKeys.filter((k) => record.legalFormKeys.includes(k)).length;
      if (
        best &&
        !isBetter({ score, sameLegalForm, partyIndex: record.party, recordIndex: r }, best, parties)
      )
        continue;
      const scored = scoreAlignment(alignment, record, support);
      scored.score = score;
      best = {
        score,
        sameLegalForm,
        partyIndex: record.party,
        recordIndex: r,
        name,
        legalForms,
        scored,
        support,
      };
    }
  }
  for (const id of evidence.registrations ?? NO_IDS) {
    for (const p of registrations.get(normalizeRegistration(id)) ?? []) {
      const recordIndex = records.findIndex((r) => r.party === p);
      if (recordIndex < 0) continue;
      const record = records[recordIndex]!;
      const scored = {
        record,
        score: REGISTRATION_SCORE,
        pairs: [],
        extra: [],
        missing: record.tokens,
        notes: ['registration id matches'],
      };
      const name = evidence.names[0] ?? { on: 'supplier' as const, value: id };
      const candidate = {
        score: REGISTRATION_SCORE,
        sameLegalForm: 0,
        partyIndex: p,
        recordIndex,
        name,
        legalForms: [],
        scored,
        support: supportOf(p),
      };
      if (isBetter(candidate, best, parties)) best = candidate;
    }
  }
  return best && toHit(best, parties);
}

export function indexRegistrations(parties: readonly Party[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  parties.forEach((party, p) => {
    for (const id of party.registrations) {
      const key = normalizeRegistration(id);
      if (key) map.set(key, [...(map.get(key) ?? []), p]);
    }
  });
  return map;
}

/** What one query word reaches in the index; `seen` marks the row that last counted it. */
interface WordLists {
  token: Token;
  /** Records the word makes candidates through an anchor. */
  candidates: readonly number[];
  /** Records with any word the query word compares with (see `compareTokens`). */
  reach: readonly number[];
  /** Records with a word of the same key: the word can match them without an edit. */
  exact: readonly number[];
  seen: number;
}

/** The records a name is scored against. */
export interface RowMatch {
  records: readonly number[];
  /**
   * Those of `records` that only one of the name's words reaches, and only approximately: scored
   * only when the record's other attributes corroborate (see `APPROXIMATE_ALONE_BELOW_REVIEW`).
   */
  approximateOnly: readonly number[];
  /** The name's tokens before legal forms are dropped, where the screener has already read them. */
  tokens?: readonly Token[];
}

const NO_MATCH: RowMatch = { records: NONE, approximateOnly: NONE };

/**
 * The candidates of one row's distinct words, less those the words cannot align: a record no word
 * reaches, and a person fewer than two words reach (a person is matched on two names, see
 * `alignAlias`). Most rows then need no tokenising at all. Records one word reaches only
 * approximately are marked, to be scored only where the row's attributes corroborate them.
 */
class RowCandidates {
  private readonly person: Uint8Array;
  private readonly stamp: Int32Array;
  private readonly count: Int32Array;
  private readonly exactStamp: Int32Array;
  /** The row's tokens, every word as it comes; `words` holds the distinct ones that reach a record. */
  private readonly tokens: Token[] = [];
  private length = 0;
  private readonly words: WordLists[] = [];
  private size = 0;
  private withCandidates = 0;
  private row = 0;

  constructor(records: readonly AliasRecord[]) {
    this.person = Uint8Array.from(records, (r) => (r.person ? 1 : 0));
    this.stamp = new Int32Array(records.length);
    this.count = new Int32Array(records.length);
    this.exactStamp = new Int32Array(records.length);
  }

  begin(): void {
    this.row++;
    this.length = 0;
    this.size = 0;
    this.withCandidates = 0;
  }

  add(word: WordLists): void {
    this.tokens[this.length++] = word.token;
    // A repeated word is one query token: it cannot pair twice.
    if (!word.reach.length || word.seen === this.row) return;
    word.seen = this.row;
    this.words[this.size++] = word;
    if (word.candidates.length) this.withCandidates++;
  }

  candidates(): RowMatch {
    if (!this.withCandidates) return NO_MATCH;
    const { stamp, count, exactStamp, row, person, words, size } = this;
    for (let w = 0; w < size; w++) {
      const lists = words[w]!;
      for (const r of lists.reach) {
        if (stamp[r] === row) count[r]!++;
        else {
          stamp[r] = row;
          count[r] = 1;
        }
      }
      for (const r of lists.exact) exactStamp[r] = row;
    }
    // How many of the words can pair with a record: none cannot align it, one cannot make a person.
    let kept: number[] | undefined;
    for (let w = 0; w < size; w++) {
      for (const r of words[w]!.candidates) {
        const reached = stamp[r] === row ? count[r]! : 0;
        if (reached >= (person[r] ? 2 : 1)) (kept ??= []).push(r);
      }
    }
    if (!kept) return NO_MATCH;
    const records = this.withCandidates === 1 ? kept : sortedUnion([kept]);
    const approximateOnly = records.filter((r) => count[r] === 1 && exactStamp[r] !== row);
    return {
      records,
      approximateOnly: approximateOnly.length ? approximateOnly : NONE,
      tokens: this.tokens.slice(0, this.length),
    };
  }
}

/** Records matching a token's key exactly, or (unless the token is generic) within the edits. */
function lookup(index: WordIndex, t: Token): readonly number[] {
  const exact = index.exact(t.key);
  if (t.weak) return exact;
  const near = index.near(t.key);
  const nearSurface = t.surface === t.key ? NONE : index.near(t.surface);
  if (!near.length && !nearSurface.length) return exact;
  return sortedUnion([exact, near, nearSurface]);
}
