import { open, type FileHandle } from 'node:fs/promises';

/**
 * Random access to an artifact's bytes: a file on disk or a buffered archive member. Readers ask
 * for bounded windows, so a multi-GB file is never loaded whole.
 */
export interface ByteReader {
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer at the end of the data, never past it). */
  read(position: number, length: number): Promise<Buffer>;
  /** The whole content when it is already in memory (archive members), for libraries that want a buffer. */
  readonly buffer?: Buffer;
  /** The open descriptor when the reader is a file (yauzl reads zips from it); opens it if need be. */
  descriptor?(): Promise<number>;
  close(): Promise<void>;
}

/** Wraps bytes already in memory. */
export function createBufferReader(buffer: Buffer): ByteReader {
  return {
    size: buffer.length,
    buffer,
    read: (position, length) => Promise.resolve(sliceWindow(buffer, position, length)),
    close: () => Promise.resolve(),
  };
}

/**
 * Bytes of a file read at open and kept: PE headers, resources and most signatures, Mach-O load
 * commands, plists and xar TOCs lie in the head, so a typical file costs one read, not ten.
 */
export const HEAD_BYTES = 64 * 1024;

/**
 * A reader over a file; the caller closes it. `size` (from a stat the caller already made) saves an
 * fstat, and `head` (bytes the caller already read for detection) saves the read: a file whose
 * structures lie in its head is then never opened again. A file shorter than `size` is clamped.
 */
export async function openFileReader(
  path: string,
  known: { size?: number; head?: Buffer } = {},
): Promise<ByteReader> {
  let opened: Promise<FileHandle> | undefined;
  const handle = () => (opened ??= open(path, 'r'));
  let head = known.head;
  let size = known.size;
  if (head === undefined || size === undefined) {
    const file = await handle();
    try {
      size ??= (await file.stat()).size;
      head ??= await readFully(file, 0, Math.min(size, HEAD_BYTES));
    } catch (cause) {
      await file.close();
      throw cause;
    }
  }
  const prefix = head;
  // A head read here that comes up short means the file shrank; a caller's head may be any prefix.
  const total = !known.head && prefix.length < Math.min(size, HEAD_BYTES) ? prefix.length : size;
  return {
    size: total,
    async read(position, want) {
      const start = clamp(position, total);
      const count = clamp(want, total - start);
      if (start + count <= prefix.length) return prefix.subarray(start, start + count);
      return readFully(await handle(), start, count);
    },
    descriptor: async () => (await handle()).fd,
    close: async () => {
      if (opened) await (await opened).close();
    },
  };
}

async function readFully(handle: FileHandle, start: number, want: number): Promise<Buffer> {
  const out = Buffer.allocUnsafe(want);
  let filled = 0;
  while (filled < want) {
    const { bytesRead } = await handle.read(out, filled, want - filled, start + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return out.subarray(0, filled);
}

function sliceWindow(buffer: Buffer, position: number, length: number): Buffer {
  const start = clamp(position, buffer.length);
  return buffer.subarray(start, start + clamp(length, buffer.length - start));
}

function clamp(value: number, max: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), Math.max(0, max));
}
