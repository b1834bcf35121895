import { describe, expect, it } from 'vitest';
import { osqueryJson } from '../../src/inputs/formats/osquery-json.js';
import { createBufferSource } from '../../src/inputs/source.js';
import { collect, createTestContext, readFixture } from './helpers.js';

const SRC = 'test/fixtures/inputs/osquery-json/';

describe('osquery-json', () => {
  it('reads Windows programs with product codes, install dates and JSON Pointer locators', async () => {
    const { observations, ctx } = await readFixture(osqueryJson, 'osquery-json/programs.json');
    expect(ctx.errors).toEqual([]);
    expect(ctx.records).toBe(5);
    expect(observations).toHaveLength(5);
    expect(observations[2]).toEqual({
      kind: 'program',
      name: 'Kaspersky Endpoint Security for Windows',
      version: '12.3.0.493',
      publisher: 'AO Kaspersky Lab',
      path: 'C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\',
      date: '2024-01-15',
      ids: [{ kind: 'product-code', value: '{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}' }],
      attributes: {
        install_source: 'C:\\Windows\\Temp\\kes_win\\',
        uninstall_string: 'MsiExec.exe /X{9A017278-F7F4-4DF9-A482-0B97B70DD7ED}',
        language: '1033',
      },
      origin: { source: `${SRC}programs.json`, format: 'osquery-json', locator: '/2' },
    });
    expect(observations[0]!.ids).toBeUndefined();
    expect(observations.map((o) => o.origin.locator)).toEqual(['/0', '/1', '/2', '/3', '/4']);
  });

  it('reads macOS apps by bundle id', async () => {
    const { observations } = await readFixture(osqueryJson, 'osquery-json/apps.json');
    expect(observations[1]).toMatchObject({
      kind: 'app',
      name: 'Kaspersky Internet Security',
      version: '21.16.26.11',
      path: '/Applications/Kaspersky Internet Security.app',
      ids: [
        { kind: 'bundle-id', value: 'com.kaspersky.kav.gui' },
        { kind: 'file-name', value: 'Kaspersky Internet Security' },
      ],
      origin: { locator: '/1' },
    });
    expect(observations[0]!.name).toBe('Chrome');
  });

  it.each([
    [
      'deb-packages.json',
      {
        kind: 'package',
        name: 'kesl',
        version: '12.1.0-1297',
        publisher: 'AO Kaspersky Lab <support@kaspersky.com>',
        ids: [{ kind: 'linux-package', value: 'kesl' }],
      },
      1,
    ],
    [
      'rpm-packages.json',
      {
        kind: 'package',
        name: 'klnagent64',
        version: '15.1.0-1',
        publisher: 'AO Kaspersky Lab',
        ids: [{ kind: 'linux-package', value: 'klnagent64' }],
      },
      0,
    ],
    [
      'chrome-extensions.json',
      {
        kind: 'extension',
        name: 'Kaspersky Protection',
        version: '4.0.94.2',
        ids: [{ kind: 'extension-id', value: 'amkpcclbbgegoafihnpgomddadjhcadd' }],
      },
      0,
    ],
    [
      'processes.json',
      {
        kind: 'process',
        name: 'avp.exe',
        path: 'C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\avp.exe',
        ids: [{ kind: 'process', value: 'avp.exe' }],
      },
      0,
    ],
    [
      'services.json',
      {
        kind: 'service',
        name: 'Kaspersky Endpoint Security Service',
        ids: [{ kind: 'service', value: 'AVP.KES.12.3.0' }],
      },
      0,
    ],
  ])('maps the table of %s from its columns', async (file, expected, index) => {
    const { observations, ctx } = await readFixture(osqueryJson, `osquery-json/${file}`);
    expect(ctx.errors).toEqual([]);
    expect(observations).toHaveLength(2);
    expect(observations[index]).toMatchObject({
      ...expected,
      origin: { format: 'osquery-json', locator: `/${index}` },
    });
  });

  it('keeps the host column of a fleet-wide query and skips elements the prefilter rules out', async () => {
    const text = JSON.stringify([
      {
        hostname: 'WS-1',
        name: 'Kaspersky Free',
        publisher: 'AO Kaspersky Lab',
        version: '21.3',
        identifying_number: '',
        install_location: '',
      },
      {
        hostname: 'WS-2',
        name: 'Notepad++',
        publisher: 'Notepad++ Team',
        version: '8.7.1',
        identifying_number: '',
        install_location: '',
      },
    ]);
    const ctx = createTestContext({ mayMatch: (chunk) => String(chunk).includes('Kaspersky') });
    const obs = await collect(osqueryJson.read(createBufferSource('fleet.json', text), ctx));
    expect(obs.map((o) => [o.host, o.name])).toEqual([['WS-1', 'Kaspersky Free']]);
    expect(ctx.records).toBe(2);
  });

  it('reports a bad element at its pointer and reads the others', async () => {
    const text =
      '[\n  {"name":"A","version":"1","publisher":"p","identifying_number":"","install_location":""},\n  {"name": tru},\n  42,\n  {"name":"B","version":"2","publisher":"p","identifying_number":"","install_location":""}\n]\n';
    const ctx = createTestContext();
    const obs = await collect(osqueryJson.read(createBufferSource('x.json', text), ctx));
    expect(obs.map((o) => [o.name, o.origin.locator])).toEqual([
      ['A', '/0'],
      ['B', '/3'],
    ]);
    expect(ctx.errors.map((e) => e.locator)).toEqual(['/1', '/2']);
    expect(ctx.errors[0]!.message).toMatch(/invalid JSON at line 3/);
  });

  it('reports a truncated array with the index of the unfinished element', async () => {
    const { observations, ctx } = await readFixture(osqueryJson, 'bad/truncated.json');
    expect(observations.map((o) => o.name)).toEqual(['Google Chrome']);
    expect(ctx.errors).toEqual([
      { source: 'test', locator: '/1', message: expect.stringMatching(/truncated: element 1/) },
    ]);
  });
});
