import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { INPUT_FORMAT_IDS } from '../../src/inputs/registry.js';
import { runCli } from './run-cli.js';

const fixture = (p: string) => join(import.meta.dirname, '../fixtures/inputs', p);
const programs = fixture('osquery-json/programs.json');

async function scanJson(args: string[]) {
  const r = await runCli(['scan', ...args, '-f', 'json']);
  return { ...r, report: JSON.parse(r.stdout) as Report };
}

describe('interdict scan', () => {
  it('lists every --input-format id of the registry in its help, in registry order', async () => {
    for (const argv of [
      ['scan', '--help'],
      ['help', 'scan'],
    ]) {
      const { code, stdout } = await runCli(argv);
      expect(code).toBe(0);
      const listed = stdout
        .slice(stdout.indexOf('Input formats (--input-format):'))
        .split('\n')
        .slice(1)
        .flatMap((line) => line.split(',').map((id) => id.trim()))
        .filter(Boolean);
      expect(listed).toEqual([...INPUT_FORMAT_IDS]);
      expect(stdout.split('\n').every((line) => line.length <= 100)).toBe(true);
    }
  });

  it('reports the ICTS phases by date for a us-person', async () => {
    const before = await scanJson([programs, '--as-of', '2024-07-01']);
    const kes = before.report.findings.find((f) => f.product.id === 'kaspersky-endpoint-security-windows')!;
    expect(kes.status).toBe('upcoming');
    expect(kes.determinations.find((d) => d.id === 'us-bis-icts-2021-002')).toMatchObject({
      since: '2024-09-29',
      daysLeft: 90,
    });
    expect(before.code).toBe(0); // upcoming is medium, below the default --fail-on high

    const after = await scanJson([programs, '--as-of', '2024-10-01']);
    expect(after.report.findings.find((f) => f.product.id === kes.product.id)!.status).toBe('unsupported');
    expect(after.code).toBe(1);
  });

  it.each(['2024-07-01', '2024-10-01'])('is prohibited for a federal contractor on %s', async (asOf) => {
    const { report } = await scanJson([programs, '--as-of', asOf, '--profile', 'federal-contractor']);
    const kes = report.findings.find((f) => f.product.id === 'kaspersky-endpoint-security-windows')!;
    expect(kes.status).toBe('prohibited');
    expect(kes.severity).toBe('critical');
  });

  it('writes the JSON contract with origins that point at the record', async () => {
    const { report } = await scanJson([programs, '--as-of', '2025-01-01']);
    expect(report.schema).toBe('interdict/report@1');
    expect(report.inputs).toEqual([
      expect.objectContaining({ source: programs, format: 'osquery-json', errors: [] }),
    ]);
    const f = report.findings[0]!;
    expect(f.observation.origin.locator).toMatch(/^\/\d+$/);
    expect(f.reasons.length).toBeGreaterThanOrEqual(3);
    expect(f.determinations.every((d) => d.citation && d.sources.length)).toBe(true);
  });

  it('exits 0 on a clean input, 3 when a record could not be read, 2 when nothing could', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-cli-'));
    const clean = join(dir, 'clean.csv');
    writeFileSync(
      clean,
      'DisplayName,Publisher,DisplayVersion\nNotepad++ (64-bit x64),Notepad++ Team,8.6.9\n',
    );
    expect((await runCli(['scan', clean])).code).toBe(0);
    expect((await runCli(['scan', fixture('bad/truncated.json')])).code).toBe(3);
    const missing = await runCli(['scan', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).toContain('nope.json');
    expect((await runCli(['scan', fixture('bad/garbage.bin')])).code).toBe(2);
  });

  it('honours --fail-on', async () => {
    expect((await runCli(['scan', programs, '--as-of', '2025-01-01', '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCli(['scan', programs, '--as-of', '2025-01-01', '--fail-on', 'never'])).code).toBe(0);
    expect((await runCli(['scan', programs, '--as-of', '2024-07-01', '--fail-on', 'medium'])).code).toBe(1);
  });

  it('reads stdin with -', async () => {
    const r = await runCli(
      ['scan', '-', '-f', 'json', '--as-of', '2025-01-01'],
      readFileSync(programs, 'utf8'),
    );
    expect((JSON.parse(r.stdout) as Report).findings.length).toBeGreaterThan(0);
  });

  it('writes several formats in one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-cli-'));
    const r = await runCli([
      'scan',
      programs,
      '-q',
      '-o',
      join(dir, 'out.sarif'),
      '-o',
      `markdown=${join(dir, 'out.md')}`,
    ]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(join(dir, 'out.md'), 'utf8')).toContain('Kaspersky Endpoint Security for Windows');
  });

  it('applies waivers from an explicit file and reports expired ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-cli-'));
    const file = join(dir, 'waivers.yaml');
    writeFileSync(
      file,
      [
        'waivers:',
        '  - id: LAB-1',
        '    scope: { product: kaspersky-endpoint-security-windows }',
        '    reason: malware lab, isolated network',
        '    approvedBy: ciso@example.com',
        '    expires: 2025-06-30',
        '  - id: OLD-1',
        '    scope: { host: "retired-*" }',
        '    reason: old',
        '    approvedBy: ciso@example.com',
        '    expires: 2024-01-01',
      ].join('\n'),
    );
    const { report } = await scanJson([programs, '--as-of', '2025-01-01', '--waivers', file]);
    const kes = report.findings.find((f) => f.product.id === 'kaspersky-endpoint-security-windows')!;
    expect(kes.status).toBe('waived');
    expect(kes.waiver).toMatchObject({ id: 'LAB-1', approvedBy: 'ciso@example.com' });
    expect(report.waivers).toContainEqual(expect.objectContaining({ id: 'OLD-1', state: 'expired' }));
  });

  it('rejects a bad waivers file and a bad date with exit 2 and a hint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-cli-'));
    const file = join(dir, 'waivers.yaml');
    writeFileSync(file, 'waivers:\n  - id: X\n    scope: {}\n');
    const bad = await runCli(['scan', programs, '--waivers', file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('waivers.yaml');
    const date = await runCli(['scan', programs, '--as-of', '2024-13-45']);
    expect(date.code).toBe(2);
    expect(date.stderr).toContain('--as-of');
  });
});

describe('interdict explain and data', () => {
  it('explains a determination with its phases and sources', async () => {
    const r = await runCli(['explain', 'us-bis-icts-2021-002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2024-07-20');
    expect(r.stdout).toContain('2024-09-29');
    expect(r.stdout).toContain('89 FR 52434');
  });

  it('says which determinations reach a product', async () => {
    const r = await runCli(['explain', 'kaspersky-endpoint-security-windows', '--json']);
    const e = JSON.parse(r.stdout) as { coverage: { determination: string; scope: string }[] };
    expect(e.coverage).toContainEqual(
      expect.objectContaining({ determination: 'us-bis-icts-2021-002', scope: 'covered' }),
    );
  });

  it('fails on an unknown id with a hint', async () => {
    const r = await runCli(['explain', 'endpoint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean');
  });

  it('lists and verifies the bundled pack', async () => {
    const list = await runCli(['data', 'list', '--json']);
    expect(JSON.parse(list.stdout).counts.determinations).toBeGreaterThanOrEqual(6);
    const verify = await runCli(['data', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('ok');
  });
});

describe('interdict report', () => {
  it('re-renders a saved JSON report into SARIF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-cli-'));
    const saved = join(dir, 'saved.json');
    const first = await runCli(['scan', programs, '-q', '-o', saved, '--as-of', '2025-01-01']);
    expect(first.code).toBe(1);
    const r = await runCli(['report', saved, '-f', 'sarif']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).runs[0].results.length).toBeGreaterThan(0);
  });
});

describe('interdict data update', () => {
  it('installs a newer valid pack for this user and scans with it; refuses an invalid one', async () => {
    const { cpSync, readFileSync: read, writeFileSync: write } = await import('node:fs');
    const home = mkdtempSync(join(tmpdir(), 'interdict-home-'));
    const newer = mkdtempSync(join(tmpdir(), 'interdict-pack-'));
    cpSync(join(import.meta.dirname, '../../data'), newer, { recursive: true });
    const manifest = join(newer, 'pack.yaml');
    write(manifest, read(manifest, 'utf8').replace(/^version:.*$/m, 'version: 2099.1.1'));
    const env = { INTERDICT_DATA_HOME: join(home, 'data') };
    const { run } = await import('../../src/cli/run.js');
    const { PassThrough } = await import('node:stream');
    let out = '';
    const io = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (out += s) },
      stdin: new PassThrough(),
      env,
    };
    expect(await run(['data', 'update', newer], io)).toBe(0);
    expect(out).toContain('installed');
    expect(read(join(home, 'data', 'pack.yaml'), 'utf8')).toContain('2099.1.1');
    out = '';
    expect(await run(['data', 'update', newer], io)).toBe(0);
    expect(out).toContain('not newer');

    const broken = mkdtempSync(join(tmpdir(), 'interdict-pack-'));
    cpSync(newer, broken, { recursive: true });
    write(join(broken, 'pack.yaml'), 'name: x\n');
    out = '';
    expect(await run(['data', 'update', broken, '--force'], io)).toBe(1);
    expect(out).toContain('pack.yaml');
  });
});

describe('exempt classes and the FCC profile', () => {
  it('reports Kaspersky threat intelligence as exempt for a us-person and the FCC list only for USF recipients', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-cli-'));
    const list = join(dir, 'domains.txt');
    writeFileSync(list, 'opentip.kaspersky.com\nwww.example.org\n');
    const person = await scanJson([list, '--as-of', '2025-01-01', '--input-format', 'domain-list']);
    expect(person.report.findings.map((f) => f.status)).toEqual(['exempt']);
    expect(person.code).toBe(0);
    const usf = await scanJson([programs, '--as-of', '2025-01-01', '--profile', 'usf-recipient']);
    const kes = usf.report.findings.find((f) => f.product.id === 'kaspersky-endpoint-security-windows')!;
    expect(kes.determinations.map((d) => d.id)).toContain('us-fcc-covered-list-2022');
    const plain = await scanJson([programs, '--as-of', '2025-01-01']);
    expect(plain.report.findings.flatMap((f) => f.determinations.map((d) => d.id))).not.toContain(
      'us-fcc-covered-list-2022',
    );
  });
});
