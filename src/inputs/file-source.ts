import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { sniffArtifact } from './artifacts/sniff.js';
import { detectEncoding, SAMPLE_BYTES, type EncodingDecision } from './encoding.js';
import { sampleOf } from './sample.js';
import type { InputSource, Sample } from './types.js';

/** Bytes read per chunk from files: large enough that a prefilter runs on whole MiB blocks. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * Opens a file as an InputSource with the head detection needs already read;
 * rejects when it does not exist or is not a regular file.
 * @example const source = await openFileSource('fleet.json');
 */
export async function openFileSource(path: string): Promise<InputSource> {
  return openFileSourceSync(path);
}

/**
 * `openFileSource` without a promise: open, fstat, one read of the head and close, synchronously.
 * A directory scan does this for every file, and from the page cache the four system calls
 * take a few µs where each promise-based call costs some 35 µs of the main thread; the rest of a
 * file is still read asynchronously. Opened non-blocking, so a named pipe is refused, not waited on.
 */
export function openFileSourceSync(path: string): InputSource {
  const probed = probeFile(path);
  probed.keep();
  return probed.source;
}

/** A file opened and sampled in one step, its head still in a buffer shared by every probe. */
export interface ProbedFile {
  source: InputSource;
  sample: Sample;
  /** Moves the head out of the shared buffer: call it before anything else probes a file. */
  keep(): void;
}

// Most files of a tree are settled (skipped, or read by a format that reads them again) from
// their head alone: reading every head into one buffer spares a 64 KiB allocation per file.
const shared = Buffer.allocUnsafe(SAMPLE_BYTES);
let sharedOwner: object | undefined;

/**
 * Opens a file and reads the head detection needs into a shared buffer, synchronously; the
 * source and sample are valid until the next probe unless `keep()` is called first.
 * @example const { sample, keep, source } = probeFile(path); if (settle(sample)) { keep(); read(source); }
 */
export function probeFile(path: string): ProbedFile {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  const owner = {};
  let size: number;
  let head: Buffer;
  let decided: EncodingDecision | undefined;
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`${path} is not a regular file`);
    size = info.size;
    ({ head, decided } = readDetectionHead(fd, size, path));
    sharedOwner = owner;
  } finally {
    closeSync(fd);
  }
  const current = () => {
    if (head.buffer === shared.buffer && sharedOwner !== owner)
      throw new Error(`${path}: the probed head was reused; keep() it first`);
    return head;
  };
  const source: InputSource = {
    name: path,
    size,
    path,
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
    peek: async (bytes) => {
      if (bytes <= head.length || head.length >= size) return current().subarray(0, bytes);
      head = await readFileHead(path, bytes);
      return head;
    },
    cachedHead: current,
    readChunks: (signal) => readFileChunks(path, signal),
  };
  return {
    source,
    sample: sampleOf(path, current, size, decided),
    keep: () => {
      if (head.buffer === shared.buffer) head = Buffer.from(current());
    },
  };
}

/** Enough of a binary file to settle its detection: executables, blobs and images stop here. */
const BINARY_HEAD_BYTES = 4 * 1024;

/**
 * Kinds whose readers seek to what they need (headers, then resources and signatures by offset):
 * the 4 KiB head covers the headers, and 60 KiB more would mostly be code the reader never looks at.
 */
const SEEKING_KINDS: ReadonlySet<string> = new Set(['pe', 'elf', 'macho']);

/**
 * The sample detection needs: 64 KiB, or only the first 4 KiB when they already settle the file
 * as binary (a NUL, no UTF-16 pattern) that no reader takes, or an executable (its reader reads
 * further windows itself). Archives and package databases keep the 64 KiB head their readers start
 * from, and workbooks are told apart by zip member names further on. Reading 64 KiB of every data
 * blob or executable costs more than detecting it: copying each head out of the shared buffer
 * faults in fresh pages, a tenth of a millisecond per file on this kind of virtual machine.
 */
function readDetectionHead(
  fd: number,
  size: number,
  path: string,
): { head: Buffer; decided?: EncodingDecision } {
  // Pseudo-files (/proc, /sys) report 0 bytes and still have content.
  const want = size === 0 ? SAMPLE_BYTES : Math.min(size, SAMPLE_BYTES);
  const first = readFully(fd, shared.subarray(0, Math.min(want, BINARY_HEAD_BYTES)), 0);
  if (first.length < BINARY_HEAD_BYTES || first.length >= want) return { head: first };
  if (first.indexOf(0) !== -1) {
    const decided = detectEncoding(first, false);
    if (decided.encoding === 'binary') {
      const kind = sniffArtifact(first, path);
      if (kind === undefined || SEEKING_KINDS.has(kind)) return { head: first, decided };
    }
  }
  return { head: readFully(fd, shared.subarray(0, want), first.length) };
}

function readFully(fd: number, buffer: Buffer, from: number): Buffer {
  let filled = from;
  while (filled < buffer.length) {
    const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
    if (read === 0) break;
    filled += read;
  }
  return buffer.subarray(0, filled);
}

/**
 * Three buffers in turn, the next one read ahead while the caller works on the current one: the
 * copy from the page cache runs in libuv's pool while this thread scans, and no fresh memory is
 * faulted in per MiB (half the cost of a ReadStream on a cached 1 GB file). A chunk handed out
 * stays intact until the caller asks for the one after next, as with two buffers read in turn.
 */
export async function* readFileChunks(
  path: string,
  signal?: AbortSignal,
  /**
   * The bytes [start, end) only: a slice of the file, read by a worker, which passes the same
   * `buffers` for each of its slices (fresh ones would fault in 3 MiB of new pages per slice).
   */
  range?: { start: number; end: number; buffers?: Buffer[] },
): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  // Allocated when first needed: a file smaller than a chunk costs two, as before the read-ahead.
  const buffers: Buffer[] = range?.buffers ?? [];
  let position = range?.start ?? 0;
  const end = range?.end ?? Infinity;
  const readInto = (turn: number) => {
    const buffer = (buffers[turn] ??= Buffer.allocUnsafe(CHUNK_BYTES));
    const length = Math.min(buffer.length, end - position);
    if (length <= 0) return Promise.resolve(buffer.subarray(0, 0));
    // The next read starts only once this one is done (see below), so `position` is never raced.
    return handle.read(buffer, 0, length, position).then(({ bytesRead }) => {
      position += bytesRead;
      return buffer.subarray(0, bytesRead);
    });
  };
  let ahead: Promise<Buffer> | undefined = readInto(0);
  try {
    for (let turn = 1; ; turn = (turn + 1) % 3) {
      signal?.throwIfAborted();
      const chunk = await ahead;
      ahead = undefined;
      if (chunk.length === 0) return;
      ahead = readInto(turn);
      yield chunk;
    }
  } finally {
    // A read still in flight finishes before the handle closes (its error, if any, is moot).
    await ahead?.catch(() => undefined);
    await handle.close();
  }
}

async function readFileHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const { bytesRead } = await handle.read(buffer, filled, bytes - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
