import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, splitPlainRecord } from '../../src/inputs/formats/csv-records.js';

const cell = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 .;-]{0,12}$/),
  // Quoted: delimiters, doubled quotes and line breaks inside.
  fc.stringMatching(/^[A-Za-z0-9 ,"\n]{0,12}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
);
const line = fc.oneof(
  { weight: 6, arbitrary: fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => cells.join(',')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ') },
);

async function collect(text: string) {
  async function* lines() {
    let n = 0;
    for (const t of text.split('\n')) yield { line: ++n, text: t };
  }
  const out: { line: number; fields?: string[]; problem?: string }[] = [];
  for await (const r of readCsvRecords(lines(), ','))
    out.push('problem' in r ? r : { line: r.line, fields: r.fields });
  return out;
}

describe('readCsvRecords', () => {
  it('reads well-formed CSV, quoted or not, as csv-parse reads the whole text, with the line each record starts on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 1200 }), async (rows) => {
        const text = rows.join('\n');
        const expected = (
          parse(text, {
            delimiter: ',',
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true,
            trim: true,
          }) as string[][]
        ).filter((r) => !(r.length === 1 && r[0] === ''));
        const got = await collect(text);
        expect(got.filter((r) => r.problem)).toEqual([]);
        expect(got.map((r) => r.fields).filter((f) => !(f!.length === 1 && f![0] === ''))).toEqual(expected);
        // Each record starts on a line that holds its first field's text (when it has any).
        const source = text.split('\n');
        for (const r of got) expect(source[r.line - 1]!.trim()).not.toBe('');
      }),
      { numRuns: 150 },
    );
  });

  it('an unclosed quote costs only its own record: the lines after it are still read', async () => {
    const text = [
      'Name,Country',
      '"Broken,RU',
      ...Array.from({ length: 600 }, (_, i) => `Vendor ${i},DE`),
    ].join('\n');
    const got = await collect(text);
    expect(got[0]).toEqual({ line: 1, fields: ['Name', 'Country'] });
    expect(got[1]).toMatchObject({ line: 2, problem: expect.stringMatching(/unclosed quote/) });
    expect(got.slice(2).map((r) => r.line)).toEqual(Array.from({ length: 600 }, (_, i) => i + 3));
    expect(got.at(-1)).toEqual({ line: 602, fields: ['Vendor 599', 'DE'] });
  });
});

describe('splitPlainRecord', () => {
  // Every character csv-parse or String.prototype.trim treats as space, and their neighbours that
  // neither does (a line reaching the split has no quote, line feed or carriage return).
  const spaces = [
    ' ',
    '\t',
    '\v',
    '\f',
    '\u00a0',
    '\u1680',
    '\u2000',
    '\u2003',
    '\u200a',
    '\u2028',
    '\u2029',
  ].concat(['\u202f', '\u205f', '\u3000', '\ufeff']);
  const others = ['a', 'Z', '7', '.', '-', 'К', 'ä', '😀', ',', ';', '|', '\u0008', '\u000e', '\u001f']
    .concat(['!', '\u0085', '\u009f', '\u00a1', '\u167f', '\u200b', '\u2027', '\u202a', '\u205e', '\u3001'])
    .concat(['\ufefe']);
  const plainLine = fc
    .array(fc.constantFrom(...spaces, ...others), { maxLength: 30 })
    .map((chars) => chars.join(''))
    .filter((l) => l.trim() !== '');

  it.each([',', ';', '\t', '|'])('splits a quote-free line on %j as csv-parse parses it', (delimiter) => {
    fc.assert(
      fc.property(plainLine, (l) => {
        const expected = parse(l, {
          delimiter,
          relax_column_count: true,
          relax_quotes: true,
          skip_empty_lines: true,
          trim: true,
        }) as string[][];
        expect([splitPlainRecord(l, delimiter)]).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads batches of quote-free lines (past one batch, blank lines between) as csv-parse reads the whole text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof({ weight: 9, arbitrary: plainLine }, { weight: 1, arbitrary: fc.constantFrom('', ' \t') }),
          {
            minLength: 1,
            maxLength: 1300,
          },
        ),
        async (rows) => {
          const text = rows.join('\n');
          const expected = parse(text, {
            delimiter: ',',
            relax_column_count: true,
            relax_quotes: true,
            skip_empty_lines: true,
            trim: true,
          }) as string[][];
          const got = await collect(text);
          expect(got.map((r) => r.fields)).toEqual(expected.filter((r) => !(r.length === 1 && r[0] === '')));
          expect(got.map((r) => r.line)).toEqual(rows.flatMap((r, i) => (r.trim() === '' ? [] : [i + 1])));
        },
      ),
      { numRuns: 60 },
    );
  });
});
