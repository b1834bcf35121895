import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { UploadRejected } from './parse-upload.js';

export interface SpooledBody {
  path: string;
  size: number;
  /** SHA-256 of the bytes, hex: the upload's identity for idempotent retries. */
  sha256: string;
  remove(): Promise<void>;
}

/**
 * Writes a request body to a private temporary file while hashing it, so an upload costs disk
 * rather than memory until it is parsed (and a reader of archives gets a real file), and a client
 * trickling its body holds no parse slot. Refuses past `limit` bytes even without Content-Length.
 */
export async function spoolBody(
  body: ReadableStream<Uint8Array> | null,
  o: { dir: string; limit: number },
): Promise<SpooledBody> {
  const path = join(o.dir, `interdict-upload-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const remove = () => rm(path, { force: true });
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > o.limit) return done(new UploadRejected(`request body over ${o.limit} bytes`, [], 413));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    const source = body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([]);
    await pipeline(source, meter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, size, sha256: hash.digest('hex'), remove };
}
