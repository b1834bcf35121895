import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { IdentifierKind, Observation } from '../core/observation.js';
import type { InputSummary, ReadError } from '../core/report.js';
import type { ArtifactLimits } from './artifacts/limits.js';
import { openFileSourceSync } from './file-source.js';
import { toCsvMap } from './formats/csv-header.js';
import { createProbePool, defaultWorkerCount, type ProbePool, type ProbeResult } from './probe-pool.js';
import {
  configureFormats,
  createReadContext,
  finishSummary,
  probeInput,
  readWithFormat,
  settleInput,
  type FormatSettings,
} from './read-file.js';
import { listHostCollectors, type ResolvedFormat } from './registry.js';
import { createStreamSource, readSample } from './source.js';
import type { Collector, InputFormat, InputSource, Sample } from './types.js';
import { readAhead, walkDirectory, type WalkOptions } from './walk.js';

export { MAX_ERRORS_PER_INPUT } from './read-file.js';

export interface ReadTargetsOptions {
  /** An `--input-format` id: forces the format of named files and stdin; in directories, only files detected as it are read. */
  inputFormat?: string;
  /** `--csv-map`: observation field → CSV header. */
  csvMap?: Record<string, string>;
  /** Also collect this host; defaults to true when there is no target. */
  includeHost?: boolean;
  /** Raw-bytes prefilter from the matcher: false means the chunk cannot hold a known identifier. */
  mayMatch?: (chunk: string | Buffer) => boolean;
  /** The matcher's narrower prefilter for formats that declare their identifier kinds. */
  prefilterFor?: (kinds: readonly IdentifierKind[]) => (chunk: string | Buffer) => boolean;
  onProgress?: (done: number, total?: number, source?: string) => void;
  stdin?: NodeJS.ReadableStream;
  signal?: AbortSignal;
  /** Formats to detect and read (default: the registry's); artifact readers plug in here. */
  formats?: readonly InputFormat[];
  /** Host collectors (default: the registry's for this platform). */
  collectors?: readonly Collector[];
  /** Directory walk settings (which directories to descend into). */
  walk?: Pick<WalkOptions, 'descend'>;
  /** Limits for executables, archives and images (`--max-depth`…); unset ones keep their defaults. */
  artifactLimits?: Partial<ArtifactLimits>;
  /**
   * Worker threads that detect the files of a big directory and read its binaries (default: one
   * per core, at most 4; 0 reads everything in this thread). Not used with custom `formats`, nor
   * with a `mayMatch` given without its `needles`.
   */
  workers?: number;
  /** The matcher's prefilter needles, for the workers' artifact readers (`mayMatch` cannot cross threads). */
  needles?: readonly string[];
}

export interface ReadTargetsResult {
  observations: AsyncIterable<Observation>;
  /** One entry per input read, failed or skipped; complete once `observations` is exhausted. */
  inputs: InputSummary[];
}

/** Files (or worker batches) of a directory read at once; observations keep walk order. */
const FILES_IN_FLIGHT = 8;
/** A directory's first files are read in this thread: a small tree never pays for starting workers. */
const FILES_BEFORE_WORKERS = 500;
/** Paths per message to a worker: a message per file would cost more than probing it. */
const PATHS_PER_BATCH = 64;

/**
 * Reads files, directories, '-' (stdin) or, with no target, this host, as one stream of
 * observations. Never throws for a bad input: a missing, empty or unreadable input is an
 * entry in `inputs` with its located errors. Throws only for a bad `csvMap` (a usage error).
 * @example
 * const { observations, inputs } = readTargets(['fleet.json'], {});
 * for await (const obs of observations) match(obs);
 * console.log(inputs[0].records);
 */
export function readTargets(targets: string[], options: ReadTargetsOptions = {}): ReadTargetsResult {
  const settings: FormatSettings = {
    inputFormat: options.inputFormat,
    csvMap: toCsvMap(options.csvMap),
    artifactLimits: options.artifactLimits,
  };
  const formats = configureFormats(settings, options.formats);
  const inputs: InputSummary[] = [];
  const mayMatch = options.mayMatch ?? (() => true);
  let doneBytes = 0;
  let totalBytes: number | undefined;
  // Started on the first big directory, closed when the observations end (or are abandoned).
  let pool: ProbePool | undefined;
  let poolTried = false;
  // Workers rebuild the formats and the prefilter from plain data: not from custom formats, nor
  // from a prefilter given without its needles.
  const workerCount =
    options.formats || (options.mayMatch && !options.needles) ? 0 : (options.workers ?? defaultWorkerCount());

  function createContext(summary: InputSummary, host?: string) {
    return createReadContext(summary, {
      mayMatch,
      progress: (bytes) => options.onProgress?.(doneBytes + bytes, totalBytes, summary.source),
      host,
      signal: options.signal,
    });
  }

  function settle(sample: Sample, inWalk: boolean, summary: InputSummary) {
    return settleInput(sample, summary, formats, options.inputFormat, inWalk);
  }

  /** Reads a one-shot source (stdin): sampled by peeking, then read by the format detected. */
  async function* readOne(source: InputSource): AsyncGenerator<Observation> {
    const summary: InputSummary = { source: source.name, format: '', records: 0, errors: [] };
    inputs.push(summary);
    let resolved: ResolvedFormat | undefined;
    try {
      resolved = settle(await readSample(source), false, summary);
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      summary.errors.push({
        source: source.name,
        locator: '',
        message: `read failed: ${(cause as Error).message}`,
      });
      summary.failed = true;
      return;
    }
    if (resolved) yield* readResolved(source, resolved, summary);
  }

  async function* readResolved(
    source: InputSource,
    resolved: ResolvedFormat,
    summary: InputSummary,
  ): AsyncGenerator<Observation> {
    const ctx = createContext(summary);
    if (resolved.format.identifierKinds && options.prefilterFor) {
      ctx.mayMatch = options.prefilterFor(resolved.format.identifierKinds);
    }
    try {
      yield* readWithFormat(source, resolved, summary, ctx);
    } finally {
      doneBytes += source.size ?? 0;
    }
  }

  async function* collectHost(): AsyncGenerator<Observation> {
    const host = hostname();
    const collectors = options.collectors ?? listHostCollectors();
    if (collectors.length === 0) {
      const message = `no host collector for platform ${process.platform}; name files or directories to scan`;
      inputs.push({
        source: host,
        format: 'host',
        records: 0,
        errors: [{ source: host, locator: '', message }],
        failed: true,
      });
      return;
    }
    for (const collector of collectors) {
      const summary: InputSummary = { source: host, format: collector.id, records: 0, errors: [] };
      inputs.push(summary);
      const ctx = createContext(summary, host);
      let yielded = 0;
      try {
        for await (const obs of collector.collect(ctx)) {
          yielded++;
          yield obs;
        }
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        ctx.error(collector.id, `collector failed: ${(cause as Error).message}`);
      } finally {
        finishSummary(summary, ctx, yielded);
      }
    }
  }

  async function* generate(): AsyncGenerator<Observation> {
    try {
      yield* readAll();
    } finally {
      await pool?.close();
    }
  }

  async function* readAll(): AsyncGenerator<Observation> {
    totalBytes = await sumSizes(targets);
    for (const target of targets) {
      options.signal?.throwIfAborted();
      if (target === '-') {
        yield* readOne(createStreamSource('-', options.stdin ?? process.stdin));
        continue;
      }
      let isDirectory: boolean;
      try {
        isDirectory = (await stat(target)).isDirectory();
      } catch (cause) {
        const message =
          (cause as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'no such file or directory'
            : (cause as Error).message;
        inputs.push({
          source: target,
          format: '',
          records: 0,
          errors: [{ source: target, locator: '', message }],
          failed: true,
        });
        continue;
      }
      if (!isDirectory) {
        yield* readFile(target, false);
        continue;
      }
      const walkErrors: ReadError[] = [];
      const notSkipped = new Map<string, { count: number; first: string }>();
      const walk = walkDirectory(target, {
        descend: options.walk?.descend,
        signal: options.signal,
        onError: (path, error) =>
          walkErrors.push({ source: path, locator: '', message: `cannot list directory: ${error.message}` }),
        onSkip: (path, reason) => {
          const seen = notSkipped.get(reason);
          if (seen) seen.count++;
          else notSkipped.set(reason, { count: 1, first: path });
        },
      });
      yield* readAhead(filesOf(walk), FILES_IN_FLIGHT);
      const notes = [...notSkipped].map(([reason, { count, first }]) => ({
        source: target,
        locator: first,
        message: `${count} ${reason} not read (first: ${first})`,
      }));
      if (walkErrors.length || notes.length)
        inputs.push({
          source: target,
          format: 'directory',
          records: 0,
          errors: walkErrors,
          ...(notes.length ? { notes } : {}),
        });
    }
    if (options.includeHost ?? targets.length === 0) yield* collectHost();
  }

  /** A directory's files as units to read in order: single files, then batches for the workers. */
  async function* filesOf(walk: AsyncIterable<string>): AsyncGenerator<AsyncIterable<Observation>> {
    let inline = 0;
    let batch: string[] = [];
    for await (const path of walk) {
      if (inline < FILES_BEFORE_WORKERS || !startPool()) {
        inline++;
        yield readFile(path, true);
        continue;
      }
      batch.push(path);
      if (batch.length === PATHS_PER_BATCH) {
        yield readBatch(batch);
        batch = [];
      }
    }
    if (batch.length) yield readBatch(batch);
  }

  function startPool(): ProbePool | undefined {
    if (!poolTried) {
      poolTried = true;
      pool = createProbePool(workerCount, { settings, needles: options.needles });
    }
    return pool;
  }

  async function* readFile(
    path: string,
    inWalk: boolean,
    reserved?: InputSummary,
  ): AsyncGenerator<Observation> {
    // Its place in `inputs` is taken before the first await: files read ahead still list in walk order.
    const summary: InputSummary = reserved ?? { source: path, format: '', records: 0, errors: [] };
    if (!reserved) inputs.push(summary);
    // Probed and settled without an await between: the head is in a buffer the next probe reuses.
    const probe = probeInput(path, summary, formats, options.inputFormat, inWalk);
    if (!probe) return;
    if (!probe.resolved) {
      doneBytes += probe.probed.source.size ?? 0;
      return;
    }
    probe.probed.keep();
    yield* readResolved(probe.probed.source, probe.resolved, summary);
  }

  /** Files settled by a worker: binaries come back read, the rest are read here with the format found. */
  async function* readBatch(paths: string[]): AsyncGenerator<Observation> {
    const summaries = paths.map((path): InputSummary => ({
      source: path,
      format: '',
      records: 0,
      errors: [],
    }));
    inputs.push(...summaries);
    let results: ProbeResult[];
    try {
      results = await pool!.probe(paths);
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      // A worker that died (out of memory, a crash in a parser) costs its batch the parallelism, not the files.
      for (const [i, path] of paths.entries()) yield* readFile(path, true, summaries[i]);
      return;
    }
    for (const [i, result] of results.entries()) {
      const summary = Object.assign(summaries[i]!, result.summary);
      if (result.readHere) {
        yield* readSettled(paths[i]!, result.readHere, summary);
        continue;
      }
      for (const obs of result.observations ?? []) yield obs;
      doneBytes += result.size;
      options.onProgress?.(doneBytes, totalBytes, summary.source);
    }
  }

  async function* readSettled(
    path: string,
    settled: NonNullable<ProbeResult['readHere']>,
    summary: InputSummary,
  ): AsyncGenerator<Observation> {
    const format = formats.find((f) => f.id === settled.formatId)!;
    let source: InputSource;
    try {
      source = openFileSourceSync(path);
    } catch (cause) {
      summary.errors.push({ source: path, locator: '', message: (cause as Error).message });
      summary.failed = true;
      return;
    }
    yield* readResolved(source, { format, detection: settled.detection, by: 'content' }, summary);
  }

  return { observations: generate(), inputs };
}

/** Total bytes of the named files, or undefined when a directory or stdin makes it unknowable up front. */
async function sumSizes(targets: string[]): Promise<number | undefined> {
  let total = 0;
  for (const target of targets) {
    if (target === '-') return undefined;
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) return undefined;
    total += info?.size ?? 0;
  }
  return total;
}
