import { isAscii, isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import { TextDecoder } from 'node:util';
/** How the bytes of an input are turned into text; decided once, from the first 64 KiB. */
type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'binary';

export interface EncodingDecision {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

export const SAMPLE_BYTES = 64 * 1024;

/**
 * Decides the encoding of an input from its first bytes.
 * `complete` says the bytes are the whole input (a cut multi-byte sequence at the end is then invalid).
 * @example detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]), true) // { encoding: 'utf-16le', bomLength: 2 }
 */
export function detectEncoding(bytes: Buffer, complete: boolean): EncodingDecision {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { encoding: 'utf-16be', bomLength: 2 };
  const unmarked = detectUnmarkedUtf16(bytes);
  if (unmarked) return { encoding: unmarked, bomLength: 0 };
  if (looksBinary(bytes)) return { encoding: 'binary', bomLength: 0 };
  return { encoding: isValidUtf8(bytes, complete) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** A decoder for the decided encoding; binary input is decoded as UTF-8 so parsers can report where it breaks. */
function createDecoder(decision: EncodingDecision): TextDecoder {
  const label = decision.encoding === 'binary' ? 'utf-8' : decision.encoding;
  return new TextDecoder(label, { ignoreBOM: false });
}

/** Turns the chunks of one input into text; `last` flushes a sequence cut at the end. */
export interface ChunkDecoder {
  decode(chunk: Buffer, last: boolean): string;
}

/**
 * Node keeps a Latin-1 string of about a megabyte or more outside V8's heap (an external string):
 * a parse worker's bounded heap then dies of an upload instead of refusing it (a fatal OOM, seen
 * in test/server/parse-workers.test.ts). Copied in smaller pieces, the text stays on the heap.
 */
const LATIN1_PIECE = 512 * 1024;

function copyLatin1(bytes: Buffer): string {
  if (bytes.length <= LATIN1_PIECE) return bytes.toString('latin1');
  let text = '';
  for (let at = 0; at < bytes.length; at += LATIN1_PIECE)
    text += bytes.toString('latin1', at, Math.min(at + LATIN1_PIECE, bytes.length));
  return text;
}

/**
 * A streaming decoder for the decided encoding, the BOM dropped. UTF-8 (and binary, which parsers
 * read as UTF-8 to report where it breaks) goes through StringDecoder, several times faster than
 * a TextDecoder on Node 20 and the same text, U+FFFD included.
 */
export function createChunkDecoder(decision: EncodingDecision): ChunkDecoder {
  if (decision.encoding !== 'utf-8' && decision.encoding !== 'binary') {
    const decoder = createDecoder(decision);
    return { decode: (chunk, last) => decoder.decode(chunk, { stream: !last }) };
  }
  const decoder = new StringDecoder('utf8');
  let skip = decision.bomLength;
  // The decoder holds no partial character: the last chunk it decoded ended in an ASCII byte.
  let clean = true;
  return {
    decode(chunk, last) {
      const dropped = Math.min(skip, chunk.length);
      const body = dropped ? chunk.subarray(dropped) : chunk;
      skip -= dropped;
      // ASCII is its own UTF-8: copied as Latin-1, several times faster than decoded (most exports).
      if (clean && isAscii(body)) return copyLatin1(body);
      if (body.length) clean = body[body.length - 1]! < 0x80;
      return last ? decoder.write(body) + decoder.end() : decoder.write(body);
    },
  };
}

/** Decodes a sample; '' for binary input. */
export function decodeSample(bytes: Buffer, complete: boolean): string {
  return decodeAs(bytes, detectEncoding(bytes, complete), complete);
}

/**
 * Decodes bytes as decided, the BOM dropped; a multi-byte sequence cut at the end of an
 * incomplete sample is left out. UTF-8 goes through Buffer's decoder, several times faster than
 * a TextDecoder on Node 20, and a scan of a tree decodes a sample of every text file.
 */
export function decodeAs(bytes: Buffer, decision: EncodingDecision, complete: boolean): string {
  if (decision.encoding === 'binary') return '';
  if (decision.encoding !== 'utf-8') return createDecoder(decision).decode(bytes, { stream: !complete });
  const end = complete ? bytes.length : bytes.length - cutSequenceLength(bytes);
  return bytes.toString('utf8', decision.bomLength, Math.max(decision.bomLength, end));
}

function isValidUtf8(bytes: Buffer, complete: boolean): boolean {
  // An incomplete sample may end inside a multi-byte sequence: that is not an encoding error.
  return isUtf8(complete ? bytes : bytes.subarray(0, bytes.length - cutSequenceLength(bytes)));
}

/** Trailing bytes (0–3) that start a UTF-8 sequence the end of the bytes cuts short. */
function cutSequenceLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc2 || b > 0xf4) return 0;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return length > back && canComplete(bytes.subarray(bytes.length - back), length) ? back : 0;
  }
  return 0;
}

/** Whether some continuation makes `tail` a valid sequence (E0, ED, F0 and F4 limit the second byte). */
function canComplete(tail: Buffer, length: number): boolean {
  return [0x80, 0x90, 0xa0].some((second) => {
    const probe = Buffer.alloc(length, 0x80);
    probe[1] = second;
    tail.copy(probe);
    return isUtf8(probe);
  });
}

/** Windows tools (PowerShell `Out-File`, regedit) sometimes write UTF-16 without a BOM. */
function detectUnmarkedUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return undefined;
  // UTF-16 of any script has zero bytes: text without one in the window is decided at once.
  const firstZero = bytes.indexOf(0);
  if (firstZero === -1 || firstZero >= n) return undefined;
  const pairs = n / 2;
  const most = pairs * 0.6;
  const few = pairs * 0.05;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
    // Stop once neither byte order can still qualify (a binary's zeros fall on both sides).
    const left = pairs - (i + 2) / 2;
    const le = oddZeros + left > most && evenZeros < few;
    const be = evenZeros + left > most && oddZeros < few;
    if (!le && !be) return undefined;
  }
  if (oddZeros > most && evenZeros < few) return 'utf-16le';
  if (evenZeros > most && oddZeros < few) return 'utf-16be';
  return undefined;
}

// Like file(1), judge control characters on the first few KiB; a NUL anywhere means binary.
const CONTROL_WINDOW = 8 * 1024;

/** 1 for the bytes file(1) counts as control characters: below tab, and 0x0e-0x1f except ESC. */
const CONTROL = new Uint8Array(256).map((_, b) => (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b) ? 1 : 0));

function looksBinary(bytes: Buffer): boolean {
  if (bytes.indexOf(0) !== -1) return true;
  const n = Math.min(bytes.length, CONTROL_WINDOW);
  let control = 0;
  for (let i = 0; i < n; i++) control += CONTROL[bytes[i]!]!;
  return control > n * 0.1;
}
