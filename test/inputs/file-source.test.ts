import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeFile } from '../../src/inputs/file-source.js';
import { readTargets } from '../../src/inputs/read-targets.js';
import { collect } from './helpers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'interdict-probe-'));
  await writeFile(join(dir, 'notes.txt'), 'Contoso Backup job 1\n'.repeat(10_000));
  const blob = Buffer.alloc(100_000, 0x41);
  blob[10] = 0;
  await writeFile(join(dir, 'blob.bin'), blob);
  const pe = Buffer.alloc(100_000);
  pe.write('MZ', 0, 'latin1');
  await writeFile(join(dir, 'tool.exe'), pe);
  const zip = Buffer.alloc(100_000);
  zip.writeUInt32BE(0x504b0304, 0);
  await writeFile(join(dir, 'bundle.zip'), zip);
  execFileSync('mkfifo', [join(dir, 'pipe')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('probeFile', () => {
  it('reads 64 KiB of text and of archives, 4 KiB of executables and of a blob no reader takes', () => {
    const sizes = ['notes.txt', 'tool.exe', 'blob.bin', 'bundle.zip'].map((name) => {
      const probed = probeFile(join(dir, name));
      probed.keep();
      return probed.sample.bytes.length;
    });
    expect(sizes).toEqual([64 * 1024, 4 * 1024, 4 * 1024, 64 * 1024]);
  });

  it('says the head is stale when another probe reused the buffer before keep()', () => {
    const first = probeFile(join(dir, 'notes.txt'));
    probeFile(join(dir, 'blob.bin'));
    expect(() => first.sample.bytes).toThrow(/reused; keep\(\) it first/);
    const kept = probeFile(join(dir, 'notes.txt'));
    kept.keep();
    probeFile(join(dir, 'blob.bin'));
    expect(kept.sample.text.startsWith('Contoso Backup job 1\n')).toBe(true);
  });

  it('refuses a named pipe at once instead of waiting for a writer', async () => {
    expect(() => probeFile(join(dir, 'pipe'))).toThrow(/not a regular file/);
    const { observations, inputs } = readTargets([join(dir, 'pipe')]);
    await collect(observations);
    expect(inputs[0]).toMatchObject({
      failed: true,
      errors: [{ message: expect.stringMatching(/not a regular file/) }],
    });
  });
});
