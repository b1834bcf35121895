import type { Observation } from '../core/observation.js';
import type { ReadError } from '../core/report.js';
import { createProbePool, type ProbePool, type ProbeResult } from './probe-pool.js';
import type { FormatSettings } from './read-file.js';
import type { SourceReader } from './read-source.js';
import { readAhead, walkDirectory } from './walk.js';

/** Files (or worker batches) of a directory read at once; observations keep walk order. */
const FILES_IN_FLIGHT = 8;
/**
 * With the default worker count, a directory's first files are read in this thread: starting two
 * workers costs about 0.8 s of CPU (each compiles the readers), which a tree repays only when it is
 * large (at 5,000 files `--workers 0` took 2.4 s CPU against 3.3-3.6 s with workers from file 500).
 * An explicit `workers` count starts them at the first file.
 */
export const FILES_BEFORE_DEFAULT_WORKERS = 8000;
/** Paths per message to a worker: a message per file would cost more than probing it. */
const PATHS_PER_BATCH = 64;

/**
 * Worker threads shared by every directory of one scan: started by the first directory that
 * outgrows `filesBefore`, closed by the caller when the observations end.
 */
export class LazyProbePool {
  private pool: ProbePool | undefined;
  private tried = false;

  constructor(
    private readonly size: number,
    private readonly settings: FormatSettings,
    private readonly needles: readonly string[] | undefined,
    /** Files of a directory read in this thread before its batches go to the workers. */
    readonly filesBefore: number,
  ) {}

  /** The pool, started on first use; undefined when workers are off or cannot start. */
  get(): ProbePool | undefined {
    if (!this.tried) {
      this.tried = true;
      this.pool = createProbePool(this.size, { settings: this.settings, needles: this.needles });
    }
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}

/**
 * Every file under `root`, in walk order, then one `directory` entry in `inputs` when listing
 * failed somewhere or something was not descended into.
 */
export async function* readDirectory(
  reader: SourceReader,
  root: string,
  pool: LazyProbePool,
): AsyncGenerator<Observation> {
  const walkErrors: ReadError[] = [];
  const notDescended = new Map<string, { count: number; first: string }>();
  const walk = walkDirectory(root, {
    descend: reader.options.walk?.descend,
    signal: reader.options.signal,
    onError: (path, error) =>
      walkErrors.push({ source: path, locator: '', message: `cannot list directory: ${error.message}` }),
    onSkip: (path, reason) => {
      const seen = notDescended.get(reason);
      if (seen) seen.count++;
      else notDescended.set(reason, { count: 1, first: path });
    },
  });
  yield* readAhead(unitsOf(reader, walk, pool), FILES_IN_FLIGHT);
  const notes = [...notDescended].map(([reason, { count, first }]) => ({
    source: root,
    locator: first,
    message: `${count} ${reason} not read (first: ${first})`,
  }));
  if (walkErrors.length || notes.length)
    reader.inputs.push({
      source: root,
      format: 'directory',
      records: 0,
      errors: walkErrors,
      ...(notes.length ? { notes } : {}),
    });
}

/** A directory's files as units to read in order: single files, then batches for the workers. */
async function* unitsOf(
  reader: SourceReader,
  walk: AsyncIterable<string>,
  lazyPool: LazyProbePool,
): AsyncGenerator<AsyncIterable<Observation>> {
  let inline = 0;
  let batch: string[] = [];
  for await (const path of walk) {
    const pool = inline < lazyPool.filesBefore ? undefined : lazyPool.get();
    if (!pool) {
      inline++;
      const read = reader.startFile(path, true);
      if (read) yield read;
      continue;
    }
    batch.push(path);
    if (batch.length === PATHS_PER_BATCH) {
      yield readBatch(reader, pool, batch);
      batch = [];
    }
  }
  // Paths are batched only once the pool has started.
  if (batch.length) yield readBatch(reader, lazyPool.get()!, batch);
}

/** Files settled by a worker: binaries come back read, the rest are read here with the format found. */
async function* readBatch(
  reader: SourceReader,
  pool: ProbePool,
  paths: string[],
): AsyncGenerator<Observation> {
  const summaries = paths.map((path) => reader.summaryOf(path));
  let results: ProbeResult[];
  try {
    results = await pool.probe(paths);
  } catch (cause) {
    if (reader.options.signal?.aborted) throw cause;
    // A worker that died (out of memory, a crash in a parser) costs its batch the parallelism, not the files.
    for (const [i, path] of paths.entries()) yield* reader.readFile(path, true, summaries[i]);
    return;
  }
  for (const [i, result] of results.entries()) {
    const summary = Object.assign(summaries[i]!, result.summary);
    if (result.readHere) {
      const { formatId, detection } = result.readHere;
      yield* reader.readSettled(paths[i]!, formatId, detection, summary);
      continue;
    }
    for (const obs of result.observations ?? []) yield obs;
    reader.progress.finish(result.size);
    reader.progress.report(summary.source);
  }
}
