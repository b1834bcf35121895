import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { osqueryJson } from '../../src/inputs/formats/osquery-json.js';
import { osqueryResults } from '../../src/inputs/formats/osquery-results.js';
import {
  detectOsqueryTable,
  OSQUERY_TABLE_COLUMNS,
  OSQUERY_TABLES,
} from '../../src/inputs/formats/osquery-tables.js';
import { createBufferSource } from '../../src/inputs/source.js';
import { scan } from '../../src/scan.js';
import { collect, createTestContext, FIXTURES, readFixture } from './helpers.js';

const LOG = 'osquery-results/packs-partial-columns.log';

/** Query names as packs and Fleet schedules spell them, by the table they select from. */
const QUERY_NAMES: Record<string, readonly string[]> = {
  programs: ['programs', 'installed_programs', 'windows_programs'],
  apps: ['apps', 'macos_apps', 'applications'],
  deb_packages: ['deb_packages', 'software_deb', 'debs', 'dpkg'],
  rpm_packages: ['rpm_packages', 'software_rpm', 'rpms'],
  chrome_extensions: ['chrome_extensions', 'browser_chrome', 'chromium_extensions'],
  firefox_addons: ['firefox_addons', 'firefox_extensions', 'addons'],
  processes: ['processes', 'running_processes'],
  services: ['services', 'windows_services'],
  drivers: ['drivers', 'windows_drivers'],
  kernel_extensions: ['kernel_extensions', 'kexts'],
  windows_security_products: ['windows_security_products', 'security_products'],
  homebrew_packages: ['homebrew_packages', 'homebrew', 'brew_packages'],
};

describe('osquery table from the query name and partial columns', () => {
  it('reads a pack_software_deb snapshot without `revision` as Debian packages', async () => {
    const { observations, ctx } = await readFixture(osqueryResults, LOG);
    expect(ctx.errors).toEqual([]);
    expect(observations.slice(0, 2).map((o) => [o.kind, o.name, o.version, o.publisher, o.ids])).toEqual([
      [
        'package',
        'openssl',
        '3.0.2-0ubuntu1.18',
        'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>',
        [{ kind: 'linux-package', value: 'openssl' }],
      ],
      [
        'package',
        'klnagent64',
        '15.1.0-20748',
        'AO Kaspersky Lab <support@kaspersky.com>',
        [{ kind: 'linux-package', value: 'klnagent64' }],
      ],
    ]);
    expect(observations[1]?.attributes).toMatchObject({ arch: 'amd64', query: 'pack_software_deb' });
  });

  it('reads rpm, programs and apps events that select only some columns', async () => {
    const { observations } = await readFixture(osqueryResults, LOG);
    expect(observations.slice(2, 5).map((o) => [o.host, o.kind, o.name, o.publisher, o.ids])).toEqual([
      [
        'db-02.corp.example',
        'package',
        'klnagent64',
        'AO Kaspersky Lab',
        [{ kind: 'linux-package', value: 'klnagent64' }],
      ],
      [
        'WS-FIN-021',
        'program',
        'Contoso Backup Agent',
        'Contoso Ltd',
        [{ kind: 'product-code', value: '{5B2A4E1C-7D3F-4A9B-8E6C-1F0D2B3A4C5D}' }],
      ],
      [
        'MBP-LEGAL-04',
        'app',
        'Contoso Backup',
        undefined,
        [{ kind: 'bundle-id', value: 'com.contoso.backup' }],
      ],
    ]);
  });

  it('lets the name decide among tables the columns fit, and columns only one table has overrule the name', async () => {
    const { observations } = await readFixture(osqueryResults, LOG);
    // name + version fit many tables: the pack name says deb.
    expect(observations[5]).toMatchObject({
      kind: 'package',
      name: 'klnagent64',
      removed: true,
      ids: [{ kind: 'linux-package', value: 'klnagent64' }],
    });
    // `release` is rpm_packages' alone, whatever the pack is called: version gets the release.
    expect(observations[6]).toMatchObject({ kind: 'package', version: '15.1.0-20748' });
  });

  it('finds the Network Agent package in the deb snapshot and the rpm events, not on the host it left', async () => {
    const report = await scan({ targets: [FIXTURES + LOG], asOf: '2024-12-02', profile: 'us-person' });
    const agent = report.findings.filter((f) => f.product.id === 'kaspersky-network-agent');
    expect(agent.map((f) => [f.observation.host, f.match.on, f.match.value]).sort()).toEqual([
      ['db-02.corp.example', 'linux-package', 'klnagent64'],
      ['db-03.corp.example', 'linux-package', 'klnagent64'],
      ['srv-web-07', 'linux-package', 'klnagent64'],
    ]);
  });

  it('reads osqueryi --json rows of a partial deb_packages select by their columns', async () => {
    const rows = JSON.stringify([
      { name: 'klnagent64', version: '15.1.0-20748', maintainer: 'AO Kaspersky Lab', arch: 'amd64' },
    ]);
    const ctx = createTestContext();
    const [obs] = await collect(osqueryJson.read(createBufferSource('deb.json', rows), ctx));
    expect(obs).toMatchObject({ kind: 'package', ids: [{ kind: 'linux-package', value: 'klnagent64' }] });
  });

  it('any non-empty subset of a table’s columns, under a query name that names it, picks that table', () => {
    expect(Object.keys(QUERY_NAMES).sort()).toEqual([...OSQUERY_TABLES].sort());
    const cases = OSQUERY_TABLES.map((table) =>
      fc.record({
        table: fc.constant(table),
        columns: fc.subarray([...OSQUERY_TABLE_COLUMNS[table]!], { minLength: 1 }),
        query: fc.constantFrom(...QUERY_NAMES[table]!),
        pack: fc.constantFrom('inventory', 'it-ops', 'Global', 'fleet_baseline', 'soc2'),
        form: fc.constantFrom('pack_%p_%q', 'pack/%p/%q', 'pack:%p:%q', '%q'),
      }),
    );
    fc.assert(
      fc.property(fc.oneof(...cases), ({ table, columns, query, pack, form }) => {
        const name = form.replace('%p', pack).replace('%q', query);
        expect(detectOsqueryTable(columns, name)).toBe(table);
      }),
      { numRuns: 2000 },
    );
  });

  it('without a query name, a subset holding a column only one table has picks that table', () => {
    const owners = new Map<string, string[]>();
    for (const table of OSQUERY_TABLES)
      for (const column of OSQUERY_TABLE_COLUMNS[table]!)
        owners.set(column, [...(owners.get(column) ?? []), table]);
    const cases = OSQUERY_TABLES.flatMap((table) => {
      const own = OSQUERY_TABLE_COLUMNS[table]!.filter((c) => owners.get(c)?.length === 1);
      if (!own.length) return [];
      return [
        fc.record({
          table: fc.constant(table),
          own: fc.constantFrom(...own),
          rest: fc.subarray([...OSQUERY_TABLE_COLUMNS[table]!]),
        }),
      ];
    });
    expect(cases.length).toBe(OSQUERY_TABLES.length);
    fc.assert(
      fc.property(fc.oneof(...cases), ({ table, own, rest }) => {
        expect(detectOsqueryTable([...new Set([own, ...rest])])).toBe(table);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the generic program for a query of a table it does not know', () => {
    expect(detectOsqueryTable(['name', 'version'], 'pack_software_npm_packages')).toBeUndefined();
    expect(detectOsqueryTable(['name', 'version'])).toBeUndefined();
  });
});
