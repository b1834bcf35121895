import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { IdentifierKind, Observation } from '../core/observation.js';
import type { InputSummary, ReadError } from '../core/report.js';
import { toCsvMap } from './formats/csv-header.js';
import { createCsvFormat, csv } from './formats/csv.js';
import { createArtifactFormat } from './artifacts/artifact-format.js';
import { ARTIFACT_FORMAT_ID } from './artifacts/frame.js';
import type { ArtifactLimits } from './artifacts/limits.js';
import { INPUT_FORMATS, listHostCollectors, settleFormat, type ResolvedFormat } from './registry.js';
import { probeFile } from './file-source.js';
import { createStreamSource, readSample } from './source.js';
import type { Collector, InputFormat, InputSource, ReadContext, Sample } from './types.js';
import { readAhead, walkDirectory, type WalkOptions } from './walk.js';

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
}

export interface ReadTargetsResult {
  observations: AsyncIterable<Observation>;
  /** One entry per input read, failed or skipped; complete once `observations` is exhausted. */
  inputs: InputSummary[];
}

/** More errors than this from one input are summarised in one last error. */
export const MAX_ERRORS_PER_INPUT = 1000;

/** Files of a directory read at once (their I/O in flight together); observations keep walk order. */
const FILES_IN_FLIGHT = 8;

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
  const csvMap = toCsvMap(options.csvMap);
  const artifactFormat = options.artifactLimits && createArtifactFormat(options.artifactLimits);
  const formats = (options.formats ?? INPUT_FORMATS).map((f) =>
    csvMap && f.id === csv.id
      ? createCsvFormat(csvMap)
      : artifactFormat && f.id === ARTIFACT_FORMAT_ID
        ? artifactFormat
        : f,
  );
  const inputs: InputSummary[] = [];
  const mayMatch = options.mayMatch ?? (() => true);
  let doneBytes = 0;
  let totalBytes: number | undefined;

  function createContext(summary: InputSummary, host?: string): ReadContext {
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
      mayMatch,
      progress: (bytes) => options.onProgress?.(doneBytes + bytes, totalBytes, summary.source),
      host,
      signal: options.signal,
      get suppressed() {
        return suppressed;
      },
    } as ReadContext & { suppressed: number };
  }

  function finish(summary: InputSummary, ctx: ReadContext & { suppressed?: number }, yielded: number): void {
    if (ctx.suppressed) {
      summary.errors.push({
        source: summary.source,
        locator: '',
        message: `${ctx.suppressed} more errors not shown`,
      });
    }
    if (yielded === 0 && summary.records === 0 && summary.errors.length > 0) summary.failed = true;
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

  /** The format of a sample, or undefined with the reason recorded on the summary. */
  function settle(sample: Sample, inWalk: boolean, summary: InputSummary): ResolvedFormat | undefined {
    const resolved = settleFormat(sample, inWalk ? undefined : options.inputFormat, formats, inWalk);
    if (!('format' in resolved)) {
      if (inWalk && resolved.code !== 'unsupported-version') summary.skipped = resolved.message;
      else {
        summary.errors.push({ source: sample.name, locator: 'byte 0', message: resolved.message });
        summary.failed = true;
      }
      return undefined;
    }
    if (inWalk && options.inputFormat && resolved.format.id !== options.inputFormat) {
      summary.skipped = `detected as ${resolved.format.id}, not ${options.inputFormat}`;
      return undefined;
    }
    return resolved;
  }

  async function* readResolved(
    source: InputSource,
    resolved: ResolvedFormat,
    summary: InputSummary,
  ): AsyncGenerator<Observation> {
    const ctx = createContext(summary);
    let yielded = 0;
    try {
      summary.format = resolved.format.id;
      if (resolved.format.identifierKinds && options.prefilterFor) {
        ctx.mayMatch = options.prefilterFor(resolved.format.identifierKinds);
      }
      for await (const obs of resolved.format.read(source, ctx)) {
        yielded++;
        yield obs;
      }
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      ctx.error('', `read failed: ${(cause as Error).message}`);
    } finally {
      finish(summary, ctx, yielded);
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
        finish(summary, ctx, yielded);
      }
    }
  }

  async function* generate(): AsyncGenerator<Observation> {
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
      async function* files() {
        for await (const path of walk) yield readFile(path, true);
      }
      yield* readAhead(files(), FILES_IN_FLIGHT);
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

  async function* readFile(path: string, inWalk: boolean): AsyncGenerator<Observation> {
    // Its place in `inputs` is taken before the first await: files read ahead still list in walk order.
    const summary: InputSummary = { source: path, format: '', records: 0, errors: [] };
    inputs.push(summary);
    // Probed and settled without an await between: the head is in a buffer the next probe reuses.
    let resolved: ResolvedFormat | undefined;
    let source: InputSource;
    try {
      const probed = probeFile(path);
      resolved = settle(probed.sample, inWalk, summary);
      if (!resolved) {
        doneBytes += probed.source.size ?? 0;
        return;
      }
      probed.keep();
      source = probed.source;
    } catch (cause) {
      summary.errors.push({ source: path, locator: '', message: (cause as Error).message });
      summary.failed = true;
      return;
    }
    yield* readResolved(source, resolved, summary);
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
