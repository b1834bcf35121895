import { describe, expect, it } from 'vitest';
import { mapCsvHeader, parseCsvMap } from '../../src/inputs/formats/csv-header.js';
import { createCsvFormat, csv } from '../../src/inputs/formats/csv.js';
import { createBufferSource } from '../../src/inputs/source.js';
import { collect, createTestContext, readFixture } from './helpers.js';

describe('csv', () => {
  it('reads an Intune discovered-apps export with device names as hosts', async () => {
    const { observations, ctx } = await readFixture(csv, 'csv/intune-apps.csv');
    expect(ctx.errors).toEqual([]);
    expect(ctx.records).toBe(3);
    expect(observations[0]).toEqual({
      kind: 'program',
      name: 'Kaspersky Endpoint Security for Windows',
      publisher: 'AO Kaspersky Lab',
      version: '12.3.0.493',
      host: 'WS-FIN-014',
      origin: { source: 'test/fixtures/inputs/csv/intune-apps.csv', format: 'csv', locator: 'line 2' },
    });
    expect(observations[2]).toMatchObject({
      name: 'ESET Endpoint Antivirus',
      publisher: 'ESET, spol. s r.o.',
      host: 'WS-HR-003',
      origin: { locator: 'line 4' },
    });
  });

  it.each([
    ['semicolon.csv', 'Kaspersky Security Center Network Agent', 'AO Kaspersky Lab', 'SRV-APP-02'],
    ['lansweeper.tsv', 'Bitdefender Endpoint Security Tools', 'Bitdefender', 'LT-OPS-221'],
    ['utf16le-bom.csv', 'Kaspersky Free', 'AO Kaspersky Lab', undefined],
    ['latin1.csv', 'Antivirus Protección Total', 'Seguridad Informática S.A.', undefined],
  ])('detects the delimiter and encoding of %s', async (file, name, publisher, host) => {
    const { observations, ctx } = await readFixture(csv, `csv/${file}`);
    expect(ctx.errors).toEqual([]);
    expect(observations[0]).toMatchObject({ name, publisher, origin: { locator: 'line 2' } });
    expect(observations[0]!.host).toBe(host);
  });

  it('reads a supplier list as suppliers with their evidence', async () => {
    const { observations } = await readFixture(csv, 'csv/vendors.csv');
    expect(observations[0]).toEqual({
      kind: 'supplier',
      name: 'AO Kaspersky Lab',
      attributes: {
        country: 'RU',
        'Registration Number': '1027739867473',
        Address: '39A/2 Leningradskoe Shosse, Moscow',
      },
      origin: { source: 'test/fixtures/inputs/csv/vendors.csv', format: 'csv', locator: 'line 2' },
    });
  });

  it('reports an unclosed quote at its line and still reads the lines it would have swallowed', async () => {
    const { observations, ctx } = await readFixture(csv, 'csv/unclosed-quote.csv');
    expect(ctx.errors).toEqual([
      { source: 'test', locator: 'line 2', message: expect.stringMatching(/unclosed quote/) },
    ]);
    expect(observations.map((o) => [o.name, o.origin.locator])).toEqual([
      ['Google Chrome', 'line 3'],
      ['Notepad++ "portable"', 'line 4'],
    ]);
  });

  it('reports ragged rows: short ones read, long ones skipped', async () => {
    const { observations, ctx } = await readFixture(csv, 'csv/ragged.csv');
    expect(ctx.errors.map((e) => e.locator)).toEqual(['line 2', 'line 3']);
    expect(observations.map((o) => o.name)).toEqual(['Google Chrome', 'Mozilla Firefox']);
    expect(ctx.records).toBe(3);
  });

  it('keeps multi-line quoted fields as one record, numbered by their first line', async () => {
    const text =
      'Name,Publisher,Notes\n"Kaspersky Free","AO Kaspersky Lab","line one\n\nline three"\nCCleaner,Piriform,x\n';
    const obs = await collect(csv.read(createBufferSource('m.csv', text), createTestContext()));
    expect(obs.map((o) => [o.name, o.origin.locator])).toEqual([
      ['Kaspersky Free', 'line 2'],
      ['CCleaner', 'line 5'],
    ]);
  });

  it('uses an explicit --csv-map and says which mapped column is missing', async () => {
    const text = 'Title,Maker,Rev\nKaspersky Free,AO Kaspersky Lab,21.3\n';
    const ctx = createTestContext();
    const obs = await collect(
      createCsvFormat(parseCsvMap('name=Title, publisher=Maker, version=Build')).read(
        createBufferSource('x.csv', text),
        ctx,
      ),
    );
    expect(obs[0]).toMatchObject({ name: 'Kaspersky Free', publisher: 'AO Kaspersky Lab' });
    expect(obs[0]!.version).toBeUndefined();
    expect(ctx.errors[0]).toMatchObject({ locator: 'line 1', message: expect.stringMatching(/Build/) });
  });

  it('fails with a hint when no column names the software', async () => {
    const ctx = createTestContext();
    const obs = await collect(csv.read(createBufferSource('x.csv', 'a,b\n1,2\n'), ctx));
    expect(obs).toEqual([]);
    expect(ctx.errors[0]!.message).toMatch(/--csv-map name=COLUMN/);
  });
});

describe('csv header mapping', () => {
  it.each([
    [
      ['Display Name', 'Publisher', 'Display Version', 'Computer Name'],
      { name: 0, publisher: 1, version: 2, host: 3 },
    ],
    [['software', 'VENDOR', 'version', 'Device name'], { name: 0, publisher: 1, version: 2, host: 3 }],
    [
      ['ApplicationName', 'ApplicationPublisher', 'ApplicationVersion', 'DeviceName'],
      { name: 0, publisher: 1, version: 2, host: 3 },
    ],
    [
      ['Product', 'Manufacturer', 'Identifying Number', 'Install Location'],
      { name: 0, publisher: 1, 'product-code': 2, path: 3 },
    ],
    [['App', 'bundle_id', 'Package'], { name: 0, 'bundle-id': 1, package: 2 }],
  ])('maps %j', (header, expected) => {
    expect(mapCsvHeader(header).columns).toEqual(expected);
  });

  it('rejects an unknown --csv-map field, listing the valid ones', () => {
    expect(() => parseCsvMap('title=Software')).toThrow(
      /unknown field "title"; valid fields: name, publisher/,
    );
    expect(() => parseCsvMap('name')).toThrow(/FIELD=COLUMN/);
  });
});
