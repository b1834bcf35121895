import { describe, expect, it } from 'vitest';
import { osqueryResults } from '../../src/inputs/formats/osquery-results.js';
import { createTestContext, readFixture } from './helpers.js';

const SRC = 'test/fixtures/inputs/osquery-results/osqueryd.results.log';

describe('osquery-results', () => {
  it('reads event, batch and snapshot lines with host, query, removal and locators', async () => {
    const { observations, ctx } = await readFixture(osqueryResults, 'osquery-results/osqueryd.results.log');
    expect(ctx.errors).toEqual([]);
    expect(ctx.records).toBe(5);
    expect(
      observations.map((o) => [
        o.host,
        o.name,
        o.removed ?? false,
        o.origin.locator,
        o.attributes?.['query'],
      ]),
    ).toEqual([
      ['WS-FIN-014', 'Google Chrome', false, 'line 1', 'pack_inventory_programs'],
      ['WS-FIN-014', 'Kaspersky Endpoint Security for Windows', false, 'line 2', 'pack_inventory_programs'],
      ['WS-FIN-014', 'Kaspersky Endpoint Security for Windows', true, 'line 3', 'pack_inventory_programs'],
      [
        'WS-HR-003',
        'ESET Endpoint Antivirus',
        false,
        'line 5 /diffResults/added/0',
        'pack_inventory_programs',
      ],
      [
        'WS-HR-003',
        'Kaspersky Endpoint Security for Windows',
        true,
        'line 5 /diffResults/removed/0',
        'pack_inventory_programs',
      ],
      ['WS-HR-003', 'Google Chrome', false, 'line 6 /snapshot/0', 'pack_inventory_programs_snapshot'],
      [
        'WS-HR-003',
        'ESET Endpoint Antivirus',
        false,
        'line 6 /snapshot/1',
        'pack_inventory_programs_snapshot',
      ],
    ]);
    expect(observations[1]).toEqual({
      kind: 'program',
      name: 'Kaspersky Endpoint Security for Windows',
      version: '12.3.0.493',
      publisher: 'AO Kaspersky Lab',
      path: 'C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\',
      date: '2024-11-28',
      host: 'WS-FIN-014',
      ids: [{ kind: 'product-code', value: '{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}' }],
      attributes: {
        install_source: 'C:\\Windows\\Temp\\kes_win\\',
        uninstall_string: 'MsiExec.exe /X{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}',
        language: '1033',
        query: 'pack_inventory_programs',
        time: '2024-11-28T08:00:00.000Z',
      },
      origin: { source: SRC, format: 'osquery-results', locator: 'line 2' },
    });
  });

  it('prefilters lines: what cannot match is counted, not parsed', async () => {
    const ctx = createTestContext({ mayMatch: (chunk) => chunk.includes('ESET') });
    const { observations } = await readFixture(osqueryResults, 'osquery-results/osqueryd.results.log', ctx);
    expect(observations.map((o) => o.origin.locator)).toEqual([
      'line 5 /diffResults/added/0',
      'line 5 /diffResults/removed/0',
      'line 6 /snapshot/0',
      'line 6 /snapshot/1',
    ]);
    expect(ctx.records).toBe(5);
  });

  it('reports a broken line and goes on with the next', async () => {
    const { observations, ctx } = await readFixture(osqueryResults, 'osquery-results/truncated-line.log');
    expect(observations.map((o) => o.origin.locator)).toEqual(['line 1', 'line 3']);
    expect(ctx.errors.map((e) => e.locator)).toEqual(['line 2']);
    expect(ctx.errors[0]!.message).toMatch(/invalid JSON/);
    expect(ctx.records).toBe(3);
  });
});
