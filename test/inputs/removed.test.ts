import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan.js';

const program = {
  name: 'Kaspersky Endpoint Security for Windows',
  version: '12.6.0.438',
  publisher: 'AO Kaspersky Lab',
  identifying_number: '{2F8E3C6A-7B1D-4E5F-9A0B-1C2D3E4F5A6B}',
  install_location: 'C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.6.0\\',
};

function event(host: string, action: 'added' | 'removed', unixTime: number): string {
  return JSON.stringify({
    name: 'pack_inventory_programs',
    hostIdentifier: host,
    calendarTime: new Date(unixTime * 1000).toUTCString(),
    unixTime,
    epoch: 0,
    counter: 1,
    numerics: false,
    decorations: { host_uuid: '4C4C4544-0042-3410-8048-B4C04F4B3732', hostname: host },
    columns: program,
    action,
  });
}

describe('osquery differential logs', () => {
  it('withdraws a finding when a later "removed" event says the software is gone from that host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-removed-'));
    const file = join(dir, 'osqueryd.results.log');
    writeFileSync(
      file,
      [
        event('WS-FIN-014', 'added', 1727740800),
        event('WS-HR-003', 'added', 1727740900),
        event('WS-FIN-014', 'removed', 1727827200),
      ].join('\n') + '\n',
    );
    const report = await scan({ targets: [file], asOf: '2024-10-01', profile: 'us-person' });
    expect(report.inputs[0]).toMatchObject({ format: 'osquery-results', records: 3, errors: [] });
    const hosts = report.findings.map((f) => f.observation.host);
    expect(hosts).toContain('WS-HR-003');
    expect(hosts).not.toContain('WS-FIN-014');
  });
});
