import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { loadDataPack } from '../../src/data/load.js';
import { createEvaluator } from '../../src/evaluator.js';
import { readTargets } from '../../src/inputs/read-targets.js';
import { collect } from '../inputs/helpers.js';
import { seedPes } from './seed-pes.js';

let root: string;

async function put(path: string, content: Buffer | string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

const plist = (id: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>${id}</string>\n</dict>\n</plist>\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'interdict-candidates-'));
  const { clean, engine } = await seedPes();
  const blob = Buffer.alloc(9000, 0x41);
  blob[100] = 0;
  // The bench tree's mix, small: clean signed PEs (some padded past the 4 KiB head), blobs, text,
  // clean plists, and the planted Kaspersky-signed engine and Kaspersky bundle.
  await put('a/tool.exe', clean);
  await put('a/tool-padded.exe', Buffer.concat([clean, Buffer.alloc(100_000, 7)]));
  await put('a/blob.bin', blob);
  await put('a/notes.txt', 'Contoso Backup job\n'.repeat(500));
  await put('a/Info.plist', plist('com.contoso.app'));
  await put('b/engine.dll', engine);
  await put('b/engine-padded.dll', Buffer.concat([engine, Buffer.alloc(100_000, 7)]));
  await put('b/App.app/Contents/Info.plist', plist('com.kaspersky.kav'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('artifact observations and the catalog prefilter', () => {
  it('pass on only what can match, with the same evidence, and read every file as before', async () => {
    const pack = await loadDataPack();
    const evaluator = createEvaluator(pack, { asOf: '2026-11-28', profile: 'us-person' });
    const read = async (filtered: boolean) => {
      const { observations, inputs } = readTargets([root], {
        workers: 0,
        ...(filtered ? { mayMatch: evaluator.matcher.mayMatch } : {}),
      });
      return { observations: await collect(observations), inputs };
    };
    const all = await read(false);
    const candidates = await read(true);
    const matching = (list: Observation[]) => list.filter((o) => evaluator.evaluate(o));
    // Without a prefilter every binary is an observation; with it, the clean ones are not passed on.
    expect(all.observations.map((o) => o.path)).toHaveLength(6);
    expect(candidates.observations.map((o) => o.path?.slice(root.length))).toEqual([
      '/b/engine-padded.dll',
      '/b/engine.dll',
      '/b/App.app/Contents/Info.plist',
    ]);
    // The same findings from the same evidence: signer, carrier, hash and locator included.
    expect(matching(candidates.observations)).toEqual(matching(all.observations));
    expect(candidates.observations).toEqual(matching(all.observations));
    const engine = candidates.observations.find((o) => o.path?.endsWith('engine-padded.dll'));
    expect(engine).toMatchObject({
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      carrier: 'Northwind Engine (Northwind Security)',
      attributes: { 'signer.subject': expect.stringContaining('AO Kaspersky Lab') },
    });
    // Every file is still listed and counted as read.
    expect(candidates.inputs).toEqual(all.inputs);
    expect(candidates.inputs.reduce((n, i) => n + i.records, 0)).toBe(6);
  });
});
