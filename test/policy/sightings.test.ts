import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { scan } from '../../src/scan.js';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'interdict-sightings-'));
function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// `osqueryi --json "select * from programs"`: the same product installed twice, once from the MSI
// and once from the vendor's own installer, with one display name and version.
const programs = write(
  'programs.json',
  JSON.stringify([
    {
      identifying_number: '{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}',
      install_location: '',
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'AO Kaspersky Lab',
      version: '12.3.0.493',
    },
    {
      identifying_number: '{B7E1A3C2-0D4F-4E5A-9C3B-1F2E3D4C5B6A}',
      install_location: '',
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'Kaspersky',
      version: '12.3.0.493',
    },
  ]),
);

// osquery `apps` rows that carry nothing but a bundle id: an agent and its system extension.
const apps = write(
  'apps.json',
  JSON.stringify([
    { bundle_identifier: 'com.kaspersky.kav_agent', bundle_short_version: '21.16', name: '', path: '' },
    { bundle_identifier: 'com.kaspersky.kav.sysext', bundle_short_version: '21.16', name: '', path: '' },
  ]),
);

// A vendor master with one supplier under two contracts: one signed before the ban on new
// agreements (2024-07-20), one after it.
const vendors = write(
  'vendors.csv',
  [
    'Vendor ID,Supplier Name,Country,Contract ID,Contract Start Date',
    'V-1,"Kaspersky Lab, Inc.",US,C-2023-0001,2023-03-01',
    'V-1,"Kaspersky Lab, Inc.",US,C-2024-0402,2024-07-25',
    '',
  ].join('\n'),
);

async function findingsOf(path: string, asOf = '2026-12-01'): Promise<Finding[]> {
  const report = await scan({ targets: [path], asOf, profile: 'us-person' });
  expect(report.errors).toEqual([]);
  return report.findings;
}

describe('no matched record is merged away', () => {
  it('keeps both installs of one program as sightings of its finding', async () => {
    const findings = await findingsOf(programs);
    expect(findings).toHaveLength(1);
    const sightings = findings[0]!.sightings ?? [];
    expect(sightings.map((s) => s.observation.publisher)).toEqual(['AO Kaspersky Lab', 'Kaspersky']);
    expect(sightings.map((s) => s.observation.origin.locator)).toEqual(['/0', '/1']);
    const codes = sightings.flatMap((s) => s.observation.ids ?? []).map((i) => i.value);
    expect(codes).toContain('{B7E1A3C2-0D4F-4E5A-9C3B-1F2E3D4C5B6A}');
  });

  it('keeps records with neither name nor path apart by their identifiers', async () => {
    const findings = await findingsOf(apps);
    const values = findings.map((f) => f.observation.ids?.map((i) => i.value).join(','));
    expect(values.sort()).toEqual(['com.kaspersky.kav.sysext', 'com.kaspersky.kav_agent']);
  });

  it('lets the barred new agreement speak for a supplier with two contracts', async () => {
    // Between the two phases: the old contract is not yet reached, the new one already barred.
    const findings = await findingsOf(vendors, '2024-08-01');
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.observation.origin.locator).toBe('line 3');
    expect(finding!.status).toBe('blocked-transaction');
    expect(finding!.sightings?.map((s) => [s.observation.origin.locator, s.status])).toEqual([
      ['line 3', 'blocked-transaction'],
      ['line 2', 'upcoming'],
    ]);
  });

  it('fails the build on the later contract', async () => {
    const { code, stdout } = await runCli([
      'scan',
      vendors,
      '--fail-on',
      'high',
      '-f',
      'json',
      '--as-of',
      '2024-08-01',
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { findings: Finding[] };
    expect(report.findings[0]!.sightings).toHaveLength(2);
  });

  it('folds identical repeats of a record into one sighting with their places', async () => {
    const row = {
      identifying_number: '{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}',
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'AO Kaspersky Lab',
      version: '12.3.0.493',
    };
    const findings = await findingsOf(write('repeats.json', JSON.stringify([row, row, row])));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.sightings).toEqual([expect.objectContaining({ repeats: ['/1', '/2'] })]);
  });
});
