import { Readable } from 'node:stream';
import {
  createChunkDecoder,
  detectEncoding,
  SAMPLE_BYTES,
  type ChunkDecoder,
  type EncodingDecision,
} from './encoding.js';
import { CHUNK_BYTES } from './file-source.js';
import { sampleOf } from './sample.js';
import type { InputSource, ReadContext, Sample } from './types.js';

export {
  CHUNK_BYTES,
  openFileSource,
  openFileSourceSync,
  probeFile,
  type ProbedFile,
} from './file-source.js';

/**
 * Wraps a one-shot stream (stdin, an upload, an archive member) as an InputSource whose
 * first bytes can be peeked for detection and are then replayed to the reader.
 */
export function createStreamSource(name: string, stream: NodeJS.ReadableStream, size?: number): InputSource {
  const iterator = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  let opened = false;
  async function fill(bytes: number): Promise<void> {
    while (!ended && headLength < bytes) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else {
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        head.push(chunk);
        headLength += chunk.length;
      }
    }
  }
  async function* replay(): AsyncGenerator<Buffer> {
    for (const chunk of head.splice(0)) yield chunk;
    while (!ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return {
    name,
    size,
    peek: async (bytes) => {
      if (opened) throw new Error(`${name} was already read`);
      await fill(bytes);
      const all = Buffer.concat(head);
      return all.subarray(0, Math.min(bytes, all.length));
    },
    open: () => {
      if (opened) throw new Error(`${name} can be read only once`);
      opened = true;
      return Readable.from(replay(), { objectMode: false });
    },
  };
}

/** An in-memory source, for tests, uploads and command outputs. */
export function createBufferSource(name: string, content: Buffer | string): InputSource {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return {
    name,
    size: bytes.length,
    open: () => Readable.from(splitBuffer(bytes), { objectMode: false }),
    peek: async (n) => bytes.subarray(0, n),
  };
}

/** The first 64 KiB of a source (or as much as settles it as binary), decoded for content detection. */
export async function readSample(source: InputSource): Promise<Sample> {
  // A file source has read what detection needs (less than 64 KiB for a binary blob).
  const bytes = source.cachedHead?.() ?? (await peekSource(source, SAMPLE_BYTES));
  return sampleOf(source.name, () => bytes, source.size);
}

/**
 * The source as UTF-8 byte chunks (BOM removed), whatever its encoding: readers that scan raw
 * bytes (the line prefilter) thereby get UTF-16 and Windows-1252 inputs for free.
 */
export async function* openUtf8Chunks(
  source: InputSource,
  ctx?: Pick<ReadContext, 'progress' | 'signal'>,
): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const piece of decideAndStream(source, ctx?.signal)) {
    read += piece.raw.length;
    ctx?.progress(read);
    const { decision } = piece;
    if (decision.encoding === 'utf-8' || decision.encoding === 'binary') {
      const chunk = piece.first ? piece.raw.subarray(decision.bomLength) : piece.raw;
      if (chunk.length > 0) yield chunk;
    } else {
      const text = piece.decoder.decode(piece.raw, piece.last);
      if (text) yield Buffer.from(text, 'utf8');
    }
  }
}

/** The source as decoded text chunks, with the same encoding decision as `readSample`. */
export async function* openText(
  source: InputSource,
  ctx?: Pick<ReadContext, 'progress' | 'signal'>,
): AsyncGenerator<string> {
  let read = 0;
  for await (const piece of decideAndStream(source, ctx?.signal)) {
    read += piece.raw.length;
    ctx?.progress(read);
    const text = piece.decoder.decode(piece.raw, piece.last);
    if (text) yield text;
  }
}

interface Piece {
  raw: Buffer;
  first: boolean;
  last: boolean;
  decision: EncodingDecision;
  decoder: ChunkDecoder;
}

/**
 * Buffers the first 64 KiB to decide the encoding (unless the source's is already decided), then
 * streams the rest unchanged.
 */
async function* decideAndStream(source: InputSource, signal?: AbortSignal): AsyncGenerator<Piece> {
  // Chunks from readChunks() are reused after the next read: the head is copied (concat), and
  // `pending` is yielded before the buffer it lives in is read into again (two buffers alternate).
  const stream = source.readChunks ? source.readChunks(signal) : source.open();
  const head: Buffer[] = [];
  let headLength = 0;
  let decision: EncodingDecision | undefined = source.encoding;
  let decoder: ChunkDecoder | undefined = decision && createChunkDecoder(decision);
  let first = true;
  let pending: Buffer | undefined;
  for await (const value of stream as AsyncIterable<Buffer | string>) {
    signal?.throwIfAborted();
    const chunk = typeof value === 'string' ? Buffer.from(value) : value;
    if (!decision) {
      head.push(Buffer.from(chunk));
      headLength += chunk.length;
      if (headLength < SAMPLE_BYTES) continue;
      const joined = Buffer.concat(head, headLength);
      decision = detectEncoding(joined.subarray(0, SAMPLE_BYTES), false);
      decoder = createChunkDecoder(decision);
      pending = joined;
      continue;
    }
    // With the decision given (a slice of a file), the first chunk waits here instead of in `head`.
    if (pending) {
      yield { raw: pending, first, last: false, decision, decoder: decoder! };
      first = false;
    }
    pending = chunk;
  }
  if (!decision) {
    const joined = Buffer.concat(head);
    decision = detectEncoding(joined, true);
    decoder = createChunkDecoder(decision);
    pending = joined;
  }
  yield { raw: pending ?? Buffer.alloc(0), first, last: true, decision, decoder: decoder! };
}

async function peekSource(source: InputSource, bytes: number): Promise<Buffer> {
  if (source.peek) return source.peek(bytes);
  const parts: Buffer[] = [];
  let length = 0;
  const stream = source.open();
  try {
    for await (const value of stream as AsyncIterable<Buffer | string>) {
      const chunk = typeof value === 'string' ? Buffer.from(value) : value;
      parts.push(chunk);
      length += chunk.length;
      if (length >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

function* splitBuffer(bytes: Buffer): Generator<Buffer> {
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) yield bytes.subarray(i, i + CHUNK_BYTES);
}
