import type { Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import { openFileSourceSync } from './file-source.js';
import { createReadContext, type CountingContext } from './read-context.js';
import { probeInput, readWithFormat, settleInput } from './read-file.js';
import { planSlices, readSlices, startSliceWorkers } from './read-slices.js';
import type { ReadTargetsOptions } from './read-targets.js';
import type { ResolvedFormat } from './registry.js';
import { readSample } from './source.js';
import type { InputFormat, InputSource } from './types.js';

/** Bytes read so far and, when the targets are plain files, how many there are in all. */
export class ReadProgress {
  done = 0;
  total: number | undefined;

  constructor(private readonly onProgress: ReadTargetsOptions['onProgress']) {}

  /** Counts a source as read, whether it yielded anything or not. */
  finish(bytes: number | undefined): void {
    this.done += bytes ?? 0;
  }

  /** Tells the caller: `bytes` of the source being read on top of what is done. */
  report(source: string, bytes = 0): void {
    this.onProgress?.(this.done + bytes, this.total, source);
  }
}

/**
 * Reads one source at a time into `inputs`: a named file, a file settled by a probe worker, or a
 * one-shot stream (stdin). What the directory walk and the host collection share.
 */
export class SourceReader {
  readonly inputs: InputSummary[] = [];
  readonly progress: ReadProgress;

  constructor(
    readonly options: ReadTargetsOptions,
    readonly formats: InputFormat[],
  ) {
    this.progress = new ReadProgress(options.onProgress);
  }

  /** A new entry in `inputs`, in the order sources are started. */
  summaryOf(source: string, format = ''): InputSummary {
    const summary: InputSummary = { source, format, records: 0, errors: [] };
    this.inputs.push(summary);
    return summary;
  }

  /** An input that could not be opened at all. */
  failed(source: string, message: string, format = ''): void {
    this.inputs.push({
      source,
      format,
      records: 0,
      errors: [{ source, locator: '', message }],
      failed: true,
    });
  }

  context(summary: InputSummary, host?: string): CountingContext {
    return createReadContext(summary, {
      mayMatch: this.options.mayMatch ?? (() => true),
      mayFind: this.options.mayFind,
      progress: (bytes) => this.progress.report(summary.source, bytes),
      host,
      signal: this.options.signal,
    });
  }

  /** A one-shot source (stdin): sampled by peeking, then read by the format detected. */
  async *readStream(source: InputSource): AsyncGenerator<Observation> {
    const summary = this.summaryOf(source.name);
    let resolved: ResolvedFormat | undefined;
    try {
      const sample = await readSample(source);
      resolved = settleInput(sample, summary, this.formats, this.options.inputFormat, false);
    } catch (cause) {
      if (this.options.signal?.aborted) throw cause;
      summary.errors.push({
        source: source.name,
        locator: '',
        message: `read failed: ${(cause as Error).message}`,
      });
      summary.failed = true;
      return;
    }
    if (resolved) yield* this.readResolved(source, resolved, summary);
  }

  /**
   * A file named or found in a walk. Its place in `inputs` is taken before the first await (or
   * `reserved` by the caller), so files read ahead still list in walk order.
   */
  async *readFile(path: string, inWalk: boolean, reserved?: InputSummary): AsyncGenerator<Observation> {
    const read = this.startFile(path, inWalk, reserved);
    if (read) yield* read;
  }

  /**
   * `readFile` up to its first read, synchronously: the file is summarised, probed and settled,
   * and undefined comes back when there is nothing to read (skipped, or failed to open). Most
   * files of a tree end there, and a walk that settles them inline spares each a generator and
   * a turn of the read-ahead.
   */
  startFile(path: string, inWalk: boolean, reserved?: InputSummary): AsyncIterable<Observation> | undefined {
    const summary = reserved ?? this.summaryOf(path);
    // Probed and settled without an await between: the head is in a buffer the next probe reuses.
    const probe = probeInput(path, summary, this.formats, this.options.inputFormat, inWalk);
    if (!probe) return undefined;
    if (!probe.resolved) {
      this.progress.finish(probe.probed.source.size);
      return undefined;
    }
    probe.probed.keep();
    return this.readResolved(probe.probed.source, probe.resolved, summary);
  }

  /** A file whose format a worker already settled: opened again and read here. */
  async *readSettled(
    path: string,
    formatId: string,
    detection: ResolvedFormat['detection'],
    summary: InputSummary,
  ): AsyncGenerator<Observation> {
    const format = this.formats.find((f) => f.id === formatId)!;
    let source: InputSource;
    try {
      source = openFileSourceSync(path);
    } catch (cause) {
      summary.errors.push({ source: path, locator: '', message: (cause as Error).message });
      summary.failed = true;
      return;
    }
    yield* this.readResolved(source, { format, detection, by: 'content' }, summary);
  }

  private async *readResolved(
    source: InputSource,
    resolved: ResolvedFormat,
    summary: InputSummary,
  ): AsyncGenerator<Observation> {
    const ctx = this.context(summary);
    if (resolved.format.identifierKinds && this.options.prefilterFor) {
      ctx.mayMatch = this.options.prefilterFor(resolved.format.identifierKinds);
    }
    try {
      const slices = planSlices(source, resolved.format, this.options);
      const pool = slices && startSliceWorkers(this.options, slices.length);
      if (slices && pool) yield* readSlices(slices, pool, resolved.format, summary, ctx);
      else yield* readWithFormat(source, resolved, summary, ctx);
    } finally {
      this.progress.finish(source.size);
    }
  }
}
