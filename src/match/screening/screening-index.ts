import { compileAliases, type AliasRecord } from './alias-records.js';
import { allowedEdits, restrictedDamerau } from './distance.js';
import type { Party } from './parties.js';
import { alignAlias, compareTokens, scoreAlignment, type Alignment, type Support } from './score.js';
import { isBetter, toHit, type Candidate, type ScreeningHit } from './screening-hit.js';
import { AsciiWordTable, scanAsciiWords } from './word-table.js';
import { compareEvidence, normalizeRegistration, toCountryCode, type ScreeningEvidence } from './support.js';
import { tokenizeName, tokenizeWords, wordToken, type Token } from './tokenize.js';

export interface Screener {
  /** The best covered party for a record, at or above the review threshold. */
  screen(evidence: ScreeningEvidence): ScreeningHit | undefined;
  readonly parties: readonly Party[];
  readonly records: readonly AliasRecord[];
}

/** A registration id match decides whatever the names say. */
const REGISTRATION_SCORE = 0.99;
const CACHE_LIMIT = 200_000;
/** Query tokens whose comparisons are kept: each holds one entry per alias token it met. */
const COMPARISON_CACHE_LIMIT = 20_000;
const NONE: readonly number[] = [];
const NO_IDS: readonly string[] = [];

/**
 * Compiles the parties once into a blocking index: exact anchor words in a map, and approximate
 * ones found through shared character bigrams (a word within k edits keeps all but 3k of the
 * other's distinct bigrams, so the filter never loses a match). Only records that share an anchor
 * with the query are scored, with the same scorer as `createNaiveScreener`.
 * @example createScreeningIndex(collectParties(pack)).screen({ names: [{ on: 'supplier', value: 'ZAO Laboratoriya Kasperskogo' }] })
 */
export function createScreeningIndex(parties: readonly Party[]): Screener {
  const records = compileAliases(parties);
  const byAnchor = new Map<string, number[]>();
  // Approximate matches are looked for among anchor keys and anchor words as written (see compareTokens).
  const byWord = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, word: string, i: number) => {
    const list = map.get(word) ?? [];
    if (!list.includes(i)) list.push(i);
    map.set(word, list);
  };
  records.forEach((record, i) => {
    for (const t of record.tokens) {
      if (!t.anchor) continue;
      add(byAnchor, t.key, i);
      add(byWord, t.key, i);
      add(byWord, t.surface, i);
    }
  });
  const vocabulary = [...byWord.keys()];
  const bigramsOf = vocabulary.map((k) => distinctBigrams(k));
  const byBigram = new Map<string, number[]>();
  bigramsOf.forEach((grams, v) => {
    for (const g of grams) byBigram.set(g, [...(byBigram.get(g) ?? []), v]);
  });
  const counts = new Int32Array(vocabulary.length);
  const fuzzyCache = new Map<string, readonly number[]>();

  /** Records with an anchor (key or word) within the allowed edits of `key` but not equal to it. */
  function approximate(key: string): readonly number[] {
    const cached = fuzzyCache.get(key);
    if (cached) return cached;
    const found: number[] = [];
    const k = allowedEdits(key.length);
    if (k > 0) {
      counts.fill(0);
      for (const g of distinctBigrams(key)) for (const v of byBigram.get(g) ?? []) counts[v]!++;
      for (let v = 0; v < vocabulary.length; v++) {
        const word = vocabulary[v]!;
        const pairK = allowedEdits(Math.min(key.length, word.length));
        if (pairK === 0 || word === key || Math.abs(word.length - key.length) > pairK) continue;
        if (counts[v]! < bigramsOf[v]!.size - 3 * pairK) continue;
        if (restrictedDamerau(key, word, pairK) <= pairK) found.push(...byWord.get(word)!);
      }
    }
    const sorted = sortedUnion([found]);
    if (fuzzyCache.size >= CACHE_LIMIT) fuzzyCache.clear();
    fuzzyCache.set(key, sorted);
    return sorted;
  }

  /** Records a token can make candidates: its anchor key exactly, or (unless weak) within the edits. */
  function candidatesOfToken(t: Token): readonly number[] {
    const exact = byAnchor.get(t.key) ?? NONE;
    if (t.weak) return exact;
    const near = approximate(t.key);
    const nearSurface = t.surface === t.key ? NONE : approximate(t.surface);
    if (!near.length && !nearSurface.length) return exact;
    return sortedUnion([exact, near, nearSurface]);
  }
  const byAsciiWord = new AsciiWordTable((word) => candidatesOfToken(wordToken(word)));
  const lists: (readonly number[])[] = [];
  let scanned = '';
  const visitWord = (start: number, end: number, hash: number) => {
    const list = byAsciiWord.lookup(scanned, start, end, hash);
    if (list.length) lists.push(list);
  };

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
  return {
    parties,
    records,
    screen(evidence) {
      return screenWith(parties, records, evidence, registrations, {
        candidatesFor(name) {
          // One visitor and one list for every row (screening is synchronous): most rows allocate nothing.
          scanned = name;
          lists.length = 0;
          if (!scanAsciiWords(name, visitWord)) {
            lists.length = 0;
            for (const token of tokenizeWords(name)) {
              const list = candidatesOfToken(token);
              if (list.length) lists.push(list);
            }
          }
          return lists.length <= 1 ? (lists[0] ?? NONE) : sortedUnion(lists);
        },
        alignerFor(tokens) {
          const byShape = new Map<number, Alignment | undefined>();
          return (r) => {
            const shape = shapes[r]!;
            if (byShape.has(shape)) return byShape.get(shape);
            const alignment = alignAlias(tokens, records[r]!, compareCached);
            byShape.set(shape, alignment);
            return alignment;
          };
        },
      });
    },
  };
}

/**
 * Scores every record against every name: the reference the index must agree with, and the
 * baseline of the benchmark.
 */
export function createNaiveScreener(parties: readonly Party[]): Screener {
  const records = compileAliases(parties);
  const all = records.map((_, i) => i);
  const registrations = indexRegistrations(parties);
  return {
    parties,
    records,
    screen: (evidence) =>
      screenWith(parties, records, evidence, registrations, {
        candidatesFor: () => all,
        alignerFor: (tokens) => (r) => alignAlias(tokens, records[r]!),
      }),
  };
}

/** Which alias records a name is scored against, and how its alignments are computed. */
interface Strategy {
  candidatesFor(name: string): readonly number[];
  alignerFor(tokens: readonly Token[]): (record: number) => Alignment | undefined;
}

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

function screenWith(
  parties: readonly Party[],
  records: readonly AliasRecord[],
  evidence: ScreeningEvidence,
  registrations: Map<string, number[]>,
  strategy: Strategy,
): ScreeningHit | undefined {
  // Candidates come from the words before legal forms are dropped (a superset): most rows stop here.
  const candidatesOf = evidence.names.map((name) => strategy.candidatesFor(name.value));
  if (!evidence.registrations?.length && candidatesOf.every((c) => !c.length)) return undefined;
  let countryCode: string | undefined | null = null;
  const supportCache = new Map<number, Support>();
  const supportOf = (p: number) => {
    let s = supportCache.get(p);
    if (countryCode === null) countryCode = toCountryCode(evidence.country);
    if (!s) supportCache.set(p, (s = compareEvidence(parties[p]!, evidence, countryCode)));
    return s;
  };
  let best: Candidate | undefined;
  for (const [n, name] of evidence.names.entries()) {
    const candidates = candidatesOf[n]!;
    if (!candidates.length) continue;
    const { tokens, legalForms, legalFormKeys } = tokenizeName(name.value);
    if (!tokens.length) continue;
    const align = strategy.alignerFor(tokens);
    for (const r of candidates) {
      const record = records[r]!;
      const alignment = align(r);
      if (!alignment) continue;
      const support = supportOf(record.party);
      const scored = scoreAlignment(alignment, record, support);
      if (support.registration) scored.score = Math.max(scored.score, REGISTRATION_SCORE);
      const sameLegalForm = legalFormKeys.filter((k) => record.legalFormKeys.includes(k)).length;
      const candidate = {
        partyIndex: record.party,
        recordIndex: r,
        name,
        legalForms,
        sameLegalForm,
        scored,
        support,
      };
      if (isBetter(candidate, best, parties)) best = candidate;
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
        partyIndex: p,
        recordIndex,
        name,
        legalForms: [],
        sameLegalForm: 0,
        scored,
        support: supportOf(p),
      };
      if (isBetter(candidate, best, parties)) best = candidate;
    }
  }
  return best && toHit(best, parties);
}

function indexRegistrations(parties: readonly Party[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  parties.forEach((party, p) => {
    for (const id of party.registrations) {
      const key = normalizeRegistration(id);
      if (key) map.set(key, [...(map.get(key) ?? []), p]);
    }
  });
  return map;
}

function sortedUnion(lists: readonly (readonly number[])[]): readonly number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

function distinctBigrams(word: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) grams.add(word.slice(i, i + 2));
  return grams;
}
