/**
 * A memo from lower-cased ASCII words to values, looked up straight from a name's characters:
 * a word seen before costs its characters and one probe, with no substring, lower-casing or
 * string hashing. Screening a vendor master is mostly this lookup (see `scanAsciiWords`).
 */
export class AsciiWordTable<V> {
  private words: (string | undefined)[] = [];
  private values: V[] = [];
  private hashes = new Int32Array(0);
  private mask = 0;
  private size = 0;

  /** `compute` gives the value of a word the first time it is seen; `limit` bounds the words kept. */
  constructor(
    private readonly compute: (word: string) => V,
    private readonly limit = 200_000,
  ) {
    this.reset(1 << 10);
  }

  /**
   * The value of `raw.slice(start, end)` lower-cased: a word as `scanAsciiWords` found it (ASCII
   * letters and digits only), with the hash it gave.
   */
  lookup(raw: string, start: number, end: number, hash: number): V {
    let slot = hash & this.mask;
    for (let word = this.words[slot]; word !== undefined; word = this.words[slot]) {
      if (this.hashes[slot] === hash && sameLowerCase(word, raw, start, end)) return this.values[slot]!;
      slot = (slot + 1) & this.mask;
    }
    const word = raw.slice(start, end).toLowerCase();
    const value = this.compute(word);
    if (this.size >= this.limit) this.reset(this.words.length);
    else if (2 * (this.size + 1) > this.words.length) this.grow();
    this.insert(word, hash, value);
    return value;
  }

  private insert(word: string, hash: number, value: V): void {
    let slot = hash & this.mask;
    while (this.words[slot] !== undefined) slot = (slot + 1) & this.mask;
    this.words[slot] = word;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.size++;
  }

  private grow(): void {
    const { words, hashes, values } = this;
    this.reset(words.length * 2);
    words.forEach((word, slot) => {
      if (word !== undefined) this.insert(word, hashes[slot]!, values[slot]!);
    });
  }

  private reset(capacity: number): void {
    this.words = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V>(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Calls `visit(start, end, hash)` for each word of a name as `asciiWords` splits it (letters and
 * digits, camelCase parts apart), with the FNV-1a hash of the word lower-cased. Returns false,
 * having visited only a prefix, when the name needs `asciiWords` or Unicode folding instead:
 * a character outside printable ASCII, or an apostrophe (which joins the parts around it).
 */
export function scanAsciiWords(
  raw: string,
  visit: (start: number, end: number, hash: number) => void,
): boolean {
  let start = -1;
  let hash = FNV_OFFSET;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    const kind = c < 0x80 ? KIND[c]! : OTHER;
    if (kind >= DIGIT) {
      if (start >= 0 && kind === UPPER && isLower(raw.charCodeAt(i - 1)) && isLower(raw.charCodeAt(i + 1))) {
        visit(start, i, hash);
        start = -1;
      }
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
      }
      // Letters and digits all have 0x20 set in lower case: one OR folds the case.
      hash = Math.imul(hash ^ (c | 0x20), FNV_PRIME);
      continue;
    }
    if (kind === OTHER) return false;
    if (start >= 0) visit(start, i, hash);
    start = -1;
  }
  if (start >= 0) visit(start, raw.length, hash);
  return true;
}

/** What `scanAsciiWords` makes of each ASCII character: apostrophes and controls end the scan. */
const OTHER = 0;
const SEPARATOR = 1;
const DIGIT = 2;
const LOWER = 3;
const UPPER = 4;
const KIND = new Uint8Array(0x80).map((_, c) =>
  c >= 0x30 && c <= 0x39
    ? DIGIT
    : c >= 0x61 && c <= 0x7a
      ? LOWER
      : c >= 0x41 && c <= 0x5a
        ? UPPER
        : c < 0x20 || c === 0x27 || c === 0x60 || c === 0x7f
          ? OTHER
          : SEPARATOR,
);

const isLower = (c: number) => c >= 0x61 && c <= 0x7a;

/** `raw.slice(start, end)` holds only letters and digits (see `scanAsciiWords`). */
function sameLowerCase(word: string, raw: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++)
    if ((raw.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}
