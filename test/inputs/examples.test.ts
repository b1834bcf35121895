import { describe, expect, it } from 'vitest';
import { readTargets } from '../../src/inputs/read-targets.js';
import { collect } from './helpers.js';

describe('examples/', () => {
  it('every sample input is detected and read without errors', async () => {
    const { observations, inputs } = readTargets(['examples'], {});
    const obs = await collect(observations);
    const mine = inputs.filter((i) =>
      /fleet-windows|osqueryd-results|sbom\.cdx|intune-apps|clean-macos/.test(i.source),
    );
    expect(mine.map((i) => [i.source, i.format, i.errors, i.skipped])).toEqual([
      ['examples/clean-macos-apps.json', 'osquery-json', [], undefined],
      ['examples/fleet-windows-programs.json', 'osquery-json', [], undefined],
      ['examples/intune-apps.csv', 'csv', [], undefined],
      ['examples/osqueryd-results.log', 'osquery-results', [], undefined],
      ['examples/sbom.cdx.json', 'cyclonedx-json', [], undefined],
    ]);
    const fleet = obs.filter((o) => o.origin.source === 'examples/fleet-windows-programs.json');
    expect(fleet.filter((o) => o.publisher === 'AO Kaspersky Lab').map((o) => [o.host, o.name])).toEqual([
      ['WS-FIN-014', 'Kaspersky Endpoint Security for Windows'],
      ['WS-FIN-014', 'Kaspersky Security Center Network Agent'],
    ]);
  });
});
