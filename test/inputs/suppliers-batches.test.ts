import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { loadDataPack } from '../../src/data/load.js';
import { suppliers } from '../../src/inputs/formats/suppliers.js';
import type { InputSource } from '../../src/inputs/types.js';
import { createMatcher } from '../../src/match/matcher.js';
import { createTestContext } from './helpers.js';

// The supplier CSV reader splits and screens a whole chunk of text at a time and yields only
// the rows `ctx.mayFind` keeps: what it counts and reports must not depend on either.
const matcher = createMatcher(await loadDataPack());

/** A source that hands out the text in pieces of the given sizes (cycled). */
function chunkedSource(text: string, sizes: readonly number[] = [1 << 30]): InputSource {
  const bytes = Buffer.from(text);
  const pieces: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(bytes.subarray(at, at + size));
    at += size;
  }
  return {
    name: 'vendors.csv',
    size: bytes.length,
    open: () => Readable.from(pieces, { objectMode: false }),
    peek: async (n) => bytes.subarray(0, n),
  };
}

async function read(text: string, options: { mayFind?: boolean; sizes?: readonly number[] } = {}) {
  const ctx = createTestContext(options.mayFind ? { mayFind: matcher.mayFind } : {});
  const observations: Observation[] = [];
  for await (const o of suppliers.read(chunkedSource(text, options.sizes), ctx)) observations.push(o);
  const errors = ctx.errors.map(({ locator, message }) => ({ locator, message }));
  return { observations, errors, records: ctx.records };
}

const HEADER = 'Supplier Name,Country,Contract Date';
const cell = fc.constantFrom(
  'Contoso Software Ltd',
  'Fabrikam GmbH',
  'AO Kaspersky Lab',
  'Kasperski Labs',
  'ЗАО Лаборатория Касперского',
  '"Kaspersky, Lab"',
  '"Northwind ""Trading"""',
  '',
  '   ',
);
const country = fc.constantFrom('RU', 'US', '', 'Russia');
const date = fc.constantFrom('2024-07-20', '2018-02-30', '07/20/2024', 'soon', '', '2024-7-2');
const row = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(cell, country, date).map((cells) => cells.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' , , ', '"Unclosed,RU,2024-01-01', 'Only Name', 'A,B,C,D,E') },
);
const csvText = (minLength: number, maxLength: number) =>
  fc
    .tuple(fc.array(row, { minLength, maxLength }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([rows, eol, last]) => [HEADER, ...rows].join(eol) + (last ? eol : ''));

describe('supplier CSV reader, chunk at a time', () => {
  it('counts and reports the same rows with mayFind, and drops only rows the matcher cannot find', async () => {
    await fc.assert(
      fc.asyncProperty(csvText(0, 1200), async (text) => {
        const all = await read(text);
        const kept = await read(text, { mayFind: true });
        expect(kept.records).toBe(all.records);
        expect(kept.errors).toEqual(all.errors);
        expect(kept.observations).toEqual(all.observations.filter((o) => matcher.mayFind(o)));
        for (const o of all.observations) if (matcher.match(o)) expect(kept.observations).toContainEqual(o);
      }),
      { numRuns: 40 },
    );
  });

  it('reads the same whatever the sizes of the chunks the text arrives in', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Past the 64 KiB read ahead for the encoding, so that chunk boundaries fall inside rows.
        csvText(3000, 3200),
        // Some shorter than a row, so that a row spans several chunks.
        fc.array(fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70_000 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (text, sizes) => {
          expect(await read(text, { mayFind: true, sizes })).toEqual(await read(text, { mayFind: true }));
        },
      ),
      // Shrinking thousands of rows takes minutes: the first counterexample is reported as it is.
      { numRuns: 8, endOnFailure: true },
    );
  });

  it('reports bad rows on either side of a batch boundary, though every row is dropped', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `Contoso ${i} Ltd,US,2024-01-01`);
    for (const i of [509, 510, 511, 1023]) rows[i] = `Fabrikam ${i},US,2024-02-30`;
    rows[512] = ',US,2024-01-01';
    rows[700] = '"Unclosed,US,2024-01-01';
    const { observations, errors, records } = await read([HEADER, ...rows].join('\n'), { mayFind: true });
    expect(observations).toEqual([]);
    expect(records).toBe(1200);
    expect(errors.map((e) => `${e.locator}: ${e.message.slice(0, 30)}`)).toEqual([
      'line 511: contract start "2024-02-30" is',
      'line 512: contract start "2024-02-30" is',
      'line 513: contract start "2024-02-30" is',
      'line 514: no supplier name in this row',
      'line 702: unclosed quote: the quoted fie',
      'line 1025: contract start "2024-02-30" is',
    ]);
  });

  it('keeps a row that may match among dropped ones, with its own line', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => `Contoso ${i} Ltd,US,2024-01-01`);
    rows[530] = 'AO Kaspersky Lab,RU,2024-08-01';
    const { observations, records } = await read([HEADER, ...rows].join('\n'), { mayFind: true });
    expect(records).toBe(600);
    expect(observations).toEqual([
      {
        kind: 'supplier',
        name: 'AO Kaspersky Lab',
        date: '2024-08-01',
        attributes: { country: 'RU' },
        origin: { source: 'vendors.csv', format: 'suppliers', locator: 'line 532' },
      },
    ]);
  });

  it('an empty file, blank lines only, a header only', async () => {
    const empty = { observations: [], records: 0 };
    for (const text of ['', '\n\n  \n'])
      expect(await read(text, { mayFind: true })).toEqual({
        ...empty,
        errors: [{ locator: 'line 1', message: 'empty input: expected a supplier list' }],
      });
    for (const text of [HEADER, `${HEADER}\n`, `\n${HEADER}\r\n\n  \n`])
      expect(await read(text, { mayFind: true })).toEqual({ ...empty, errors: [] });
  });

  it('stops at a header without a name column, whatever follows in the same chunk', async () => {
    const rows = Array.from({ length: 700 }, () => 'RU,2024-01-01');
    const { observations, errors, records } = await read(['Country,Contract Date', ...rows].join('\n'), {
      mayFind: true,
    });
    expect({ observations, records }).toEqual({ observations: [], records: 0 });
    expect(errors).toEqual([
      { locator: 'line 1', message: 'no supplier name column in the header (Country, Contract Date)' },
    ]);
  });
});
