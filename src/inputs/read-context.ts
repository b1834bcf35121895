import type { Observation } from '../core/observation.js';
import type { InputSummary, ReadError } from '../core/report.js';
import type { ReadContext } from './types.js';

// How a read is counted into its input's summary, apart from the format registry: slice workers
// count their slices the same way without loading every format.

/** More errors than this from one input are summarised in one last error. */
export const MAX_ERRORS_PER_INPUT = 1000;

export type CountingContext = ReadContext & {
  readonly suppressed: number;
  /** Counts errors that were not kept (a worker's beyond its own limit). */
  suppress(count: number): void;
};

/** A read context that records into `summary`, keeping at most MAX_ERRORS_PER_INPUT errors. */
export function createReadContext(
  summary: InputSummary,
  env: Pick<ReadContext, 'mayMatch' | 'mayFind' | 'progress' | 'host' | 'signal'>,
): CountingContext {
  let suppressed = 0;
  const add = (list: ReadError[], locator: string, message: string) => {
    if (summary.errors.length >= MAX_ERRORS_PER_INPUT && list === summary.errors) suppressed++;
    else list.push({ source: summary.source, locator, message });
  };
  return {
    error: (locator, message) => add(summary.errors, locator, message),
    note: (locator, message) => add((summary.notes ??= []), locator, message),
    record: (count = 1) => {
      summary.records += count;
    },
    mayMatch: env.mayMatch,
    mayFind: env.mayFind,
    progress: env.progress,
    host: env.host,
    signal: env.signal,
    get suppressed() {
      return suppressed;
    },
    suppress: (count) => {
      suppressed += count;
    },
  };
}

/** Closes a summary: the count of errors not kept, and `failed` when nothing at all was read. */
export function finishSummary(summary: InputSummary, ctx: CountingContext, yielded: number): void {
  if (ctx.suppressed) {
    summary.errors.push({
      source: summary.source,
      locator: '',
      message: `${ctx.suppressed} more errors not shown`,
    });
  }
  if (yielded === 0 && summary.records === 0 && summary.errors.length > 0) summary.failed = true;
}

/**
 * Yields what `read` yields, counted into `summary`: a read failure becomes a located error, and
 * the summary is finished (after `close`) however the read ends.
 */
export async function* readInto(
  formatId: string,
  read: () => AsyncIterable<Observation>,
  summary: InputSummary,
  ctx: CountingContext,
  close?: () => Promise<void>,
): AsyncGenerator<Observation> {
  let yielded = 0;
  try {
    summary.format = formatId;
    for await (const obs of read()) {
      yielded++;
      yield obs;
    }
  } catch (cause) {
    if (ctx.signal?.aborted) throw cause;
    ctx.error('', `read failed: ${(cause as Error).message}`);
  } finally {
    await close?.();
    finishSummary(summary, ctx, yielded);
  }
}
