import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readDerived, writeDerived } from '../../src/data/derived-cache.js';
import { loadDataPack } from '../../src/data/load.js';
import { compileCatalog, type CompiledCatalog } from '../../src/match/compile.js';
import { createPackMatcher } from '../../src/match/pack-matcher.js';

const repo = join(import.meta.dirname, '../..');
const pack = await loadDataPack(undefined, { cache: false });

/** The tables a compilation produced, in a form `toEqual` compares fully (regexes by source and flags). */
function tables(c: CompiledCatalog) {
  const entries = (m: Map<string, { identifier: { value: string }; key: string }[]>) =>
    [...m].map(([k, list]) => [k, list.map((e) => [e.identifier.value, e.key])]);
  return {
    exact: entries(c.exact),
    prefix: entries(c.prefix),
    prefixLengths: [...c.prefixLengths],
    suffix: entries(c.suffix),
    contains: c.contains && [c.contains.pattern.source, entries(c.contains.entries)],
    regex: c.regex.map((r) => [r.re.source, r.re.flags, r.entry.product.ref.id]),
    kinds: [...c.kinds],
    needles: c.needles,
  };
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('compile hints', () => {
  const fresh = compileCatalog(pack);

  it('give back the same tables as compiling from nothing', () => {
    expect(fresh.hints.keys).toHaveLength(
      pack.products.reduce((n, p) => n + p.identifiers.length, 0) +
        pack.vendors.reduce((n, v) => n + v.identifiers.length, 0),
    );
    expect(tables(compileCatalog(pack, fresh.hints))).toEqual(tables(fresh));
  });

  it('are taken as given when they fit the catalog, and ignored when they do not', () => {
    const at = fresh.hints.keys.findIndex((k, i) => k !== '' && fresh.hints.keys.indexOf(k) === i);
    const keys = fresh.hints.keys.map((k, i) => (i === at ? `${k} (from the hints)` : k));
    const taken = compileCatalog(pack, { keys, needles: ['from-the-hints'] });
    expect(taken.needles).toEqual(['from-the-hints']);
    expect(tables(taken).exact.concat(tables(taken).prefix).flat(3)).toContain(
      `${fresh.hints.keys[at]} (from the hints)`,
    );
    // One key short: another catalog's hints, so everything is computed again.
    const other = compileCatalog(pack, { keys: keys.slice(1), needles: ['from-the-hints'] });
    expect(tables(other)).toEqual(tables(fresh));
  });
});

describe('the derived-data cache', () => {
  it('round-trips a value by pack hash and code id, and keeps nothing without a cache folder', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'interdict-derived-'));
    temps.push(cacheDir);
    const where = { hash: 'abcdef0123456789', cacheDir };
    expect(readDerived(where, 'matcher', 'scan-AbC_12-x')).toBeUndefined();
    writeDerived(where, 'matcher', 'scan-AbC_12-x', { keys: ['a'], needles: ['b'] });
    expect(readDerived(where, 'matcher', 'scan-AbC_12-x')).toEqual({ keys: ['a'], needles: ['b'] });
    expect(readDerived(where, 'matcher', 'scan-other')).toBeUndefined();
    expect(readdirSync(cacheDir)).toEqual(['matcher-abcdef0123456789-scan-AbC_12-x.json']);
    // A code id that is not a plain name never becomes a path.
    writeDerived(where, 'matcher', '../escape', {});
    expect(readdirSync(cacheDir)).toHaveLength(1);
    writeDerived({ hash: where.hash }, 'matcher', 'scan-x', {});
    expect(readDerived({ hash: where.hash }, 'matcher', 'scan-x')).toBeUndefined();
  });

  it('is not used by the unbundled modules, which have no content-hashed name to key it by', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'interdict-derived-'));
    temps.push(cacheDir);
    const matcher = createPackMatcher({ ...pack, cacheDir });
    expect(matcher.compiled.needles).toEqual(compileCatalog(pack).needles);
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

const bundle = join(repo, 'dist/bin/interdict.js');
describe.skipIf(!existsSync(bundle))('the bundled command', () => {
  it('caches the hints its own build computed, equal to what the sources compute', () => {
    const inventory = join(repo, 'test/fixtures/inputs/osquery-json/programs.json');
    const scan = () =>
      spawnSync(process.execPath, [bundle, 'scan', inventory, '-q', '-f', 'json', '--fail-on', 'never'], {
        encoding: 'utf8',
      });
    const first = scan();
    expect(first.status, first.stderr).toBe(0);
    const cached = (JSON.parse(first.stdout) as { tool: { data: string } }).tool.data.split('+')[1];
    const cacheDir = join(repo, 'node_modules/.cache/interdict');
    // Keyed by a chunk of this build: earlier builds' entries may lie beside it.
    const chunks = new Set(readdirSync(join(repo, 'dist/bin/chunks')));
    const files = readdirSync(cacheDir).filter((f) => {
      const codeId = new RegExp(`^matcher-${cached}-([\\w-]+)\\.json$`).exec(f)?.[1];
      return codeId !== undefined && chunks.has(`${codeId}.js`);
    });
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(cacheDir, files[0]!), 'utf8'))).toEqual(compileCatalog(pack).hints);
    const second = scan();
    expect(second.stdout.replace(/"(generatedAt|durationMs)": [^,\n]+/g, '')).toEqual(
      first.stdout.replace(/"(generatedAt|durationMs)": [^,\n]+/g, ''),
    );
  });
});
