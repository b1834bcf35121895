import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { runCli } from './run-cli.js';

/**
 * The bundled examples are what a new user scans first (`npm start`): every planted Kaspersky
 * record must be found, with the status each ruling gives it on each date and for each profile.
 */
const examples = join(import.meta.dirname, '../../examples');
const rel = (source: string) => source.slice(source.indexOf('examples/') + 'examples/'.length);

const PLANTED: [string, string, string][] = [
  ['zeek-dns.log', 'line 10', 'kaspersky-cloud-services'],
  ['zeek-dns.log', 'line 11', 'kaspersky-cloud-services'],
  ['zeek-dns.log', 'line 14', 'kaspersky-cloud-services'],
  ['fleet/earlier/ws-eng-118.programs.json', '/1', 'kaspersky-endpoint-security-windows'],
  ['fleet-windows-programs.json', '/1', 'kaspersky-endpoint-security-windows'],
  ['fleet/ws-fin-014.programs.json', '/1', 'kaspersky-endpoint-security-windows'],
  ['intune-apps.csv', 'line 2', 'kaspersky-endpoint-security-windows'],
  ['fleet/earlier/ws-ops-031.programs.json', '/1', 'kaspersky-endpoint-security-windows'],
  ['fleet/ws-hr-022.intune.csv', 'line 2', 'kaspersky-internet-security'],
  ['fleet-windows-programs.json', '/2', 'kaspersky-network-agent'],
  ['fleet/ws-fin-014.programs.json', '/2', 'kaspersky-network-agent'],
  ['fleet/earlier/ws-ops-031.programs.json', '/2', 'kaspersky-network-agent'],
  ['fleet/gw-edge-01.cdx.json', '/components/0', 'kaspersky-scan-engine'],
  ['sbom.cdx.json', '/components/0', 'kaspersky-scan-engine'],
  ['fleet/earlier/srv-app-02.programs.json', '/0', 'kaspersky-security-windows-server'],
  ['winget-export.json', '/Sources/0/Packages/1', 'kaspersky-standard-plus-premium'],
  ['fleet/gw-edge-01.cdx.json', '/components/0/components/0', 'kaspersky-unidentified'],
  ['sbom.cdx.json', '/components/0/components/0', 'kaspersky-unidentified'],
  ['vendors.csv', 'line 18', 'ao-kaspersky-lab'],
  ['vendors.csv', 'line 23', 'kaspersky-labs-limited'],
];

async function scanExamples(asOf: string, profile: string) {
  const r = await runCli(['scan', examples, '-f', 'json', '--as-of', asOf, '--profile', profile]);
  const report = JSON.parse(r.stdout) as Report;
  const status = new Map(
    report.findings.map((f) => [`${rel(f.observation.origin.source)} ${f.observation.origin.locator}`, f]),
  );
  return { code: r.code, report, status };
}

describe('scanning the bundled examples', () => {
  it('finds every planted record and nothing else', async () => {
    const { report } = await scanExamples('2024-10-01', 'us-person');
    const found = report.findings.map((f) => [
      rel(f.observation.origin.source),
      f.observation.origin.locator,
      f.product.id,
    ]);
    expect(found.sort()).toEqual([...PLANTED].sort());
    expect(report.errors).toEqual([]);
  });

  it('as of 2024-07-01, a us-person has 90 days left on installed software', async () => {
    const { status, code } = await scanExamples('2024-07-01', 'us-person');
    const kes = status.get('fleet-windows-programs.json /1')!;
    expect(kes.status).toBe('upcoming');
    expect(kes.determinations.find((d) => d.id === 'us-bis-icts-2021-002')!.daysLeft).toBe(90);
    // The supplier whose contract began in 2023 is an existing agreement for ICTS until 2024-09-29,
    // but AO Kaspersky Lab has been on the Entity List since 2024-06-24.
    const supplier = status.get('vendors.csv line 18')!;
    expect(supplier.status).toBe('blocked-transaction');
    expect(supplier.determinations.find((d) => d.id === 'us-bis-icts-2021-002')).toMatchObject({
      status: 'upcoming',
      since: '2024-09-29',
    });
    expect(supplier.determinations.find((d) => d.id === 'us-bis-entity-list-2024')!.status).toBe(
      'blocked-transaction',
    );
    expect(code).toBe(1); // the supplier on the Entity List is high
  });

  it('as of 2024-10-01, installed software is unsupported and Kaspersky suppliers are blocked', async () => {
    const { status, code } = await scanExamples('2024-10-01', 'us-person');
    for (const [source, locator] of PLANTED) {
      const expected = source === 'vendors.csv' ? 'blocked-transaction' : 'unsupported';
      expect(status.get(`${source} ${locator}`)!.status, `${source} ${locator}`).toBe(expected);
    }
    expect(code).toBe(1);
  });

  it.each(['2024-07-01', '2024-10-01'])(
    'for a federal contractor, installed software is prohibited on %s',
    async (asOf) => {
      const { status } = await scanExamples(asOf, 'federal-contractor');
      for (const key of [
        'fleet-windows-programs.json /1',
        'intune-apps.csv line 2',
        'sbom.cdx.json /components/0',
      ]) {
        expect(status.get(key)!.status, key).toBe('prohibited');
      }
    },
  );

  it('exits 0 on the clean example', async () => {
    const r = await runCli(['scan', join(examples, 'clean-macos-apps.json')]);
    expect(r.code).toBe(0);
  });
});
