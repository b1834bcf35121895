import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'dist/bin/interdict.js');

/** The installed command, as a user runs it: the build from `npm install` (prepare). */
describe.skipIf(!existsSync(bin))('the built interdict command', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('prints help and its version', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const command of ['scan', 'explain', 'data', 'report']) expect(help.stdout).toContain(command);
    expect(run('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('scans the bundled examples and exits 1 on their Kaspersky rows', () => {
    const r = run('scan', 'examples/', '--as-of', '2025-01-01');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Kaspersky');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it.each([
    [0, 'data', 'show'],
    [1, 'scan', 'examples/', '-f', 'json', '--as-of', '2025-01-01'],
  ])('stops quietly with exit %i when the reader closes the pipe: %s %s', (code, ...args) => {
    // `… | head -c 0`: the reader is gone before the first write.
    const command = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('bash', ['-c', `${command} | head -c 0; exit \${PIPESTATUS[0]}`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(code);
  });

  it('exits 2 with one line and a hint on a usage error', () => {
    const r = run('scan', '--profile', 'martian');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('martian');
  });
});
