import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories never worth descending into: dependency caches and VCS metadata. */
const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkOptions {
  /** Whether to descend into a directory (by name and full path); default skips SKIPPED_DIRECTORIES. */
  descend?: (name: string, path: string) => boolean;
  /** Called for a directory that cannot be listed; the walk goes on. */
  onError?: (path: string, error: Error) => void;
  /** Called for an entry that is not read: a symbolic link, a device, a socket or a pipe. */
  onSkip?: (path: string, reason: string) => void;
  signal?: AbortSignal;
}

/**
 * Yields the regular files under `root`, depth first, in name order (so reports are stable).
 * Symbolic links are not followed: a link loop or a link to `/` cannot run away with a scan.
 * @example for await (const path of walkDirectory('inventories/')) console.log(path);
 */
export async function* walkDirectory(root: string, options: WalkOptions = {}): AsyncGenerator<string> {
  const descend = options.descend ?? ((name: string) => !SKIPPED_DIRECTORIES.has(name));
  const stack = [root];
  while (stack.length > 0) {
    options.signal?.throwIfAborted();
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      options.onError?.(dir, cause as Error);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (descend(entry.name, path)) subdirs.push(path);
      } else if (entry.isFile()) {
        yield path;
      } else {
        options.onSkip?.(path, describeSkipped(entry));
      }
    }
    // Reverse so that the stack pops subdirectories in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

function describeSkipped(entry: {
  isSymbolicLink(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (entry.isSymbolicLink()) return 'symbolic links (not followed)';
  if (entry.isFIFO()) return 'named pipes';
  if (entry.isSocket()) return 'sockets';
  return 'device files';
}

interface Lane<T> {
  items: T[];
  done: boolean;
  failed: boolean;
  error?: unknown;
  stop: boolean;
  wake?: () => void;
  space?: () => void;
}

/**
 * Runs up to `concurrency` of the iterables at once and yields their items in the order the
 * iterables came: the next files' I/O is in flight while this file's items are consumed. Each
 * runs at most `buffer` items ahead, so memory stays bounded; an error surfaces in its turn.
 * @example for await (const obs of readAhead(mapFiles(walk, readFile), 8)) match(obs);
 */
export async function* readAhead<T>(
  iterables: AsyncIterable<AsyncIterable<T>>,
  concurrency: number,
  buffer = 256,
): AsyncGenerator<T> {
  const source = iterables[Symbol.asyncIterator]();
  const lanes: Lane<T>[] = [];
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && lanes.length < Math.max(1, concurrency)) {
      const next = await source.next();
      if (next.done) exhausted = true;
      else lanes.push(startLane(next.value, buffer));
    }
  };
  try {
    await fill();
    while (lanes.length) {
      const lane = lanes[0]!;
      for (;;) {
        if (lane.items.length) {
          const item = lane.items.shift()!;
          lane.space?.();
          yield item;
        } else if (lane.failed) throw lane.error;
        else if (lane.done) break;
        else await new Promise<void>((resolve) => (lane.wake = resolve));
      }
      lanes.shift();
      await fill();
    }
  } finally {
    for (const lane of lanes) {
      lane.stop = true;
      lane.space?.();
    }
    await source.return?.();
  }
}

function startLane<T>(iterable: AsyncIterable<T>, buffer: number): Lane<T> {
  const lane: Lane<T> = { items: [], done: false, failed: false, stop: false };
  const signal = () => {
    const wake = lane.wake;
    lane.wake = undefined;
    wake?.();
  };
  void (async () => {
    try {
      for await (const item of iterable) {
        lane.items.push(item);
        signal();
        while (lane.items.length >= buffer && !lane.stop)
          await new Promise<void>((resolve) => (lane.space = resolve));
        lane.space = undefined;
        if (lane.stop) break;
      }
    } catch (cause) {
      lane.failed = true;
      lane.error = cause;
    } finally {
      lane.done = true;
      signal();
    }
  })();
  return lane;
}
