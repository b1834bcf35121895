import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { FROM_SOURCES, packageFile } from '../core/package-files.js';
import type { CatalogProduct, Determination, PackManifest, Source, Vendor } from './schema.js';
import { parsePackFiles, type PackFile } from './parse.js';

/** A validated data pack: the catalog and the determinations, with their sources. */
export interface DataPack {
  manifest: PackManifest;
  version: string;
  /** sha256 over the pack's YAML files (path and bytes, sorted by path), first 16 hex digits. */
  hash: string;
  /** Directory the pack was read from. */
  dir: string;
  /** Where what code derives from this pack may be cached (see `derived-cache.ts`); unset without a cache. */
  cacheDir?: string;
  sources: Map<string, Source>;
  vendors: Vendor[];
  products: CatalogProduct[];
  determinations: Determination[];
}

export interface LoadOptions {
  /** false: never read or write the cache. A string: use this cache directory. */
  cache?: boolean | string;
}

/** Thrown when a pack file cannot be read, parsed or validated; `problems` has one located line each. */
export class DataPackError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid data pack:\n  ${problems.join('\n  ')}`);
    this.name = 'DataPackError';
  }
}

// Bump when the cached JSON shape changes in a way the schema file's own hash does not capture.
const CACHE_FORMAT = 1;

/** The pack shipped with this package: `data/` beside `src/` or `dist/`. */
export function defaultDataDir(): string {
  return packageFile('data');
}

/**
 * Load and validate a data pack. A validated pack is cached as JSON keyed by its hash, so later runs skip
 * YAML parsing and validation (and never load `yaml` or `zod`).
 *
 * @example
 * const pack = await loadDataPack();
 * pack.products.filter((p) => p.category === 'vpn');
 */
export async function loadDataPack(dir?: string, options: LoadOptions = {}): Promise<DataPack> {
  // Without a folder: the bundled pack, or a newer one installed by `interdict data update`.
  const root = resolve(dir ?? (await (await import('./install.js')).preferredDataDir()));
  // Read synchronously: a few small files, where each asynchronous read waits a round trip through
  // the thread pool (about 0.4 ms apiece, most of a small scan's idle time).
  const files = readPackFiles(root);
  const hash = hashFiles(files);
  const cacheFile = options.cache === false ? undefined : locateCacheFile(root, hash, options.cache);
  const cacheDir = cacheFile ? dirname(cacheFile) : undefined;
  const cached = cacheFile ? readCache(cacheFile, hash, root) : undefined;
  if (cached) return { ...cached, ...(cacheDir ? { cacheDir } : {}) };
  const parsed = await parsePackFiles(files);
  if (parsed.problems.length > 0) throw new DataPackError(parsed.problems);
  const pack: DataPack = {
    ...parsed.pack,
    version: parsed.pack.manifest.version,
    hash,
    dir: root,
    ...(cacheDir ? { cacheDir } : {}),
  };
  if (cacheFile) await writeCache(cacheFile, pack);
  return pack;
}

function readPackFiles(root: string): PackFile[] {
  let paths: string[];
  try {
    paths = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.yaml') || p.endsWith('.yml'))
      .map((p) => p.split(sep).join('/'))
      .sort();
  } catch (error) {
    throw new DataPackError([`${displayPath(root)}: cannot read the data directory: ${(error as Error).message}`]);
  }
  if (paths.length === 0) throw new DataPackError([`${displayPath(root)}: no YAML files in the data directory`]);
  // One relative path for the folder, not one per file: only error messages show it.
  const shown = relative(process.cwd(), root) === '' ? '' : `${displayPath(root)}/`;
  const display = (path: string) => `${shown}${path}`;
  return paths.map((path) => ({ path, display: display(path), bytes: readFileSync(join(root, path)) }));
}

function hashFiles(files: PackFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update('\0').update(file.bytes).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : path;
}

interface CachedPack extends Omit<DataPack, 'sources' | 'dir' | 'cacheDir'> {
  format: number;
  sources: Source[];
}

function locateCacheFile(root: string, hash: string, choice: LoadOptions['cache']): string | undefined {
  const schema = hashSchemaFile();
  const name = `pack-${hash}-${schema}.json`;
  // Prefer the package's node_modules/.cache (as babel, eslint and others do), else the OS temp dir.
  const candidates =
    typeof choice === 'string'
      ? [choice]
      : [join(root, '..', 'node_modules', '.cache', 'interdict'), join(tmpdir(), 'interdict-cache')];
  for (const dir of candidates) {
    try {
      mkdirSync(dir, { recursive: true });
      return join(dir, name);
    } catch {
      // Unwritable: try the next place; with none, run without a cache.
    }
  }
  return undefined;
}

// The cache must not outlive a change to the schema (defaults fill fields), so its file is part of the key.
function hashSchemaFile(): string {
  const schema = FROM_SOURCES ? packageFile('src/data/schema.ts') : packageFile('dist/data/schema.js');
  try {
    const bytes = readFileSync(schema);
    return createHash('sha256').update(String(CACHE_FORMAT)).update(bytes).digest('hex').slice(0, 8);
  } catch {
    return `f${CACHE_FORMAT}`;
  }
}

function readCache(file: string, hash: string, root: string): DataPack | undefined {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as CachedPack;
    if (data.format !== CACHE_FORMAT || data.hash !== hash) return undefined;
    return {
      manifest: data.manifest,
      version: data.version,
      hash: data.hash,
      dir: root,
      sources: new Map(data.sources.map((s) => [s.id, s])),
      vendors: data.vendors,
      products: data.products,
      determinations: data.determinations,
    };
  } catch {
    return undefined;
  }
}

async function writeCache(file: string, pack: DataPack): Promise<void> {
  const data: CachedPack = {
    format: CACHE_FORMAT,
    manifest: pack.manifest,
    version: pack.version,
    hash: pack.hash,
    sources: [...pack.sources.values()],
    vendors: pack.vendors,
    products: pack.products,
    determinations: pack.determinations,
  };
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(data));
    await rename(temp, file);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
