import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { UploadBytes } from './parse-job.js';
import { UploadRejected } from './parse-upload.js';

export interface SpooledBody {
  /** In memory up to `memoryLimit` bytes, in a private temporary file past it. */
  bytes: UploadBytes;
  size: number;
  /** SHA-256 of the bytes, hex: the upload's identity for idempotent retries. */
  sha256: string;
  remove(): Promise<void>;
}

/**
 * Bodies up to this size stay in memory. A differential check-in is about 2 kB: writing it to a
 * file, opening it again and unlinking it cost more server CPU than parsing it (file system calls
 * were 6% of the server's time in `bench/server.mjs`). 64 KiB per request in flight is a small
 * bound on what slow clients can hold; a whole inventory (80 kB for 300 programs) is spooled.
 */
export const IN_MEMORY_BODY = 64 * 1024;

/**
 * Reads a request body while hashing it: small bodies into memory, larger ones to a private
 * temporary file, so an upload costs disk rather than memory until it is parsed (and a reader of
 * archives gets a real file), and a client trickling its body holds no parse slot. Refuses past
 * `limit` bytes even without Content-Length.
 */
export async function spoolBody(
  body: ReadableStream<Uint8Array> | null,
  o: { dir: string; limit: number; memoryLimit?: number },
): Promise<SpooledBody> {
  const memoryLimit = o.memoryLimit ?? IN_MEMORY_BODY;
  const path = join(o.dir, `interdict-upload-${randomUUID()}`);
  const hash = createHash('sha256');
  const held: Buffer[] = [];
  let size = 0;
  let file: WriteStream | undefined;
  const remove = () => (file ? rm(path, { force: true }) : Promise.resolve());
  const failed = (error: Error) => sink.destroy(error);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > o.limit) return done(new UploadRejected(`request body over ${o.limit} bytes`, [], 413));
      hash.update(chunk);
      if (!file && size <= memoryLimit) {
        held.push(chunk);
        return done();
      }
      if (!file) {
        file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
        file.on('error', failed);
        for (const part of held.splice(0)) file.write(part);
      }
      if (file.write(chunk)) done();
      else file.once('drain', () => done());
    },
    final(done) {
      if (!file) return done();
      // The file's own errors (open, write) end the spool from here on.
      file.off('error', failed);
      file.end();
      finished(file).then(() => done(), done);
    },
    destroy(error, done) {
      if (file && !file.closed) file.once('close', () => done(error)).destroy();
      else done(error);
    },
  });
  try {
    const source = body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([]);
    await pipeline(source, sink);
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    bytes: file ? { file: path } : { bytes: Buffer.concat(held) },
    size,
    sha256: hash.digest('hex'),
    remove,
  };
}
