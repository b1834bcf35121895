import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'dist/bin/interdict.js');

const NAMES = [
  'Kaspersky Endpoint Security for Windows',
  'Kaspersky Total Security',
  'Kaspersky Security Center Network Agent',
];

function hitLine(i: number): string {
  const row = { name: NAMES[i % NAMES.length], version: '12.6.0.438', publisher: 'AO Kaspersky Lab' };
  return JSON.stringify({
    name: 'pack_inventory_programs',
    hostIdentifier: `ws-${i}`,
    unixTime: 1795870600,
    columns: row,
  });
}

/** A results log past the size read in slices by workers: Kaspersky rows among filler, some lines broken. */
function writeBigLog(path: string): void {
  const filler = JSON.stringify({
    name: 'pack_processes',
    hostIdentifier: 'ws-0001',
    unixTime: 1795870600,
    columns: { name: 'svchost.exe', path: 'C:\\Windows\\System32\\svchost.exe' },
    action: 'added',
  });
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 66 * 1024 * 1024; i++) {
    const line = i % 50_000 === 7 ? hitLine(i) : i % 70_001 === 3 ? '{"kaspersky": broken' : filler;
    parts.push(i % 3 === 0 ? `${line}\r\n` : `${line}\n`);
    bytes += line.length + 2;
  }
  writeFileSync(path, parts.join('') + hitLine(1)); // no final newline
}

const SCAN_FLAGS = '-q -f json --fail-on never --as-of 2026-11-28'.split(' ');

describe.skipIf(!existsSync(bin))('scanning a big line log in slices', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interdict-slices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports exactly what one pass reports: findings, locators, records and errors', () => {
    const log = join(dir, 'osqueryd.results.log');
    writeBigLog(log);
    // Records the modules each thread resolves: a missing worker entry would fall back to one pass.
    const loaded = join(dir, 'loaded.txt');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(loaded)}, r.url + '\\n'); return r; }\n`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const scan = (workers: string) => {
      const r = spawnSync(
        process.execPath,
        ['--import', register, bin, 'scan', log, ...SCAN_FLAGS, '--workers', workers],
        { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      // 3: some lines could not be read (the broken ones), the same either way.
      expect(r.status).toBe(3);
      return JSON.parse(r.stdout) as {
        findings: { sightings?: { locator?: string }[] }[];
        inputs: { records: number; errors: { locator: string }[] }[];
      };
    };
    const split = scan('2');
    expect(readFileSync(loaded, 'utf8')).toContain('/dist/bin/range-worker.js');
    const whole = scan('0');
    expect(split).toEqual(whole);
    expect(whole.findings.length).toBeGreaterThan(0);
    expect(whole.inputs[0]!.errors.length).toBeGreaterThan(0);
  }, 60_000);
});
