import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DataPackError, loadDataPack } from '../../src/data/load.js';
import { countEvidence, verifyDataPack } from '../../src/data/verify.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/data/${name}/`, import.meta.url));

async function loadError(name: string): Promise<DataPackError> {
  try {
    await loadDataPack(fixture(name), { cache: false });
  } catch (error) {
    if (error instanceof DataPackError) return error;
    throw error;
  }
  throw new Error(`fixture ${name} loaded without error`);
}

describe('invalid data packs', () => {
  it('names the file, the YAML path and the line of a schema error', async () => {
    const { problems } = await loadError('missing-source-list');
    expect(problems).toContain(
      'test/fixtures/data/missing-source-list/catalog/products/consumer.yaml: products[3].identifiers[0].sources: every entry needs at least one source (line 32)',
    );
  });

  it('reports every problem of every file, not only the first', async () => {
    const { problems } = await loadError('missing-source-list');
    expect(problems.some((p) => p.includes('products[3].identifiers[1].value: not a valid regular expression'))).toBe(true);
    expect(problems.some((p) => p.startsWith('test/fixtures/data/missing-source-list/determinations/rule.yaml: published: not a calendar date'))).toBe(
      true,
    );
  });

  it('names the file and line of a YAML syntax error', async () => {
    const { problems, message } = await loadError('yaml-syntax-error');
    expect(problems[0]).toMatch(/^test\/fixtures\/data\/yaml-syntax-error\/sources\.yaml: line \d+: /);
    expect(message).toContain('invalid data pack');
  });

  it('fails with a located error for a directory that does not exist', async () => {
    const { problems } = await loadError('no-such-pack');
    expect(problems[0]).toMatch(/no-such-pack: cannot read the data directory/);
  });

  it('finds dangling references, reused ids, duplicated identifiers and phases out of order', async () => {
    const pack = await loadDataPack(fixture('dangling-references'), { cache: false });
    expect(verifyDataPack(pack).problems).toEqual([
      'product product-b: unknown vendor kasperskyy',
      'product product-b: unknown source src-missing',
      'determination product-a: id already used by product',
      'determination product-a.phases[0]: phases must be in date order (earlier starts 2024-07-20)',
      'vendor kaspersky.entities.ao-kaspersky-lab: listedBy unknown determination no-such-list',
      'product product-b: process "AVP.EXE" is also claimed by product-a (mark both shared if deliberate)',
    ]);
  });

  it('fails verification on a source with neither a url nor a repo locator, and counts what a reader can check', async () => {
    const pack = await loadDataPack(fixture('unresolvable-sources'), { cache: false });
    expect(verifyDataPack(pack).problems).toEqual([
      'source src-index: neither a url nor a repo locator (owner/repo:path@commit); a reader cannot follow it',
    ]);
    expect(countEvidence(pack)).toEqual({ identifiers: 3, resolvable: 1, weak: 1 });
  });

  it('refuses a repo locator without a full commit or tag', async () => {
    const { problems } = await loadError('bad-repo-locator');
    expect(problems).toEqual([
      'test/fixtures/data/bad-repo-locator/sources.yaml: sources[1].repo: an abbreviated commit does not pin the file: give all 40 hex digits (line 9)',
      'test/fixtures/data/bad-repo-locator/sources.yaml: sources[2].repo: expected owner/repo:path@<40-hex commit or tag> (line 14)',
    ]);
  });
});
