import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createBufferReader, openFileReader, type ByteReader } from './byte-reader.js';
import type { Scan } from './frame.js';

/** A limit stopped reading; the message says which, and becomes a read error where it is caught. */
export class LimitError extends Error {}

const WINDOW = 1024 * 1024;

/** A reader's bytes as a stream of 1 MiB windows. */
export async function* readWindows(reader: ByteReader, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (reader.buffer) {
    yield reader.buffer;
    return;
  }
  for (let at = 0; at < reader.size; at += WINDOW) {
    signal?.throwIfAborted();
    yield await reader.read(at, WINDOW);
  }
}

/** Counts decompressed bytes against the scan's total budget. */
export async function* countBytes(scan: Scan, stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    scan.bytes += chunk.length;
    if (scan.bytes > scan.limits.maxTotalBytes) {
      throw new LimitError(
        `more than ${scan.limits.maxTotalBytes} decompressed bytes in this input (total-size limit)`,
      );
    }
    yield chunk;
  }
}

/** The first `bytes` bytes of a stream, and the stream with them put back. */
export async function peekStream(
  stream: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts, length);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length) yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: head.subarray(0, bytes), rest: rest() };
}

export async function drain(stream: AsyncIterable<Buffer>): Promise<void> {
  for await (const chunk of stream) void chunk;
}

/**
 * Makes a member randomly readable: in memory up to `maxBufferBytes`, else spooled to a private
 * temporary file that is removed when `release` runs. Member names never become file names.
 */
export async function materialize(
  scan: Scan,
  stream: AsyncIterable<Buffer>,
): Promise<{ reader: ByteReader; release: () => Promise<void> }> {
  const parts: Buffer[] = [];
  let length = 0;
  const iterator = stream[Symbol.asyncIterator]();
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    parts.push(Buffer.from(next.value));
    length += next.value.length;
    if (length > scan.limits.maxBufferBytes) {
      const dir = await mkdtemp(join(tmpdir(), 'interdict-'));
      const path = join(dir, 'member');
      const remaining = (async function* () {
        yield* parts.splice(0);
        for (let more = await iterator.next(); !more.done; more = await iterator.next()) yield more.value;
      })();
      try {
        await pipeline(Readable.from(remaining), createWriteStream(path, { mode: 0o600 }));
        const reader = await openFileReader(path);
        return {
          reader,
          release: async () => {
            await reader.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      } catch (cause) {
        await rm(dir, { recursive: true, force: true });
        throw cause;
      }
    }
  }
  return { reader: createBufferReader(Buffer.concat(parts, length)), release: async () => {} };
}
