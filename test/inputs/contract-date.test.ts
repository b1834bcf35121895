import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIsoDate } from '../../src/inputs/formats/supplier-columns.js';

/** What `toIsoDate` answered before it stopped building a Date per row: the calendar as Date has it. */
function byDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : undefined;
}

describe('contract dates', () => {
  it('accepts exactly the days the Gregorian calendar has, in every written form', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const expected = byDate(year, month, day);
          const y = String(year).padStart(4, '0');
          expect(toIsoDate(`${y}-${month}-${day}`)).toBe(expected);
          expect(toIsoDate(`${day}.${month}.${y}`)).toBe(expected);
          // MM/DD/YYYY, read as DD/MM/YYYY when the first number is over 12.
          if (day > 12) expect(toIsoDate(`${day}/${month}/${y}`)).toBe(expected);
          else if (month <= 12) expect(toIsoDate(`${month}/${day}/${y}`)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a YYYY-MM-DD of ten characters as it reads the same day with a time after it', () => {
    // The ten-character form is read in place; with a time it goes through the general parser.
    const char = fc.constantFrom('0', '1', '2', '3', '9', '-', '/', '.', ' ', 'a', '٣');
    const iso = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 99 }),
          fc.integer({ min: 0, max: 99 }),
        )
        .map(
          ([y, m, d]) =>
            `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        ),
      fc.array(char, { minLength: 10, maxLength: 10 }).map((c) => c.join('')),
      fc
        .tuple(fc.stringMatching(/^\d{4}$/), fc.array(char, { minLength: 6, maxLength: 6 }))
        .map(([year, rest]) => year + rest.join('')),
    );
    fc.assert(
      fc.property(iso, (s) => {
        // Only the year-first form takes a time: DD.MM.YYYY with one is not a date.
        if (/^\d{4}/.test(s)) expect(toIsoDate(s)).toBe(toIsoDate(`${s}T00:00`));
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
        if (m) expect(toIsoDate(s)).toBe(byDate(+m[1]!, +m[2]!, +m[3]!));
      }),
      { numRuns: 3000 },
    );
  });

  it('knows leap days and month ends', () => {
    expect(toIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(toIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(toIsoDate('1900-02-29')).toBeUndefined();
    expect(toIsoDate('2023-02-29')).toBeUndefined();
    expect(toIsoDate('2024-04-31')).toBeUndefined();
    expect(toIsoDate('31.12.2024')).toBe('2024-12-31');
    expect(toIsoDate('20 Jul 2024')).toBe('2024-07-20');
  });
});
