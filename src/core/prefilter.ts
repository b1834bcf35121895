/**
 * A cheap test on raw input before parsing: false means no catalog identifier can be in the chunk.
 *
 * Every needle is searched case-insensitively in the raw bytes (no decoding). The scan reads two
 * bytes at every even offset, folds them (b | 0x20: ASCII case, and a harmless widening for other
 * bytes) and looks the pair up in a 64K table. A needle occurrence always covers an even offset at
 * one of two adjacent positions inside the needle, so each needle registers the two bigrams of its
 * rarest adjacent pair; only table hits are verified byte by byte. This runs at several hundred MB/s
 * in plain JavaScript where a regular expression with a hundred alternatives manages about 120.
 */
export function createPrefilter(
  needles: readonly string[],
  options: { directBytes?: number } = {},
): (chunk: string | Buffer) => boolean {
  // Folding handles ASCII case; other scripts' upper and lower case can differ in more than one
  // bit (Cyrillic "С" is D0 A1, "с" is D1 81), so each case of a non-ASCII needle is a needle.
  const variants = [...new Set(needles.flatMap(caseVariants))];
  const usable = variants.map((n) => fold(Buffer.from(n, 'utf8')));
  if (!usable.length || usable.some((n) => n.length < 3)) return () => true;
  const usableText = usable.map(latin1);
  // Building the scanner (its tables, their warm-up) costs about 10 ms, most of the start-up of a
  // scan of one small file: the first bytes are searched needle by needle instead, which answers
  // exactly the same, and the scanner is built once the input turns out to be large.
  let direct = options.directBytes ?? DIRECT_BYTES;
  let scanner: ReturnType<typeof createScanner> | undefined;
  // Which pairs are common depends on the input more than on English: in an osquery log "l_" (of
  // install_location) and "ho" (of hostIdentifier) are in every line, and a needle registered on
  // them was verified at 15% of all words. The first big chunk seen re-picks each needle's pairs by
  // their counts in it; any choice finds every needle, so only the speed depends on it.
  let calibrated = false;
  return (chunk) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!scanner && buf.length <= direct) {
      direct -= buf.length;
      return containsFolded(buf, usableText);
    }
    scanner ??= createScanner(usable);
    if (!calibrated && buf.length >= CALIBRATION_BYTES) {
      calibrated = true;
      const counts = countPairs(buf.subarray(0, CALIBRATION_BYTES));
      scanner.register((needle) => rarestPair(needle, counts));
    }
    return scanner.scan(buf);
  };
}

/** Bytes searched needle by needle before the scanner is built: a small file, or a few records. */
const DIRECT_BYTES = 64 * 1024;

let foldedScratch = Buffer.alloc(0);

/**
 * What the scanner answers, the slow way: some folded needle occurs in the folded bytes. Compared
 * as latin1 strings (one character per byte, so the same answer): `String#includes` stays in the
 * engine, where `Buffer#indexOf` crosses into C++ per needle, 4 ms of a small scan's rows.
 */
function containsFolded(buf: Uint8Array, usable: readonly string[]): boolean {
  if (foldedScratch.length < buf.length) foldedScratch = Buffer.alloc(Math.max(buf.length, 4096));
  for (let i = 0; i < buf.length; i++) foldedScratch[i] = buf[i]! | 0x20;
  const folded = foldedScratch.toString('latin1', 0, buf.length);
  return usable.some((needle) => folded.includes(needle));
}

const latin1 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');

/** Calls of a new scanner on small buffers, past V8's lazy feedback allocation. */
const WARM_CALLS = 24;

/** The bytes of the chunk the pairs are re-picked by (about a millisecond of counting). */
const CALIBRATION_BYTES = 256 * 1024;

/** How often each folded byte pair occurs in `buf`, indexed (first << 8) | second. */
function countPairs(buf: Uint8Array): Uint32Array {
  const counts = new Uint32Array(65536);
  for (let i = 0; i + 1 < buf.length; i++) counts[((buf[i]! | 0x20) << 8) | (buf[i + 1]! | 0x20)]!++;
  return counts;
}

/**
 * The scan over raw bytes for folded needles, each registered at the pair `register` is told
 * (first the rough guess). Registering again refills the same tables: one closure stays, whose
 * tables the optimising compiler embeds as constants (a second scanner made the scan slower).
 */
function createScanner(usable: Uint8Array[]): {
  scan: (buf: Uint8Array) => boolean;
  register: (pick: (needle: Uint8Array) => number) => void;
} {
  // Indexed by the raw (unfolded) little-endian pair, so the hot loop does one load per two bytes.
  const table = new Uint8Array(65536);
  // The needles to verify, by raw pair: a hit costs one array read, no folding or map lookup.
  const candidates: { needle: Uint8Array; offset: number }[][] = [];
  // The folded three-byte windows around every registered pair, as a 2^24-bit set. A pair in the
  // table is verified only when the byte after it or the one before it also fits a needle: in
  // inventories and logs the pairs of short needles ("is" of "kis", "es" of "kess") are common,
  // the windows around them are not, and verifying every pair hit took a third of the scan.
  const windows = new Uint8Array(1 << 21);
  const addWindow = (a: number, b: number, c: number) => {
    const key = (a << 16) | (b << 8) | c;
    windows[key >>> 3]! |= 1 << (key & 7);
  };
  const register = (pick: (needle: Uint8Array) => number) => {
    table.fill(0);
    windows.fill(0);
    candidates.length = 0;
    for (const needle of usable) {
      const k = pick(needle);
      for (const offset of [k, k + 1]) {
        const bigram = needle[offset]! | (needle[offset + 1]! << 8);
        for (const raw of unfoldings(bigram)) {
          table[raw] = 1;
          (candidates[raw] ??= []).push({ needle, offset });
        }
        if (offset + 2 < needle.length) addWindow(needle[offset]!, needle[offset + 1]!, needle[offset + 2]!);
        if (offset >= 1) addWindow(needle[offset - 1]!, needle[offset]!, needle[offset + 1]!);
      }
    }
  };
  register(rarestPair);
  const hasWindow = (key: number) => (windows[key >>> 3]! & (1 << (key & 7))) !== 0;
  // A needle of three bytes or more that covers the pair at `at` covers the byte after it or the one
  // before it, inside the buffer: false here means no needle can be there.
  const around = (buf: Uint8Array, at: number): boolean => {
    const pair = ((buf[at]! | 0x20) << 8) | (buf[at + 1]! | 0x20);
    if (at + 2 < buf.length && hasWindow((pair << 8) | (buf[at + 2]! | 0x20))) return true;
    return at >= 1 && hasWindow(((buf[at - 1]! | 0x20) << 16) | pair);
  };
  const verify = (buf: Uint8Array, at: number, raw: number): boolean => {
    if (!around(buf, at)) return false;
    for (const { needle, offset } of candidates[raw]!) {
      const start = at - offset;
      if (start < 0 || start + needle.length > buf.length) continue;
      let j = 0;
      while (j < needle.length && (buf[start + j]! | 0x20) === needle[j]) j++;
      if (j === needle.length) return true;
    }
    return false;
  };
  const pairAt = (buf: Uint8Array, i: number): boolean => {
    if (i < 0 || i + 1 >= buf.length) return false;
    const raw = buf[i]! | (buf[i + 1]! << 8);
    return table[raw] === 1 && verify(buf, i, raw);
  };
  const scan = (buf: Uint8Array): boolean => {
    // Pairs at every even offset from an aligned start (any fixed parity works: an occurrence always
    // covers one of its needle's two registered pairs); one 32-bit load serves two pairs.
    const lead = (4 - (buf.byteOffset & 3)) & 3;
    if (!LITTLE_ENDIAN || buf.length < lead + 8) {
      for (let i = lead & 1; i + 1 < buf.length; i += 2) if (pairAt(buf, i)) return true;
      return false;
    }
    if (pairAt(buf, lead - 2)) return true;
    const words = new Uint32Array(buf.buffer, buf.byteOffset + lead, (buf.length - lead) >> 2);
    for (let j = 0; j < words.length; j++) {
      const w = words[j]!;
      // Nearly every word has neither pair in the table: one combined test per word, not two
      // branches (a fifth fewer instructions per byte under callgrind).
      if ((table[w & 0xffff]! | table[w >>> 16]!) === 0) continue;
      const low = w & 0xffff;
      const high = w >>> 16;
      if (table[low] === 1 && verify(buf, lead + 4 * j, low)) return true;
      if (table[high] === 1 && verify(buf, lead + 4 * j + 2, high)) return true;
    }
    const tail = lead + 4 * words.length;
    return pairAt(buf, tail) || pairAt(buf, tail + 2);
  };
  // Every path of `scan` runs here, before a long first chunk gets it compiled on the fly: code
  // with no type feedback yet (the tail after the loop, a verified hit) is compiled as a bailout,
  // and each later chunk then fell back to the interpreter (--trace-deopt), so the first 100 MiB
  // of a log ran at a third of full speed. V8 records feedback only from about the eighth call.
  // Buffers, as every caller passes: a Uint8Array here made the loads in the loop polymorphic.
  const quiet = Buffer.alloc(64);
  const hit = Buffer.alloc(64);
  hit.set(usable[0]!.subarray(0, 40), 17);
  for (let i = 0; i < WARM_CALLS; i++) scan(i & 1 ? hit : quiet);
  return { scan, register };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Every raw byte pair that folds to this pair (b | 0x20 == folded). */
function unfoldings(folded: number): number[] {
  const lows = unfoldByte(folded & 0xff);
  const highs = unfoldByte(folded >> 8);
  return lows.flatMap((lo) => highs.map((hi) => lo | (hi << 8)));
}

function unfoldByte(folded: number): number[] {
  return folded & 0x20 ? [folded, folded & ~0x20] : [];
}

function caseVariants(needle: string): string[] {
  if ([...needle].every((c) => c.charCodeAt(0) < 0x80)) return [needle];
  const lower = needle.toLowerCase();
  return [lower, needle.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1)];
}

function fold(bytes: Uint8Array): Uint8Array {
  return bytes.map((b) => b | 0x20);
}

// Rough frequency of a folded byte in inventories and logs: English letters by frequency, then the
// punctuation of paths and JSON (frequent), digits (middling) and non-ASCII bytes (rare).
const LETTERS_BY_FREQUENCY = 'etaoinsrhldcumfpgwybvkxjqz';
const PUNCTUATION = ' ."/\\:,-_{}';
// File extensions are everywhere in inventories: a needle's pair is taken from before its extension.
const EXTENSION = /\.[a-z0-9]{2,4}$/;
function weight(b: number): number {
  const c = String.fromCharCode(b);
  const letter = LETTERS_BY_FREQUENCY.indexOf(c);
  if (letter !== -1) return LETTERS_BY_FREQUENCY.length - letter;
  if (PUNCTUATION.includes(c)) return 20;
  if (b >= 0x30 && b <= 0x39) return 8;
  return 2;
}

/**
 * Offset k whose bigrams at k and k+1 are least frequent together: by their `counts` in a sample
 * of the input when given (ties by the rough weights), else by the rough weights alone.
 */
function rarestPair(needle: Uint8Array, counts?: Uint32Array): number {
  const text = Buffer.from(needle).toString('latin1');
  const stem = EXTENSION.exec(text)?.index ?? text.length;
  const last = stem >= 3 ? stem : needle.length; // pairs k, k+1 and k+2 must fit before the extension
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k + 2 < last; k++) {
    const guess =
      weight(needle[k]!) * weight(needle[k + 1]!) + weight(needle[k + 1]!) * weight(needle[k + 2]!);
    // Counted pairs dominate; the guess (below 2 * 26 * 26) only breaks ties.
    const score = counts
      ? (counts[(needle[k]! << 8) | needle[k + 1]!]! + counts[(needle[k + 1]! << 8) | needle[k + 2]!]!) *
          2048 +
        guess
      : guess;
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}
