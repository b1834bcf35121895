import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { Observation } from '../core/observation.js';
import type { InputSummary, ReadError } from '../core/report.js';
import type { EncodingDecision } from './encoding.js';
import { readFileChunks } from './file-source.js';
import { createReadContext } from './read-context.js';
import type { InputFormat, InputSource, ReadContext } from './types.js';

// A big line-per-record file is read in slices by worker threads. Slice k covers the lines that
// start in its nominal byte range [from, to): it skips the end of a line begun before `from` and
// reads past `to` to the end of its last line, so every line is read exactly once, whole, and
// the prefilter and the reader see each line as they would in one pass. Line numbers come out
// relative to the slice; the main thread renumbers them with the line counts of the slices before.

/** Files this big (and in a format of LINE_RECORD_FORMATS) are read in slices by workers. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;
/** The nominal size of a slice: small enough to spread over the workers, large enough to pay its message. */
export const RANGE_BYTES = 16 * 1024 * 1024;

export interface RangeRequest {
  path: string;
  formatId: string;
  /** The nominal range [from, to) of line starts. */
  from: number;
  to: number;
  /** The file's size when planned: the last slice ends there. */
  size: number;
  /** The whole file's encoding (a slice is decoded as its file is). */
  encoding: EncodingDecision;
}

export interface RangeResult {
  observations: Observation[];
  records: number;
  /** Lines in the slice, empty ones included: the renumbering offset of the slices after it. */
  lines: number;
  errors: ReadError[];
  notes: ReadError[];
  suppressed: number;
  /** Bytes of the file the slice covered. */
  bytes: number;
}

/** The nominal ranges of a file of `size` bytes. */
export function planRanges(size: number, rangeBytes = RANGE_BYTES): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  for (let from = 0; from < size; from += rangeBytes)
    ranges.push({ from, to: Math.min(size, from + rangeBytes) });
  return ranges;
}

const SEEK_WINDOW = 64 * 1024;

/** The first line start at or after `pos` (0, or just after a '\n'), or `size` when there is none. */
export function lineStartAtOrAfter(fd: number, pos: number, size: number): number {
  if (pos <= 0) return 0;
  const window = Buffer.allocUnsafe(SEEK_WINDOW);
  for (let at = pos - 1; at < size; at += SEEK_WINDOW) {
    const read = readSync(fd, window, 0, Math.min(SEEK_WINDOW, size - at), at);
    if (read === 0) break;
    const nl = window.subarray(0, read).indexOf(0x0a);
    if (nl !== -1) return at + nl + 1;
  }
  return size;
}

/**
 * Reads one slice of a file with `format` (whose reader must count its lines through
 * `ctx.linesRead`, as `readLines` does): what a worker does for each request.
 */
export async function readLineRange(
  format: InputFormat,
  request: RangeRequest,
  mayMatch: ReadContext['mayMatch'],
  /** Read buffers reused from one slice to the next: slices sharing them are read one at a time. */
  buffers: Buffer[] = [],
): Promise<RangeResult> {
  const { path, size } = request;
  const fd = openSync(path, 'r');
  let start: number;
  let end: number;
  try {
    start = lineStartAtOrAfter(fd, request.from, size);
    end = request.to >= size ? size : lineStartAtOrAfter(fd, request.to, size);
  } finally {
    closeSync(fd);
  }
  const summary: InputSummary = { source: path, format: format.id, records: 0, errors: [] };
  const bytes = request.to - request.from;
  if (start >= end)
    return { observations: [], records: 0, lines: 0, errors: [], notes: [], suppressed: 0, bytes };
  // Counted as a one-pass read counts (its error limit included); the join adds up the slices.
  const ctx = createReadContext(summary, { mayMatch, progress: () => undefined });
  let lines: number | undefined;
  ctx.linesRead = (count) => {
    lines = count;
  };
  const slice = sliceSource(
    path,
    { start, end, buffers },
    {
      ...request.encoding,
      bomLength: start === 0 ? request.encoding.bomLength : 0,
    },
  );
  const observations: Observation[] = [];
  for await (const obs of format.read(slice, ctx)) observations.push(obs);
  if (lines === undefined) throw new Error(`${format.id} did not count the lines of ${path}`);
  const { records, errors, notes = [] } = summary;
  return { observations, records, lines, errors, notes, suppressed: ctx.suppressed, bytes };
}

function sliceSource(
  path: string,
  range: { start: number; end: number; buffers: Buffer[] },
  encoding: EncodingDecision,
): InputSource {
  return {
    name: path,
    size: range.end - range.start,
    encoding,
    open: () => createReadStream(path, { start: range.start, end: range.end - 1 }),
    readChunks: (signal) => readFileChunks(path, signal, range),
  };
}

/** A locator `line N…` of a slice, as a locator of the whole file whose slices before had `offset` lines. */
export function shiftLine(locator: string, offset: number): string {
  if (offset === 0) return locator;
  return locator.replace(/^line (\d+)/, (_, n: string) => `line ${Number(n) + offset}`);
}

/** The context a joined file reports into; `suppress` counts errors not kept. */
export type JoinContext = Pick<ReadContext, 'error' | 'record' | 'progress' | 'signal'> & {
  note?: ReadContext['note'];
  suppress(count: number): void;
};

/**
 * The observations of a file's slices in file order, renumbered, with their records and errors
 * reported to `ctx` as one pass over the file would have.
 */
export async function* joinRanges(
  results: AsyncIterable<RangeResult>,
  ctx: JoinContext,
): AsyncGenerator<Observation> {
  let before = 0;
  let bytes = 0;
  for await (const range of results) {
    ctx.signal?.throwIfAborted();
    for (const error of range.errors) ctx.error(shiftLine(error.locator, before), error.message);
    if (range.suppressed) ctx.suppress(range.suppressed);
    for (const note of range.notes) ctx.note?.(shiftLine(note.locator, before), note.message);
    ctx.record(range.records);
    for (const obs of range.observations) {
      obs.origin.locator = shiftLine(obs.origin.locator, before);
      yield obs;
    }
    before += range.lines;
    bytes += range.bytes;
    ctx.progress(bytes);
  }
}

/**
 * Runs the requests on `lanes` (each takes the next request when it is free, so a lane that starts
 * late or runs slow takes fewer) and hands the results back in request order, no more than
 * `ahead` requests past the one awaited; a failure comes out in its place.
 */
export async function* runOnLanes<T, R>(
  requests: readonly T[],
  lanes: readonly ((request: T) => Promise<R>)[],
  ahead: number,
): AsyncGenerator<R> {
  const results: Promise<R>[] = [];
  const settle: ((result: Promise<R>) => void)[] = [];
  for (let i = 0; i < requests.length; i++) results.push(new Promise((resolve) => (settle[i] = resolve)));
  for (const result of results) result.catch(() => undefined); // awaited below, or dropped after a failure
  let next = 0;
  let awaited = 0;
  let stopped = false;
  const wakers: (() => void)[] = [];
  const runLane = async (run: (request: T) => Promise<R>) => {
    while (!stopped && next < requests.length) {
      if (next >= awaited + ahead) {
        await new Promise<void>((resolve) => wakers.push(resolve));
        continue;
      }
      const i = next++;
      const result = run(requests[i]!);
      settle[i]!(result);
      await result.catch(() => undefined);
    }
  };
  const running = lanes.map(runLane);
  try {
    for (; awaited < requests.length; awaited++) {
      for (const wake of wakers.splice(0)) wake();
      yield await results[awaited]!;
    }
  } finally {
    stopped = true;
    for (const wake of wakers.splice(0)) wake();
    await Promise.allSettled(running);
  }
}
