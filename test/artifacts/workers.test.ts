import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import type * as PoolModule from '../../src/inputs/probe-pool.js';
import { seedPes } from './seed-pes.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'dist/bin/interdict.js');
let root: string;

async function put(path: string, content: Buffer | string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

/** Scans the tree with the built command (workers exist only as compiled JavaScript). */
function scanWith(workers: number): Report {
  const out = join(root, `..`, `${root.split('/').pop()}-w${workers}.json`);
  const r = spawnSync(
    process.execPath,
    [
      bin,
      'scan',
      root,
      '-q',
      '-o',
      `json=${out}`,
      '--fail-on',
      'never',
      '--as-of',
      '2025-01-01',
      '--workers',
      String(workers),
    ],
    { encoding: 'utf8' },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'interdict-workers-'));
  const { clean, engine } = await seedPes();
  const blob = Buffer.alloc(9000, 0x41);
  blob[100] = 0;
  // `--workers 2` starts them at the first file; 800 files make many batches and a short last one.
  for (let i = 0; i < 800; i++) {
    const dir = `d${String(Math.floor(i / 100)).padStart(2, '0')}`;
    if (i % 4 === 0) await put(`${dir}/tool${i}.exe`, clean);
    else if (i % 4 === 1) await put(`${dir}/blob${i}.bin`, blob);
    else if (i % 4 === 2) await put(`${dir}/notes${i}.txt`, `Contoso Backup job ${i}\n`.repeat(20));
    else
      await put(
        `${dir}/utf16-${i}.reg`,
        Buffer.from(`\uFEFFWindows Registry Editor Version 5.00\r\n\r\n`, 'utf16le'),
      );
  }
  // Found late in the walk: a signed white-label engine, a bundle, and an inventory read in the main thread.
  await put('z-late/Northwind/engine.dll', engine);
  await put(
    'z-late/Kaspersky.app/Contents/Info.plist',
    '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.kaspersky.kav</string>\n</dict>\n</plist>\n',
  );
  await put(
    'z-late/osquery-programs.json',
    JSON.stringify([
      {
        name: 'Kaspersky Endpoint Security for Windows',
        version: '12.3.0.493',
        publisher: 'AO Kaspersky Lab',
      },
    ]),
  );
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!existsSync(bin))('directory scans with probe workers', () => {
  it('report exactly what a scan without workers reports, inputs in the same walk order', () => {
    const alone = scanWith(0);
    const pooled = scanWith(2);
    const found = (r: Report) =>
      r.findings.map((f) => f.observation.origin.source.slice(root.length + 1)).sort();
    expect(found(pooled)).toEqual([
      'z-late/Kaspersky.app/Contents/Info.plist',
      'z-late/Northwind/engine.dll',
      'z-late/osquery-programs.json',
    ]);
    expect(pooled.findings).toEqual(alone.findings);
    expect(pooled.inputs).toEqual(alone.inputs);
    expect(pooled.summary).toEqual(alone.summary);
    expect(pooled.inputs.filter((i) => i.format === 'artifact')).toHaveLength(202);
    expect(pooled.inputs.find((i) => i.source.endsWith('osquery-programs.json'))?.format).toBe(
      'osquery-json',
    );
  }, 60_000);

  it('settle files in a worker: binaries come back read, text formats to be read by the caller', async () => {
    const poolModule = join(repo, 'dist/inputs/probe-pool.js');
    const { createProbePool } = (await import(poolModule)) as typeof PoolModule;
    const pool = createProbePool(1, { settings: {} });
    expect(pool).toBeDefined();
    try {
      const [engine, blob, inventory, missing] = await pool!.probe([
        join(root, 'z-late/Northwind/engine.dll'),
        join(root, 'd00/blob1.bin'),
        join(root, 'z-late/osquery-programs.json'),
        join(root, 'nowhere.txt'),
      ]);
      expect(engine!.summary.format).toBe('artifact');
      expect(engine!.observations?.[0]?.ids).toContainEqual(
        expect.objectContaining({ kind: 'signer', value: expect.stringContaining('Kaspersky') }),
      );
      expect(blob!.summary.skipped).toBe('no input format recognised (binary content)');
      expect(inventory!.readHere?.formatId).toBe('osquery-json');
      expect(missing!.summary.failed).toBe(true);
    } finally {
      await pool!.close();
    }
    // A pool whose workers are gone refuses at once (the scan then reads the batch itself).
    await expect(pool!.probe([join(root, 'd00/blob1.bin')])).rejects.toThrow('the probe workers stopped');
  });
});
