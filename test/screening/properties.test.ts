import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { restrictedDamerau } from '../../src/match/screening/distance.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { compareTokens } from '../../src/match/screening/score.js';
import { createNaiveScreener } from '../../src/match/screening/naive-screener.js';
import { createScreeningIndex } from '../../src/match/screening/screening-index.js';
import { toSkeleton } from '../../src/match/screening/skeleton.js';
import { asciiWords, foldText, tokenizeName } from '../../src/match/screening/tokenize.js';
import { AsciiWordTable } from '../../src/match/screening/word-table.js';

const parties = collectParties(await loadDataPack());
const index = createScreeningIndex(parties);
const naive = createNaiveScreener(parties);

/** Names built from pieces of covered names, generic words, legal forms, Cyrillic and noise. */
const piece = fc.constantFrom(
  'Kaspersky',
  'Kasperski',
  'Kasperskiy',
  'Kaspresky',
  'Lab',
  'Labs',
  'Group',
  'OOO',
  'AO',
  'GmbH',
  'Ltd.',
  'Лаборатория',
  'Касперского',
  'Andrei',
  'Andrey',
  'Tikhonov',
  'Gennadyevich',
  'Suvorov',
  'Eugene',
  'Yevgeny',
  'Kasperskaya',
  'Ivanov',
  'Anton',
  'Acme',
  'Holdings',
  'Zenkin',
  'Denis',
  'Gerber',
  'Mikhail',
  'Systems',
  'KasperskyLab',
  'KASPERSKYLab',
  "O'Kaspersky",
  'Kas`persky',
  'Zenkin-Denis',
  'RU',
  '&',
  ',',
  '«',
  '»',
);
const name = fc.oneof(
  fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(' ')),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^[A-Za-z0-9 '`.,-]{0,30}$/),
);

/** The ASCII word split as a chain of regular expressions: what the one-pass scanners must match. */
function referenceWords(raw: string): string[] {
  return raw
    .replace(/([a-z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    .replace(/['`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
const printable = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);

describe('screening properties', () => {
  it('folding and tokenising are idempotent', () => {
    fc.assert(
      fc.property(name, (n) => {
        const keys = tokenizeName(n)
          .tokens.map((t) => t.surface)
          .join(' ');
        expect(
          tokenizeName(keys)
            .tokens.map((t) => t.surface)
            .join(' '),
        ).toBe(keys);
        expect(foldText(foldText(n))).toBe(foldText(n));
      }),
    );
  });

  it('the skeleton is idempotent on romanised words', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,14}$/), (w) => {
        expect(toSkeleton(toSkeleton(w))).toBe(toSkeleton(w));
      }),
    );
  });

  it('token distance and similarity are symmetric', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{0,12}$/), fc.stringMatching(/^[a-z]{0,12}$/), (a, b) => {
        expect(restrictedDamerau(a, b, 3)).toBe(restrictedDamerau(b, a, 3));
        const [ta, tb] = [tokenizeName(a || 'x').tokens[0]!, tokenizeName(b || 'x').tokens[0]!];
        expect(compareTokens(ta, tb)).toEqual(compareTokens(tb, ta));
      }),
    );
  });

  it('never throws, scores in [0, 1], and the index agrees with the naive scorer', () => {
    fc.assert(
      fc.property(
        name,
        fc.option(fc.constantFrom('RU', 'GB', 'US', 'Russia', ''), { nil: undefined }),
        // The pack's one listed address, and another: an address can corroborate an approximate name.
        fc.option(fc.constantFrom('39A Leningradskoe Shosse, Moscow 125212', '1 Main St, Boston 02110'), {
          nil: undefined,
        }),
        (n, country, address) => {
          const evidence = {
            names: [{ on: 'supplier' as const, value: n }],
            ...(country !== undefined ? { country } : {}),
            ...(address !== undefined ? { address } : {}),
          };
          const a = index.screen(evidence);
          const b = naive.screen(evidence);
          expect([a?.party.id, a?.score, a?.explanation]).toEqual([b?.party.id, b?.score, b?.explanation]);
          if (a) expect(a.score >= 0.5 && a.score <= 1).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an approximate name alone is scored where the country or address corroborates it', () => {
    const cases = [
      [{}, undefined],
      [{ country: 'RU' }, 'ao-kaspersky-lab'],
      [{ country: 'US' }, 'kaspersky-lab-inc'],
      [{ address: 'bldg. 3, 39A Leningradskoe Shosse, Moscow, 125212' }, 'ao-kaspersky-lab'],
    ] as const;
    for (const [attributes, party] of cases) {
      const evidence = { names: [{ on: 'supplier' as const, value: 'John Kasperski' }], ...attributes };
      expect(index.screen(evidence)?.party.id).toBe(party);
      expect(index.screen(evidence)?.explanation).toBe(naive.screen(evidence)?.explanation);
    }
  });

  it('asciiWords splits printable ASCII like the reference and declines anything else', () => {
    fc.assert(
      fc.property(printable, (raw) => {
        expect(asciiWords(raw)).toEqual(referenceWords(raw));
      }),
      { numRuns: 3000 },
    );
    expect(asciiWords('KasperskyLab AO')).toEqual(['kaspersky', 'lab', 'ao']);
    expect(asciiWords("O'Neil & McDonald")).toEqual(['oneil', 'mc', 'donald']);
    expect(asciiWords('Лаборатория')).toBeUndefined();
    expect(asciiWords('tab\there')).toBeUndefined();
  });

  it('AsciiWordTable.scan finds the words asciiWords finds, or declines', () => {
    const table = new AsciiWordTable(
      (w) => w,
      (w) => (w.length > 5 ? 1 : 0) | (/\d/.test(w) ? 2 : 0),
    );
    fc.assert(
      fc.property(printable, (raw) => {
        const flags = table.scan(raw);
        expect(flags < 0).toBe(/['`]/.test(raw));
        if (flags < 0) return;
        const words = referenceWords(raw);
        expect(table.found.slice(0, table.count)).toEqual(words);
        const expected = words.reduce((f, w) => f | (w.length > 5 ? 1 : 0) | (/\d/.test(w) ? 2 : 0), 0);
        expect(flags).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    expect(table.scan('Kaspersky Лаб')).toBe(-1);
    expect(table.scan('KasperskyLab AO')).toBe(1);
    expect(table.found.slice(0, table.count)).toEqual(['kaspersky', 'lab', 'ao']);
  });

  it('AsciiWordTable gives each word its computed value through growth and resets', () => {
    // Lengths around multiples of four, case variants and shared prefixes: the words are packed four
    // characters to an int, and the ints alone tell them apart.
    const word = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9]{1,12}$/),
      fc.stringMatching(/^[a-d]{1,9}$/),
      fc.stringMatching(/^[A-Z][a-z0-9]{0,70}$/),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 400 }), (words) => {
        const computed: string[] = [];
        const table = new AsciiWordTable(
          (w) => {
            computed.push(w);
            return `v:${w}`;
          },
          () => 0,
          64,
        );
        const raws = [...words, ...words.map((w) => w.toUpperCase())];
        for (const raw of raws) {
          table.scan(raw);
          expect(table.found.slice(0, table.count)).toEqual(referenceWords(raw).map((w) => `v:${w}`));
        }
        // Below the limit, each distinct word is computed once however often it is looked up.
        const distinct = new Set(raws.flatMap((w) => referenceWords(w)));
        if (distinct.size < 64) expect(computed.length).toBe(distinct.size);
      }),
    );
  });

  it('AsciiWordTable tells apart words whose 32-bit hashes collide', () => {
    // These 300,000 random words of 5-11 characters hold 10 pairs with the same hash.
    let seed = 7;
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const words = Array.from({ length: 300_000 }, (_, i) => {
      let word = '';
      for (let j = 0; j < 5 + (i % 7); j++) {
        seed = (Math.imul(seed, 1103515245) + 12345) | 0;
        word += alphabet[(seed >>> 8) % alphabet.length];
      }
      return word;
    });
    const table = new AsciiWordTable(
      (w) => w,
      () => 0,
      words.length,
    );
    const wrong = words.filter((word) => {
      table.scan(word);
      return table.found[0] !== word;
    });
    expect(wrong).toEqual([]);
  });

  it('AsciiWordTable keeps every word as it grows past its first capacity', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'x'.repeat(i % 23)}`);
    let computed = 0;
    const table = new AsciiWordTable(
      (w) => {
        computed++;
        return w;
      },
      (w) => w.length & 1,
    );
    for (const round of [1, 2]) {
      for (const word of words) {
        expect(table.scan(`${word.toUpperCase()} ${word}`)).toBe(word.length & 1);
        expect(table.found.slice(0, table.count)).toEqual([word, word]);
      }
      expect(computed, `round ${round}`).toBe(new Set(words).size);
    }
  });
});
