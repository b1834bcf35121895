import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parsePackFiles } from './parse.js';
/** Thrown when a pack file cannot be read, parsed or validated; `problems` has one located line each. */
export class DataPackError extends Error {
    problems;
    constructor(problems) {
        super(`invalid data pack:\n  ${problems.join('\n  ')}`);
        this.problems = problems;
        this.name = 'DataPackError';
    }
}
// Bump when the cached JSON shape changes in a way the schema file's own hash does not capture.
const CACHE_FORMAT = 1;
/** The pack shipped with this package: `data/` beside `src/` or `dist/`. */
export function defaultDataDir() {
    return fileURLToPath(new URL('../../data/', import.meta.url));
}
/**
 * Load and validate a data pack. A validated pack is cached as JSON keyed by its hash, so later runs skip
 * YAML parsing and validation (and never load `yaml` or `zod`).
 *
 * @example
 * const pack = await loadDataPack();
 * pack.products.filter((p) => p.category === 'vpn');
 */
export async function loadDataPack(dir, options = {}) {
    // Without a folder: the bundled pack, or a newer one installed by `interdict data update`.
    const root = resolve(dir ?? (await (await import('./install.js')).preferredDataDir()));
    const files = await readPackFiles(root);
    const hash = hashFiles(files);
    const cacheFile = options.cache === false ? undefined : await locateCacheFile(root, hash, options.cache);
    const cached = cacheFile ? await readCache(cacheFile, hash, root) : undefined;
    if (cached)
        return cached;
    const parsed = await parsePackFiles(files);
    if (parsed.problems.length > 0)
        throw new DataPackError(parsed.problems);
    const pack = { ...parsed.pack, version: parsed.pack.manifest.version, hash, dir: root };
    if (cacheFile)
        await writeCache(cacheFile, pack);
    return pack;
}
async function readPackFiles(root) {
    let paths;
    try {
        paths = (await readdir(root, { recursive: true }))
            .filter((p) => p.endsWith('.yaml') || p.endsWith('.yml'))
            .map((p) => p.split(sep).join('/'))
            .sort();
    }
    catch (error) {
        throw new DataPackError([`${displayPath(root)}: cannot read the data directory: ${error.message}`]);
    }
    if (paths.length === 0)
        throw new DataPackError([`${displayPath(root)}: no YAML files in the data directory`]);
    return Promise.all(paths.map(async (path) => ({ path, display: displayPath(join(root, path)), bytes: await readFile(join(root, path)) })));
}
function hashFiles(files) {
    const hash = createHash('sha256');
    for (const file of files)
        hash.update(file.path).update('\0').update(file.bytes).update('\0');
    return hash.digest('hex').slice(0, 16);
}
function displayPath(path) {
    const rel = relative(process.cwd(), path);
    return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : path;
}
async function locateCacheFile(root, hash, choice) {
    const schema = await hashSchemaFile();
    const name = `pack-${hash}-${schema}.json`;
    // Prefer the package's node_modules/.cache (as babel, eslint and others do), else the OS temp dir.
    const candidates = typeof choice === 'string'
        ? [choice]
        : [join(root, '..', 'node_modules', '.cache', 'interdict'), join(tmpdir(), 'interdict-cache')];
    for (const dir of candidates) {
        try {
            await mkdir(dir, { recursive: true });
            return join(dir, name);
        }
        catch {
            // Unwritable: try the next place; with none, run without a cache.
        }
    }
    return undefined;
}
// The cache must not outlive a change to the schema (defaults fill fields), so its file is part of the key.
async function hashSchemaFile() {
    const self = fileURLToPath(import.meta.url);
    const ext = self.endsWith('.ts') ? '.ts' : '.js';
    try {
        const bytes = await readFile(join(dirname(self), `schema${ext}`));
        return createHash('sha256').update(String(CACHE_FORMAT)).update(bytes).digest('hex').slice(0, 8);
    }
    catch {
        return `f${CACHE_FORMAT}`;
    }
}
async function readCache(file, hash, root) {
    try {
        const data = JSON.parse(await readFile(file, 'utf8'));
        if (data.format !== CACHE_FORMAT || data.hash !== hash)
            return undefined;
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
    }
    catch {
        return undefined;
    }
}
async function writeCache(file, pack) {
    const data = {
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
    }
    catch {
        // A cache that cannot be written only costs speed.
    }
}
