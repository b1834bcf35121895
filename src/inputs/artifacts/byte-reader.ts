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
  /** An open descriptor when the reader is a file (yauzl reads zips from it). */
  readonly fd?: number;
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

/** Opens a file read-only; the caller closes it. */
export async function openFileReader(path: string): Promise<ByteReader> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    fd: handle.fd,
    async read(position, length) {
      const start = clamp(position, size);
      const want = clamp(length, size - start);
      const out = Buffer.allocUnsafe(want);
      let filled = 0;
      while (filled < want) {
        const { bytesRead } = await handle.read(out, filled, want - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return out.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}

function sliceWindow(buffer: Buffer, position: number, length: number): Buffer {
  const start = clamp(position, buffer.length);
  return buffer.subarray(start, start + clamp(length, buffer.length - start));
}

function clamp(value: number, max: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), Math.max(0, max));
}
