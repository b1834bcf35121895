import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildBinary } from 'plist';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { createArtifactFormat } from '../../src/inputs/artifacts/artifact-format.js';
import { createBufferReader } from '../../src/inputs/artifacts/byte-reader.js';
import { NotPeError, parsePe } from '../../src/inputs/artifacts/pe.js';
import { parsePlist } from '../../src/inputs/artifacts/observe-plist.js';
import { readTargets } from '../../src/inputs/read-targets.js';
import { createBufferSource } from '../../src/inputs/source.js';
import type { ReadContext } from '../../src/inputs/types.js';
import { buildTar, buildZip } from './build-archives.js';
import { buildPe } from './build-pe.js';

interface Collected {
  observations: Observation[];
  notes: string[];
  errors: string[];
}

async function readBytes(name: string, bytes: Buffer, limits = {}): Promise<Collected> {
  const out: Collected = { observations: [], notes: [], errors: [] };
  const ctx: ReadContext = {
    error: (l, m) => out.errors.push(`${l}: ${m}`),
    note: (l, m) => out.notes.push(`${l}: ${m}`),
    record: () => {},
    mayMatch: () => true,
    progress: () => {},
  };
  for await (const obs of createArtifactFormat(limits).read(createBufferSource(name, bytes), ctx))
    out.observations.push(obs);
  return out;
}

const PE = buildPe({ strings: { CompanyName: 'Contoso Ltd', ProductName: 'Contoso Backup' } });

/** Mutations of a valid structure: overwrite bytes at random places, or cut it short. */
const mutated = (base: Buffer) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 24 }),
      fc.nat(base.length),
    )
    .map(([edits, cut]) => {
      const copy = Buffer.from(base);
      for (const [at, value] of edits) copy[at] = value;
      return copy.subarray(0, Math.max(cut, 2));
    });

describe('hostile input', () => {
  it('PE reader: any mutation parses or is refused as not-PE, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(PE), async (bytes) => {
        try {
          await parsePe(createBufferReader(bytes), 1 << 20);
        } catch (error) {
          expect(error).toBeInstanceOf(NotPeError);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('plist reader: any mutation parses or throws an Error, never hangs or crashes', () => {
    const base = Buffer.from(
      buildBinary({
        CFBundleIdentifier: 'com.contoso.backup',
        CFBundleName: 'Contoso Backup',
        LSItems: [1, 2, { a: 'b' }],
      }),
    );
    fc.assert(
      fc.property(mutated(base), (bytes) => {
        try {
          parsePlist(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('archive readers: mutated zips and tars end in located errors or notes, never in a throw', async () => {
    const zip = buildZip({ 'bin/backup.exe': PE, 'docs/readme.txt': 'hello\n' });
    const tar = await buildTar({ 'bin/backup.exe': PE, 'app.zip': zip });
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated(zip), mutated(tar)), async (bytes) => {
        const out = await readBytes('sample.bin', bytes);
        for (const line of [...out.errors, ...out.notes]) expect(line).toMatch(/^sample\.bin(!\/[^:]+)?: \S/);
      }),
      { numRuns: 150 },
    );
  });

  it('a zip bomb member is not inflated, and is a read error', async () => {
    const bomb = buildZip({ 'zeros.bin': Buffer.alloc(64 * 1024 * 1024), 'bin/backup.exe': PE });
    const out = await readBytes('bomb.zip', bomb);
    expect(out.notes).toEqual([]);
    expect(out.errors.join('\n')).toMatch(
      /bomb.zip!\/zeros.bin: not read: compression ratio \d+:1 exceeds 200:1/,
    );
    expect(out.observations.map((o) => o.origin.locator)).toEqual(['bomb.zip!/bin/backup.exe']);
  });

  it('zip-slip member names stay inside the archive and are noted', async () => {
    const out = await readBytes('slip.zip', buildZip({ '../../../../tmp/evil.exe': PE }));
    expect(out.notes).toEqual([
      expect.stringMatching(/^slip.zip: 1 member name\(s\) point outside the archive \(zip-slip\)/),
    ]);
    expect(out.observations[0]?.origin.locator).toBe('slip.zip!/tmp/evil.exe');
    expect(out.observations[0]?.path).toBe('/tmp/evil.exe');
  });

  it('archives nested deeper than the depth limit are not opened, and are a read error', async () => {
    const inner = await buildTar({ 'bin/backup.exe': PE });
    const outer = await buildTar({ 'inner.tar': inner });
    const out = await readBytes('outer.tar', outer, { maxDepth: 1 });
    expect(out.observations).toEqual([]);
    expect(out.errors).toEqual([
      'outer.tar!/inner.tar: archive not opened: nesting depth 2 exceeds --max-depth 1',
    ]);
    expect((await readBytes('outer.tar', outer, { maxDepth: 2 })).observations).toHaveLength(1);
  });

  it('a total-size limit stops a member-heavy archive with a read error', async () => {
    const zip = buildZip({ 'a.bin': Buffer.alloc(2048, 1), 'b.bin': Buffer.alloc(2048, 2) }, { method: 0 });
    const out = await readBytes('big.zip', zip, { maxTotalBytes: 3000 });
    expect(out.errors).toEqual([
      'big.zip!/b.bin: not read: 2048 more bytes would pass the total-size limit of 3000',
    ]);
  });

  it('symbolic links (and their loops) are not followed and are counted in a note', async () => {
    const root = await mkdtemp(join(tmpdir(), 'interdict-links-'));
    try {
      await mkdir(join(root, 'a'));
      await writeFile(join(root, 'a', 'backup.exe'), PE);
      await symlink('..', join(root, 'a', 'loop'));
      await symlink('/etc/passwd', join(root, 'a', 'outside'));
      const { observations, inputs } = readTargets([root], {});
      const seen: Observation[] = [];
      for await (const o of observations) seen.push(o);
      expect(seen.map((o) => o.path)).toEqual([join(root, 'a', 'backup.exe')]);
      expect(inputs.find((i) => i.format === 'directory')?.notes?.[0]?.message).toMatch(
        /^2 symbolic links \(not followed\) not read/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
