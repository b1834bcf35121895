import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { reportSchema } from '../../src/report/report-schema.js';
import { runCli } from './run-cli.js';

const fixture = (p: string) => join(import.meta.dirname, '../fixtures/evidence', p);

async function scanJson(file: string) {
  const r = await runCli(['scan', file, '-f', 'json', '--as-of', '2025-01-01']);
  return JSON.parse(r.stdout) as Report;
}

describe('evidence behind a finding', () => {
  it('finds the Kaspersky app pre-installed on phones sold in Japan, on a followable source', async () => {
    const report = await scanJson(fixture('pm-list-japan.txt'));
    expect(report.findings.map((f) => [f.product.id, f.match.value])).toEqual([
      ['kaspersky-mobile-security', 'com.kmsjp'],
    ]);
    expect(report.findings[0]!.match.sources).toEqual(['debloat-list-com-kmsjp']);
    expect(report.findings[0]!.match).not.toHaveProperty('evidence');
  });

  it('says match.evidence "weak" when no followable source shows the value that hit', async () => {
    const report = await scanJson(fixture('pkgutil-kav-components.txt'));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]!.product.id).toBe('kaspersky-macos');
    expect(report.findings[0]!.match).toMatchObject({
      on: 'pkg-id',
      value: 'com.kaspersky.kav.oas',
      evidence: 'weak',
    });
    expect(reportSchema.safeParse(report).success).toBe(true);
  });

  it('shows weak evidence in explain, and data verify counts what a reader can check', async () => {
    const explained = await runCli(['explain', 'kaspersky-macos']);
    expect(explained.stdout).toMatch(/pkg-id\s+com\.kaspersky\.kav\.oas \(exact, medium, weak evidence\)/);
    expect(explained.stdout).toMatch(/android-package|bundle-id/);
    const verify = await runCli(['data', 'verify', '--json']);
    const { ok, evidence } = JSON.parse(verify.stdout) as {
      ok: boolean;
      evidence: { identifiers: number; resolvable: number; weak: number };
    };
    expect(ok).toBe(true);
    expect(evidence.resolvable + evidence.weak).toBe(evidence.identifiers);
    expect(evidence.resolvable).toBeGreaterThan(evidence.weak);
  });

  it('shows a repo locator with the address it stands for', async () => {
    const r = await runCli(['explain', 'debloat-list-com-kmsjp']);
    expect(r.stdout).toContain(
      'MuntashirAkon/android-debloat-list:bloatware/com.kmsjp.html@8dfe79c7db6320822de24206f3ceef559e3d3812 (https://github.com/MuntashirAkon/android-debloat-list/blob/8dfe79c7db6320822de24206f3ceef559e3d3812/bloatware/com.kmsjp.html)',
    );
  });
});
