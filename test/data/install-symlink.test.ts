import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

/** A newer copy of the bundled pack, with `link` inside it pointing out of the pack. */
function packWithLink(link: string, target: string) {
  const pack = mkdtempSync(join(tmpdir(), 'interdict-pack-'));
  cpSync(join(import.meta.dirname, '../../data'), pack, { recursive: true });
  const manifest = join(pack, 'pack.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^version:.*$/m, 'version: 2099.1.1'));
  symlinkSync(target, join(pack, link));
  return pack;
}

async function update(pack: string, home: string) {
  let out = '';
  const io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
    stdin: new PassThrough(),
    env: { INTERDICT_DATA_HOME: join(home, 'data') },
  };
  return { code: await run(['data', 'update', pack], io), out };
}

describe('interdict data update and symbolic links', () => {
  // A link to `/` made the pack walk the whole file system; a small outside folder shows the same
  // thing without the hang: its YAML would have been read and installed as part of the pack.
  it.each([
    ['a folder outside the pack', 'extra', () => {
      const outside = mkdtempSync(join(tmpdir(), 'interdict-outside-'));
      mkdirSync(join(outside, 'catalog'));
      writeFileSync(join(outside, 'catalog', 'stray.yaml'), 'products: []\n');
      return outside;
    }],
    ['a file outside the pack', join('catalog', 'linked.yaml'), () => {
      const outside = mkdtempSync(join(tmpdir(), 'interdict-outside-'));
      writeFileSync(join(outside, 'linked.yaml'), 'products: []\n');
      return join(outside, 'linked.yaml');
    }],
  ])('refuses a pack with a link to %s, naming it', async (_what, link, target) => {
    const pack = packWithLink(link, target());
    const home = mkdtempSync(join(tmpdir(), 'interdict-home-'));
    const { code, out } = await update(pack, home);
    expect(out).toContain(`${join(pack, link)}: is a symbolic link; a data pack may not contain links`);
    expect(code).toBe(1);
  });
});
