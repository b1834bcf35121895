import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { csv } from '../../src/inputs/formats/csv.js';
import { suppliers } from '../../src/inputs/formats/suppliers.js';
import { toIsoDate } from '../../src/inputs/formats/supplier-columns.js';
import { createBufferSource, readSample } from '../../src/inputs/source.js';
import type { ReadContext } from '../../src/inputs/types.js';

function createContext() {
  const errors: { locator: string; message: string }[] = [];
  let records = 0;
  const ctx: ReadContext = {
    error: (locator, message) => errors.push({ locator, message }),
    record: (n = 1) => void (records += n),
    mayMatch: () => true,
    progress: () => undefined,
  };
  return { ctx, errors, records: () => records };
}

async function readAll(name: string, content: Buffer | string) {
  const { ctx, errors, records } = createContext();
  const out: Observation[] = [];
  for await (const o of suppliers.read(createBufferSource(name, content), ctx)) out.push(o);
  return { observations: out, errors, records: records() };
}

const example = await readFile(new URL('../../examples/vendors.csv', import.meta.url));

describe('suppliers input format', () => {
  it('detects a vendor master with more confidence than the generic CSV reader', async () => {
    const sample = await readSample(createBufferSource('vendors.csv', example));
    const mine = suppliers.detect(sample)!;
    expect(mine.confidence).toBeGreaterThan(csv.detect(sample)?.confidence ?? 0);
    expect(mine.id).toBe('suppliers');
  });

  it('does not claim a software inventory CSV', async () => {
    const sample = await readSample(
      createBufferSource('apps.csv', 'Name,Publisher,Version\nZoom,Zoom Video Communications,6.1\n'),
    );
    expect(suppliers.detect(sample)).toBeUndefined();
  });

  it('reads the example vendor master: names, alternative names, country, address, contract', async () => {
    const { observations, errors, records } = await readAll('vendors.csv', example);
    expect(errors).toEqual([]);
    expect(records).toBe(30);
    expect(observations).toHaveLength(30);
    const kaspersky = observations.find((o) => o.name === 'AO Laboratoriya Kasperskogo')!;
    expect(kaspersky).toEqual({
      kind: 'supplier',
      name: 'AO Laboratoriya Kasperskogo',
      ids: [{ kind: 'supplier', value: 'АО «Лаборатория Касперского»' }],
      date: '2023-03-01',
      attributes: {
        country: 'RU',
        address: 'bldg. 3, 39A Leningradskoe Shosse, Moscow, 125212',
        contract: 'C-2023-0052',
        vendorId: 'V-10017',
      },
      origin: { source: 'vendors.csv', format: 'suppliers', locator: 'line 18' },
    });
  });

  it('keeps registration ids with their column label', async () => {
    const { observations } = await readAll(
      'v.csv',
      'Supplier Name;Country;DUNS;CAGE Code\nAcme GmbH;DE;123456789;1ABC5\n',
    );
    expect(observations[0]!.attributes).toEqual({
      country: 'DE',
      registrations: 'DUNS 123456789; CAGE Code 1ABC5',
    });
  });

  it('reports a bad date and a row without a name by line, and reads the rest', async () => {
    const text =
      'Supplier Name,Country,Contract Start Date\nAcme Ltd,GB,2024-13-01\n,US,2024-01-01\nBeta LLC,US,07/20/2024\n';
    const { observations, errors, records } = await readAll('v.csv', text);
    expect(records).toBe(3);
    expect(errors).toEqual([
      {
        locator: 'line 2',
        message: 'contract start "2024-13-01" is not a date (expected YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY)',
      },
      { locator: 'line 3', message: 'no supplier name in this row' },
    ]);
    expect(observations.map((o) => [o.name, o.date])).toEqual([
      ['Acme Ltd', undefined],
      ['Beta LLC', '2024-07-20'],
    ]);
  });

  it('reads a JSON array with JSON Pointer locators and JSON Lines with line numbers', async () => {
    const array = JSON.stringify([
      {
        vendor_name: 'Kaspersky Labs Limited',
        country: 'GB',
        aliases: ['Kaspersky Labs Ltd'],
        contract_start: '2024-09-02',
      },
      { vendor_name: 42 },
      'oops',
    ]);
    const a = await readAll('vendors.json', array);
    expect(a.observations[0]).toMatchObject({
      name: 'Kaspersky Labs Limited',
      ids: [{ kind: 'supplier', value: 'Kaspersky Labs Ltd' }],
      date: '2024-09-02',
      origin: { locator: '/0' },
    });
    expect(a.errors).toEqual([{ locator: '/2', message: 'expected an object with a supplier name' }]);
    const lines =
      '{"supplier":"Acme","country":"US"}\n{"supplier": \n{"supplier":"Beta","type":"individual"}\n';
    const b = await readAll('vendors.jsonl', lines);
    expect(b.observations.map((o) => [o.kind, o.name, o.origin.locator])).toEqual([
      ['supplier', 'Acme', 'line 1'],
      ['person', 'Beta', 'line 3'],
    ]);
    expect(b.errors[0]!.locator).toBe('line 2');
  });

  it('streams an XLSX workbook, Excel dates included', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Notes').addRow(['Exported from SAP']);
    const sheet = workbook.addWorksheet('Vendors');
    sheet.addRow(['Vendor Number', 'Vendor Name', 'Country', 'Contract Start']);
    sheet.addRow(['100017', 'OOO Kaspersky Group', 'RU', new Date(Date.UTC(2024, 7, 1))]);
    sheet.addRow(['100018', 'Acme Ltd', 'GB', '2019-05-01']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const sample = await readSample(createBufferSource('vendor-master.xlsx', buffer));
    expect(suppliers.detect(sample)?.confidence).toBeGreaterThanOrEqual(0.8);
    const { observations, errors } = await readAll('vendor-master.xlsx', buffer);
    expect(errors).toEqual([]);
    expect(observations.map((o) => [o.name, o.date, o.origin.locator])).toEqual([
      ['OOO Kaspersky Group', '2024-08-01', 'Vendors!row 2'],
      ['Acme Ltd', '2019-05-01', 'Vendors!row 3'],
    ]);
  });

  it('reports a broken workbook instead of crashing', async () => {
    const broken = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04]),
      Buffer.from('xl/ not really a zip'),
    ]);
    const { errors } = await readAll('vendors.xlsx', broken);
    expect(errors[0]!.locator).toBe('workbook');
  });

  it.each([
    ['2024-07-20', '2024-07-20'],
    ['2024-07-20T10:00:00Z', '2024-07-20'],
    ['20.07.2024', '2024-07-20'],
    ['07/20/2024', '2024-07-20'],
    ['20/07/2024', '2024-07-20'],
    ['20 Jul 2024', '2024-07-20'],
    ['July 20, 2024', '2024-07-20'],
    [45493, '2024-07-20'],
    ['2024-02-30', undefined],
    ['soon', undefined],
  ] as const)('reads the date %s as %s', (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });
});
