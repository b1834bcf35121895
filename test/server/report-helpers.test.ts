import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  countBusinessDays,
  isBusinessDay,
  listFederalHolidays,
} from '../../src/server/reports/business-days.js';
import { toCsvField } from '../../src/server/reports/exports.js';

describe('business days', () => {
  it.each([
    ['2026-11-25', 3, '2026-12-01'], // Thanksgiving, then a weekend
    ['2026-11-20', 3, '2026-11-25'],
    ['2026-11-20', 10, '2026-12-07'],
    ['2021-12-29', 3, '2022-01-04'], // New Year 2022 (Saturday) observed Friday 2021-12-31
    ['2022-06-16', 1, '2022-06-17'],
    ['2022-06-17', 1, '2022-06-21'], // Juneteenth (Sunday) observed Monday the 20th
  ])('%s + %i business days = %s', (day, n, due) => {
    expect(addBusinessDays(day, n)).toBe(due);
  });

  it('knows the observed federal holidays of a year', () => {
    expect([...listFederalHolidays(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect(listFederalHolidays(2020).has('2020-06-19')).toBe(false);
    expect(isBusinessDay('2022-12-26')).toBe(false);
  });

  it('counts forwards and backwards consistently with adding', () => {
    const day = fc
      .integer({ min: 0, max: 3650 })
      .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const due = addBusinessDays(from, n);
        expect(isBusinessDay(due)).toBe(true);
        expect(countBusinessDays(from, due)).toBe(n);
        expect(countBusinessDays(due, from)).toBe(isBusinessDay(from) ? -n : 1 - n);
      }),
    );
  });
});

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('%j → %s', (value, csv) => {
    expect(toCsvField(value)).toBe(csv);
  });

  it('leaves numbers, booleans and empty values alone', () => {
    expect(toCsvField(-1)).toBe('-1');
    expect(toCsvField(true)).toBe('true');
    expect(toCsvField(null)).toBe('');
    expect(toCsvField(undefined)).toBe('');
  });
});
