import type { Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import { detectEncoding, SAMPLE_BYTES } from './encoding.js';
import { LINE_RECORD_FORMATS } from './line-record-formats.js';
import {
  joinRanges,
  planRanges,
  readLineRange,
  runOnLanes,
  SPLIT_MIN_BYTES,
  type RangeRequest,
} from './line-ranges.js';
import { defaultWorkerCount } from './probe-pool.js';
import { createRangePool, type RangePool } from './range-pool.js';
import { readInto, type CountingContext } from './read-context.js';
import type { ReadTargetsOptions } from './read-targets.js';
import type { InputFormat, InputSource } from './types.js';

/** Slices read or waiting per reader (this thread or a worker): enough to keep each busy. */
const SLICES_PER_WORKER = 2;

/**
 * The slices to read a big UTF-8 file in, or undefined when it is to be read in one pass: a
 * small file, a format whose lines cannot be read apart, custom formats or a prefilter the
 * workers cannot rebuild, `workers: 0`, or another encoding (a UTF-16 '\n' is two bytes).
 */
export function planSlices(
  source: InputSource,
  format: InputFormat,
  options: ReadTargetsOptions,
): RangeRequest[] | undefined {
  const { path, size } = source;
  if (!path || size === undefined || size < SPLIT_MIN_BYTES) return undefined;
  if (!(format.id in LINE_RECORD_FORMATS) || format.identifierKinds) return undefined;
  if (options.formats || !options.mayMatch || !options.needles || options.workers === 0) return undefined;
  const head = source.cachedHead?.();
  if (!head || head.length < SAMPLE_BYTES) return undefined;
  // The decision a one-pass read makes from the same head (see decideAndStream).
  const encoding = detectEncoding(head.subarray(0, SAMPLE_BYTES), false);
  if (encoding.encoding !== 'utf-8') return undefined;
  return planRanges(size).map((range) => ({
    ...range,
    path,
    formatId: format.id,
    size,
    encoding,
  }));
}

/**
 * Worker threads for the slices of one file, or undefined when they cannot start. This thread
 * reads slices too and counts as one of `workers`: it starts at once, while a worker takes some
 * 0.25 s of CPU to start and warm up, so on two cores one worker beside it beats two.
 */
export function startSliceWorkers(options: ReadTargetsOptions, slices: number): RangePool | undefined {
  const count = Math.min(slices, (options.workers ?? defaultWorkerCount()) - 1);
  return options.needles ? createRangePool(count, { needles: options.needles }) : undefined;
}

/** Reads a file's slices here and on `pool` into `summary`, yielding observations in file order. */
export async function* readSlices(
  slices: RangeRequest[],
  pool: RangePool,
  format: InputFormat,
  summary: InputSummary,
  ctx: CountingContext,
): AsyncGenerator<Observation> {
  const buffers: Buffer[] = [];
  const here = (slice: RangeRequest) => readLineRange(format, slice, ctx.mayMatch, buffers);
  const there = Array.from({ length: pool.size }, () => (slice: RangeRequest) => pool.read(slice));
  const lanes = [here, ...there];
  const read = () => joinRanges(runOnLanes(slices, lanes, lanes.length * SLICES_PER_WORKER), ctx);
  yield* readInto(format.id, read, summary, ctx, () => pool.close());
}
