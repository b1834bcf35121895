/**
 * A memo from the lower-cased ASCII words of names to values, read straight from a name's
 * characters. Each character is read once: the scan packs the word's folded characters four to an
 * int as it goes, so a word seen before costs one probe and a comparison of one or two ints, with
 * no substring, lower-casing or string hashing. Screening a vendor master is mostly this scan.
 */
export class AsciiWordTable<V> {
  /** The values of the words of the name last scanned, in order: the first `count` of them. */
  readonly found: V[] = [];
  private words = 0;

  private values: V[] = [];
  private flags = new Uint8Array(0);
  /** Per slot: where the word's packed ints start in `pool`, or -1 for an empty slot. */
  private offsets = new Int32Array(0);
  private hashes = new Int32Array(0);
  private mask = 0;
  private size = 0;
  private pool = new Int32Array(1 << 12);
  private poolSize = 0;
  /** The packed ints of the word being scanned, all but the last (partial) one. */
  private packed = new Int32Array(16);

  /** How many words the name last scanned had. */
  get count(): number {
    return this.words;
  }

  /**
   * `compute` gives the value of a word (lower-cased) the first time it is seen, `flagOf` the
   * flags (0-255) that `scan` combines over a name's words; `limit` bounds the words kept.
   */
  constructor(
    private readonly compute: (word: string) => V,
    private readonly flagOf: (value: V) => number,
    private readonly limit = 200_000,
  ) {
    this.reset(1 << 10);
  }

  /**
   * Looks up each word of `raw` as `asciiWords` splits it (letters and digits, camelCase parts
   * apart) into `found`, and returns the OR of their flags. Returns -1, having looked up only a
   * prefix, when the name needs `asciiWords` or Unicode folding instead: a character outside
   * printable ASCII, or an apostrophe (which joins the parts around it).
   */
  scan(raw: string): number {
    let flags = 0;
    this.words = 0;
    const end = raw.length;
    let i = 0;
    while (i < end) {
      let c = raw.charCodeAt(i);
      let kind = c < 0x80 ? KIND[c]! : OTHER;
      if (kind < DIGIT) {
        if (kind === OTHER) return -1;
        i++;
        continue;
      }
      // One word: each character is read once, and packed as it is read.
      const start = i;
      let last = 0;
      let length = 0;
      for (;;) {
        // Letters and digits all have 0x20 set in lower case: one OR folds the case.
        last = (last << 8) | c | 0x20;
        if ((++length & 3) === 0) {
          this.pushPacked(length, last);
          last = 0;
        }
        const lower = kind === LOWER;
        if (++i === end) break;
        c = raw.charCodeAt(i);
        kind = c < 0x80 ? KIND[c]! : OTHER;
        // An upper-case letter between lower-case ones starts a camelCase part.
        if (kind < DIGIT || (kind === UPPER && lower && isLower(raw.charCodeAt(i + 1)))) break;
      }
      // The word's slot: a hash of its packed ints, then one probe. Written out here rather than
      // called, so that the whole scan is one function to the compiler.
      const full = length >> 2;
      const { packed } = this;
      let hash = length;
      for (let j = 0; j < full; j++) hash = Math.imul(hash ^ packed[j]!, HASH_PRIME);
      hash = Math.imul(hash ^ last, HASH_PRIME);
      hash ^= hash >>> 15;
      let slot = hash & this.mask;
      for (let at = this.offsets[slot]!; at >= 0; at = this.offsets[slot]!) {
        if (this.hashes[slot] === hash && this.samePacked(at, full, last)) break;
        slot = (slot + 1) & this.mask;
      }
      if (this.offsets[slot]! < 0) slot = this.add(raw.slice(start, i).toLowerCase(), hash, full, last);
      this.found[this.words++] = this.values[slot]!;
      flags |= this.flags[slot]!;
      if (kind === OTHER) return -1;
      if (kind === SEPARATOR) i++;
    }
    return flags;
  }

  private pushPacked(length: number, int: number): void {
    const k = (length >> 2) - 1;
    if (k === this.packed.length) this.packed = grown(this.packed, k + 1);
    this.packed[k] = int;
  }

  /** A word not seen before: its value computed and kept. */
  private add(word: string, hash: number, full: number, last: number): number {
    const value = this.compute(word);
    if (this.size >= this.limit) this.reset(this.offsets.length);
    else if (2 * (this.size + 1) > this.offsets.length) this.grow();
    return this.insert(hash, this.storePacked(full, last), value, this.flagOf(value));
  }

  /**
   * Every character packs as a non-zero byte, so equal ints are equal words: the last, partial int
   * tells the lengths apart too.
   */
  private samePacked(at: number, full: number, last: number): boolean {
    const { pool, packed } = this;
    for (let j = 0; j < full; j++) if (pool[at + j] !== packed[j]) return false;
    return pool[at + full] === last;
  }

  private storePacked(full: number, last: number): number {
    const at = this.poolSize;
    if (at + full + 1 > this.pool.length) this.pool = grown(this.pool, at + full + 1);
    this.pool.set(this.packed.subarray(0, full), at);
    this.pool[at + full] = last;
    this.poolSize += full + 1;
    return at;
  }

  private insert(hash: number, at: number, value: V, flags: number): number {
    let slot = hash & this.mask;
    while (this.offsets[slot]! >= 0) slot = (slot + 1) & this.mask;
    this.offsets[slot] = at;
    this.hashes[slot] = hash;
    this.values[slot] = value;
    this.flags[slot] = flags;
    this.size++;
    return slot;
  }

  private grow(): void {
    const { offsets, hashes, values, flags, pool, poolSize } = this;
    this.reset(offsets.length * 2);
    this.pool = pool;
    this.poolSize = poolSize;
    offsets.forEach((at, slot) => {
      if (at >= 0) this.insert(hashes[slot]!, at, values[slot]!, flags[slot]!);
    });
  }

  private reset(capacity: number): void {
    this.offsets = new Int32Array(capacity).fill(-1);
    this.hashes = new Int32Array(capacity);
    this.values = new Array<V>(capacity);
    this.flags = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
    this.poolSize = 0;
  }
}

const HASH_PRIME = 0x01000193;

function grown(array: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(array.length * 2, atLeast));
  bigger.set(array);
  return bigger;
}

/** What `scan` makes of each ASCII character: apostrophes and controls end the scan. */
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
