import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrefilter } from '../../src/core/prefilter.js';

const needles = ['kaspersky', 'avp.exe', 'klnagent', 'касперск', 'com.kaspersky.kes', '2y8xe5cq94', 'kes'];
// The scanner itself, from the first byte; the direct search of small inputs is compared with it below.
const mayMatch = createPrefilter(needles, { directBytes: 0 });

describe('createPrefilter', () => {
  it('finds every needle in any letter case at any offset', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.constantFrom(...needles),
        fc.string({ maxLength: 40 }),
        fc.constantFrom('lower', 'upper', 'title'),
        (before, needle, after, letterCase) => {
          const cased =
            letterCase === 'upper'
              ? needle.toUpperCase()
              : letterCase === 'title'
                ? needle[0]!.toUpperCase() + needle.slice(1)
                : needle;
          expect(mayMatch(Buffer.from(before + cased + after, 'utf8'))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds needles at every alignment of the chunk in its buffer and near both ends', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.string({ maxLength: 30 }),
        fc.constantFrom(...needles),
        fc.string({ maxLength: 30 }),
        (offset, before, needle, after) => {
          const text = Buffer.from(before + needle.toUpperCase() + after, 'utf8');
          const backing = Buffer.alloc(offset + text.length + 8);
          text.copy(backing, offset);
          expect(mayMatch(backing.subarray(offset, offset + text.length))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rules out text without any needle', () => {
    expect(mayMatch(Buffer.from('{"name":"ESET Endpoint Antivirus","publisher":"ESET, spol. s r.o."}'))).toBe(
      false,
    );
    expect(mayMatch(Buffer.from('Bitdefender Endpoint Security Tools 7.9'))).toBe(false);
    expect(mayMatch(Buffer.alloc(0))).toBe(false);
    expect(mayMatch(Buffer.from('k'))).toBe(false);
  });

  it('answers exactly whether some needle occurs, for needles and text over a small alphabet', () => {
    // A four-letter alphabet makes pairs and three-byte windows collide all the time: the pair
    // table and the window set may only let through, the verification decides.
    const word = (min: number, max: number) =>
      fc
        .array(fc.constantFrom('a', 'B', 'c', 'D'), { minLength: min, maxLength: max })
        .map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.array(word(3, 6), { minLength: 1, maxLength: 6 }),
        word(0, 60),
        fc.integer({ min: 0, max: 3 }),
        (list, text, offset) => {
          const bytes = Buffer.from(text);
          const backing = Buffer.alloc(offset + bytes.length + 4);
          bytes.copy(backing, offset);
          const expected = list.some((n) => text.toLowerCase().includes(n.toLowerCase()));
          const chunk = backing.subarray(offset, offset + bytes.length);
          expect(createPrefilter(list, { directBytes: 0 })(chunk)).toBe(expected);
          expect(createPrefilter(list)(chunk)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('stays exact once a big chunk has re-picked the pairs it registers', () => {
    // The first chunk of 256 KiB or more re-picks each needle's pairs by their counts in it: here a
    // chunk made of the needles' own first pairs (so other pairs are picked), then texts holding a
    // needle at any offset, or random ones.
    const word = (min: number, max: number) =>
      fc
        .array(fc.constantFrom('a', 'B', 'c', 'D', 'e'), { minLength: min, maxLength: max })
        .map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.array(word(4, 7), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(word(0, 9), fc.nat(), word(0, 9), fc.boolean()), { minLength: 1, maxLength: 20 }),
        (list, texts) => {
          const filter = createPrefilter(list);
          const sample = list.map((n) => `${n.slice(0, 2)}.`).join('');
          expect(filter(Buffer.alloc(256 * 1024, sample))).toBe(false);
          for (const [before, pick, after, planted] of texts) {
            const text = planted
              ? `${before}${list[pick % list.length]!.toUpperCase()}${after}`
              : before + after;
            const expected = list.some((n) => text.toLowerCase().includes(n.toLowerCase()));
            expect(filter(Buffer.from(text))).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers small inputs searched directly exactly as the scanner built for large ones', () => {
    // One filter sees chunks until its direct budget runs out and then builds the scanner: every
    // answer, before and after, is the scanner's.
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...needles), { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.tuple(fc.string({ maxLength: 50 }), fc.option(fc.constantFrom(...needles)), fc.boolean()),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.integer({ min: 0, max: 400 }),
        (list, texts, budget) => {
          const scanner = createPrefilter(list, { directBytes: 0 });
          const mixed = createPrefilter(list, { directBytes: budget });
          for (const [text, planted, upper] of texts) {
            const cased = planted === null ? '' : upper ? planted.toUpperCase() : planted;
            const chunk = Buffer.from(`${text}${cased}${text.slice(3)}`, 'utf8');
            expect(mixed(chunk)).toBe(scanner(chunk));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('lets everything through when a needle is too short to index', () => {
    expect(createPrefilter(['ab'])(Buffer.from('nothing'))).toBe(true);
  });
});
