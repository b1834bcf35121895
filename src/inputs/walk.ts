import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Directories never worth descending into: dependency caches and VCS metadata. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

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
