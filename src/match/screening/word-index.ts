import { allowedEdits, restrictedDamerau } from './distance.js';

const CACHE_LIMIT = 200_000;
const NONE: readonly number[] = [];

/**
 * Alias words and the records that hold them, searched exactly or within the allowed edits.
 * Approximate search goes through shared character bigrams: a word within k edits keeps all but
 * 3k of the other's distinct bigrams, so the filter never loses a match.
 */
export class WordIndex {
  private readonly exactly = new Map<string, number[]>();
  private readonly byWord = new Map<string, number[]>();
  private vocabulary: string[] = [];
  private bigramsOf: Set<string>[] = [];
  private readonly byBigram = new Map<string, number[]>();
  private counts = new Int32Array(0);
  private readonly cache = new Map<string, readonly number[]>();

  /**
   * `exact` words are found only as they are; `fuzzy` ones also within the allowed edits.
   * Call `seal` once every word is added.
   */
  add(record: number, exact: readonly string[], fuzzy: readonly string[]): void {
    for (const word of exact) addTo(this.exactly, word, record);
    for (const word of fuzzy) addTo(this.byWord, word, record);
  }

  seal(): this {
    this.vocabulary = [...this.byWord.keys()];
    this.bigramsOf = this.vocabulary.map(distinctBigrams);
    this.bigramsOf.forEach((grams, v) => {
      for (const g of grams) addTo(this.byBigram, g, v);
    });
    this.counts = new Int32Array(this.vocabulary.length);
    return this;
  }

  /** Records holding `word` as an exact word. */
  exact(word: string): readonly number[] {
    return this.exactly.get(word) ?? NONE;
  }

  /** Records with a fuzzy word within the allowed edits of `word` but not equal to it, ascending. */
  near(word: string): readonly number[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const found: number[] = [];
    if (allowedEdits(word.length) > 0) {
      const { counts, vocabulary, bigramsOf } = this;
      counts.fill(0);
      for (const g of distinctBigrams(word)) for (const v of this.byBigram.get(g) ?? NONE) counts[v]!++;
      for (let v = 0; v < vocabulary.length; v++) {
        const other = vocabulary[v]!;
        const k = allowedEdits(Math.min(word.length, other.length));
        if (k === 0 || other === word || Math.abs(other.length - word.length) > k) continue;
        if (counts[v]! < bigramsOf[v]!.size - 3 * k) continue;
        if (restrictedDamerau(word, other, k) <= k) found.push(...this.byWord.get(other)!);
      }
    }
    const sorted = sortedUnion([found]);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, sorted);
    return sorted;
  }
}

function addTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

export function sortedUnion(lists: readonly (readonly number[])[]): readonly number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

function distinctBigrams(word: string): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 1 < word.length; i++) grams.add(word.slice(i, i + 2));
  return grams;
}
