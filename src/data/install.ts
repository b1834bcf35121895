import { readFileSync } from 'node:fs';
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareVersions } from '../core/compare-versions.js';
import { DataPackError, defaultDataDir, loadDataPack, type DataPack } from './load.js';
import { verifyDataPack } from './verify.js';

/**
 * Where `interdict data update` installs a newer pack: `$INTERDICT_DATA_HOME`, else
 * `$XDG_DATA_HOME/interdict/data`, else `~/.local/share/interdict/data`.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INTERDICT_DATA_HOME) return resolve(env.INTERDICT_DATA_HOME);
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'interdict', 'data');
}

/** The version line of a pack's manifest, read without a YAML parser (start-up cost). */
function readPackVersion(dir: string): string | undefined {
  try {
    const text = readFileSync(join(dir, 'pack.yaml'), 'utf8');
    return /^version:\s*['"]?([^'"\s#]+)/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** The pack a scan uses by default: an installed update when it is newer than the bundled pack. */
export async function preferredDataDir(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const bundled = defaultDataDir();
  const installed = userDataDir(env);
  // Synchronous: two small reads at start-up, each of which would otherwise wait on the thread pool.
  const a = readPackVersion(bundled);
  const b = readPackVersion(installed);
  return b && (!a || compareVersions(b, a) > 0) ? installed : bundled;
}

export interface InstallResult {
  installed: boolean;
  pack: DataPack;
  target: string;
  previous?: string;
  problems: string[];
}

/**
 * Validates the pack in `from` and, when it is valid and newer than the one in use (or `force`),
 * copies it into the user data folder, replacing any earlier update in one rename.
 */
export async function installDataPack(
  from: string,
  options: { force?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<InstallResult> {
  await refuseLinks(resolve(from));
  const pack = await loadDataPack(from, { cache: false });
  const problems = verifyDataPack(pack).problems;
  const target = userDataDir(options.env);
  const current = await loadDataPack(await preferredDataDir(options.env));
  const base = { pack, target, previous: current.version, problems };
  if (problems.length) return { ...base, installed: false };
  if (!options.force && compareVersions(pack.version, current.version) <= 0) return { ...base, installed: false };
  const staging = `${target}.new-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await cp(resolve(from), staging, { recursive: true, filter: (src) => isPackPath(src) });
  const old = `${target}.old-${process.pid}`;
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) await rename(target, old);
  await rename(staging, target);
  if (exists) await rm(old, { recursive: true, force: true });
  return { ...base, installed: true };
}

/**
 * A pack is copied into the user's data folder, so everything in it must be in it: a link could
 * pull in any file of the machine (or, pointing at `/`, walk the whole file system).
 */
async function refuseLinks(dir: string): Promise<void> {
  const links: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (!isPackPath(path)) continue;
      if (entry.isSymbolicLink()) links.push(`${path}: is a symbolic link; a data pack may not contain links`);
      else if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(dir).catch((error: unknown) => {
    throw new DataPackError([`${dir}: cannot read the data directory: ${(error as Error).message}`]);
  });
  if (links.length) throw new DataPackError(links);
}

function isPackPath(src: string): boolean {
  return !/[\\/](node_modules|\.git)([\\/]|$)/.test(src);
}
