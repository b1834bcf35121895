import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { computeExitCode } from '../../src/report/exit-code.js';
import { scan } from '../../src/scan.js';
import { runCli } from '../cli/run-cli.js';
import { buildTar, buildZip } from './build-archives.js';
import { seedPes } from './seed-pes.js';

let root: string;
let clean: Buffer;
let engine: Buffer;

/** Each case is one file of its own, so its report holds only what that file did. */
async function put(name: string, bytes: Buffer): Promise<string> {
  const path = join(root, name);
  await writeFile(path, bytes);
  return path;
}

const scanOne = (path: string, maxDepth?: number): Promise<Report> =>
  scan({
    targets: [path],
    asOf: '2024-10-01',
    profile: 'us-person',
    ...(maxDepth !== undefined ? { artifactLimits: { maxDepth } } : {}),
  });

const rel = (s: string) => s.replaceAll(root, '<root>');
const errorsOf = (r: Report) =>
  r.errors.map((e) => ({ ...e, source: rel(e.source), locator: rel(e.locator) }));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'interdict-unread-'));
  ({ clean, engine } = await seedPes());
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('content left unread is an error, never a clean exit', () => {
  it('a zip cut short, which holds a Kaspersky-signed PE, is an error at the zip: exit 3', async () => {
    const zip = buildZip({ 'bin/nwengine.dll': engine });
    const path = await put('cut.zip', zip.subarray(0, zip.length - 30));
    const report = await scanOne(path);
    expect(report.findings).toEqual([]);
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/cut.zip',
        locator: '<root>/cut.zip',
        message: expect.stringMatching(/^zip unreadable: .*central directory/),
      },
    ]);
    expect(computeExitCode(report, 'high')).toBe(3);
  });

  it('a tar cut short is an error at the tar; what came before the cut is still scanned', async () => {
    const tar = await buildTar({ 'opt/nw/engine.dll': engine, 'opt/nw/backup.exe': clean });
    const path = await put('cut.tar', tar.subarray(0, 512 + engine.length + 700));
    const report = await scanOne(path);
    expect(report.findings.map((f) => rel(f.observation.origin.locator))).toEqual([
      '<root>/cut.tar!/opt/nw/engine.dll',
    ]);
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/cut.tar',
        locator: '<root>/cut.tar',
        message: expect.stringMatching(/^tar unreadable past this point: /),
      },
    ]);
    expect(computeExitCode(report, 'high')).toBe(1);
    expect(computeExitCode(report, 'never')).toBe(3);
  });

  it('a zip nested deeper than --max-depth is an error at the inner zip: exit 3', async () => {
    const inner = buildZip({ 'bin/nwengine.dll': engine });
    const path = await put('outer.zip', buildZip({ 'inner.zip': inner }));
    const report = await scanOne(path, 1);
    expect(report.findings).toEqual([]);
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/outer.zip',
        locator: '<root>/outer.zip!/inner.zip',
        message: 'archive not opened: nesting depth 2 exceeds --max-depth 1',
      },
    ]);
    expect(computeExitCode(report, 'high')).toBe(3);
    const deeper = await scanOne(path, 2);
    expect(deeper.errors).toEqual([]);
    expect(deeper.findings).toHaveLength(1);
  });

  it('a zip bomb member stopped by the ratio limit is an error; the other members are read', async () => {
    const path = await put(
      'bomb.zip',
      buildZip({ 'zeros.bin': Buffer.alloc(64 * 1024 * 1024), 'bin/backup.exe': clean }),
    );
    const report = await scanOne(path);
    expect(report.findings).toEqual([]);
    expect(report.summary.records).toBeGreaterThan(1);
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/bomb.zip',
        locator: '<root>/bomb.zip!/zeros.bin',
        message: expect.stringMatching(
          /^not read: compression ratio \d+:1 exceeds 200:1 \(zip bomb limit\)$/,
        ),
      },
    ]);
    expect(computeExitCode(report, 'high')).toBe(3);
  });

  it('a gzip bomb stopped by the ratio limit is an error at the file: exit 3', async () => {
    const path = await put('logs.tar.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024)));
    const report = await scanOne(path);
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/logs.tar.gz',
        locator: '<root>/logs.tar.gz',
        message: expect.stringMatching(/^gzip stream inflates more than 200:1 .*decompression bomb$/),
      },
    ]);
    expect(computeExitCode(report, 'high')).toBe(3);
  });

  it('a BerkeleyDB rpm database in an image is an error: its packages are unread', async () => {
    const rootfs = await buildTar({
      'var/lib/rpm/Packages': Buffer.concat([Buffer.alloc(12), Buffer.from([0x61, 0x15, 0x06, 0x00])]),
    });
    const path = await put('centos7-rootfs.tar', rootfs);
    const report = await scanOne(path);
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/centos7-rootfs.tar',
        locator: '<root>/centos7-rootfs.tar!/var/lib/rpm/Packages',
        message: expect.stringMatching(/^rpm BerkeleyDB\/ndb database not read/),
      },
    ]);
    expect(computeExitCode(report, 'high')).toBe(3);
  });

  it('a member that escapes the archive by name is still read: a note, and exit 0', async () => {
    const path = await put('slip.zip', buildZip({ '../../tmp/backup.exe': clean }));
    const report = await scanOne(path);
    expect(report.errors).toEqual([]);
    expect(report.inputs[0]?.notes?.map((n) => n.message)).toEqual([
      expect.stringMatching(/point outside the archive \(zip-slip\)/),
    ]);
    expect(computeExitCode(report, 'high')).toBe(0);
  });
});

describe('interdict scan on unread archive content', () => {
  it('exits 3 and lists the unread member in the JSON errors', async () => {
    const inner = buildZip({ 'bin/nwengine.dll': engine });
    const path = await put('cli-outer.zip', buildZip({ 'inner.zip': inner }));
    const r = await runCli(['scan', path, '--max-depth', '1', '-f', 'json', '--as-of', '2024-10-01']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as Report;
    expect(errorsOf(report)).toEqual([
      {
        source: '<root>/cli-outer.zip',
        locator: '<root>/cli-outer.zip!/inner.zip',
        message: 'archive not opened: nesting depth 2 exceeds --max-depth 1',
      },
    ]);
    expect(report.inputs[0]?.errors).toHaveLength(1);
  });

  it('exits 1 when a finding at or above --fail-on sits beside an unread member', async () => {
    const path = await put(
      'cli-bomb.zip',
      buildZip({ 'zeros.bin': Buffer.alloc(64 * 1024 * 1024), 'bin/nwengine.dll': engine }),
    );
    const args = ['scan', path, '-f', 'json', '--as-of', '2024-10-01'];
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).errors.map((e) => rel(e.locator))).toEqual([
      '<root>/cli-bomb.zip!/zeros.bin',
    ]);
    expect((await runCli([...args, '--fail-on', 'never'])).code).toBe(3);
  });
});
