import { stat } from 'node:fs/promises';
import type { IdentifierKind, Observation } from '../core/observation.js';
import type { InputSummary } from '../core/report.js';
import type { ArtifactLimits } from './artifacts/limits.js';
import { toCsvMap } from './formats/csv-header.js';
import { defaultWorkerCount } from './probe-pool.js';
import { configureFormats, type FormatSettings } from './read-file.js';
import { collectHost } from './read-host.js';
import { SourceReader } from './read-source.js';
import { FILES_BEFORE_DEFAULT_WORKERS, LazyProbePool, readDirectory } from './read-walk.js';
import { createStreamSource } from './source.js';
import type { Collector, InputFormat } from './types.js';
import type { WalkOptions } from './walk.js';

export { MAX_ERRORS_PER_INPUT } from './read-context.js';

export interface ReadTargetsOptions {
  /** An `--input-format` id: forces the format of named files and stdin; in directories, only files detected as it are read. */
  inputFormat?: string;
  /** `--csv-map`: observation field → CSV header. */
  csvMap?: Record<string, string>;
  /** Also collect this host; defaults to true when there is no target. */
  includeHost?: boolean;
  /** Raw-bytes prefilter from the matcher: false means the chunk cannot hold a known identifier. */
  mayMatch?: (chunk: string | Buffer) => boolean;
  /** The matcher's test of a parsed observation: false means it cannot come to a finding (see `ReadContext.mayFind`). */
  mayFind?: (observation: Observation) => boolean;
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
   * per core, at most 4, started once a directory passes 8,000 files; a count given here starts them
   * at its first file; 0 reads everything in this thread). Not used with custom `formats`, nor
   * with a `mayMatch` given without its `needles`. A log of 64 MiB or more in a line-record format
   * is read in slices by this thread and one worker less than this (see read-slices.ts).
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
  const reader = new SourceReader(options, configureFormats(settings, options.formats));
  // Workers rebuild the formats and the prefilter from plain data: not from custom formats, nor
  // from a prefilter given without its needles.
  const workerCount =
    options.formats || (options.mayMatch && !options.needles) ? 0 : (options.workers ?? defaultWorkerCount());
  const filesBefore = options.workers === undefined ? FILES_BEFORE_DEFAULT_WORKERS : 0;
  const pool = new LazyProbePool(workerCount, settings, options.needles, filesBefore);

  async function* generate(): AsyncGenerator<Observation> {
    try {
      yield* readAll(reader, targets, pool);
    } finally {
      await pool.close();
    }
  }
  return { observations: generate(), inputs: reader.inputs };
}

/** Each target in order (a file, a directory, stdin), then this host when asked for. */
async function* readAll(
  reader: SourceReader,
  targets: string[],
  pool: LazyProbePool,
): AsyncGenerator<Observation> {
  const { options } = reader;
  reader.progress.total = await sumSizes(targets);
  for (const target of targets) {
    options.signal?.throwIfAborted();
    if (target === '-') {
      yield* reader.readStream(createStreamSource('-', options.stdin ?? process.stdin));
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(target)).isDirectory();
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      reader.failed(target, code === 'ENOENT' ? 'no such file or directory' : (cause as Error).message);
      continue;
    }
    if (isDirectory) yield* readDirectory(reader, target, pool);
    else yield* reader.readFile(target, false);
  }
  if (options.includeHost ?? targets.length === 0) yield* collectHost(reader);
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
