import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir, loadDataPack } from '../../src/data/load.js';

const temps: string[] = [];
async function makeTemp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'interdict-data-test-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the validated-pack cache', () => {
  it('returns the same pack on a hit, creating the cache directory', async () => {
    const cache = join(await makeTemp(), 'nested', 'cache');
    const first = await loadDataPack(undefined, { cache });
    const files = await readdir(cache);
    expect(files).toEqual([expect.stringMatching(new RegExp(`^pack-${first.hash}-\\w+\\.json$`))]);
    const second = await loadDataPack(undefined, { cache });
    expect(second).toEqual(first);
    expect(second.sources).toBeInstanceOf(Map);
  });

  it('serves a hit from the cache file, without parsing the YAML again', async () => {
    const cache = await makeTemp();
    const first = await loadDataPack(undefined, { cache });
    const [file] = await readdir(cache);
    const cached = JSON.parse(await readFile(join(cache, file!), 'utf8'));
    cached.manifest.description = 'served from cache';
    await writeFile(join(cache, file!), JSON.stringify(cached));
    const second = await loadDataPack(undefined, { cache });
    expect(second.manifest.description).toBe('served from cache');
    expect(second.hash).toBe(first.hash);
  });

  it('misses when a YAML file changes, and ignores a corrupt cache file', async () => {
    const cache = await makeTemp();
    const data = join(await makeTemp(), 'data');
    await cp(defaultDataDir(), data, { recursive: true });
    const first = await loadDataPack(data, { cache });
    const [file] = await readdir(cache);
    await writeFile(join(cache, file!), '{ not json');
    expect(await loadDataPack(data, { cache })).toEqual(first);
    const manifest = join(data, 'pack.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^version: .*$/m, 'version: 9999.1.1'));
    const changed = await loadDataPack(data, { cache });
    expect(changed.hash).not.toBe(first.hash);
    expect(changed.version).toBe('9999.1.1');
  });

  it('still loads when the cache directory cannot be written', async () => {
    const blocker = join(await makeTemp(), 'file');
    await writeFile(blocker, 'x');
    const pack = await loadDataPack(undefined, { cache: join(blocker, 'sub') });
    expect(pack.products.length).toBeGreaterThan(0);
  });
});
