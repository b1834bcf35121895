import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { restrictedDamerau } from '../../src/match/screening/distance.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { compareTokens } from '../../src/match/screening/score.js';
import { createNaiveScreener, createScreeningIndex } from '../../src/match/screening/screening-index.js';
import { toSkeleton } from '../../src/match/screening/skeleton.js';
import { asciiWords, foldText, tokenizeName } from '../../src/match/screening/tokenize.js';
import { AsciiWordTable, scanAsciiWords } from '../../src/match/screening/word-table.js';

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

  it('scanAsciiWords visits the same words, hashed case-insensitively, or declines', () => {
    fc.assert(
      fc.property(printable, (raw) => {
        const seen: string[] = [];
        const hashes = new Map<string, number>();
        const plain = scanAsciiWords(raw, (start, end, hash) => {
          const word = raw.slice(start, end).toLowerCase();
          seen.push(word);
          expect(hashes.get(word) ?? hash).toBe(hash);
          hashes.set(word, hash);
        });
        expect(plain).toBe(!/['`]/.test(raw));
        if (plain) expect(seen).toEqual(referenceWords(raw));
      }),
      { numRuns: 3000 },
    );
    expect(scanAsciiWords('Kaspersky Лаб', () => undefined)).toBe(false);
  });

  it('AsciiWordTable gives each word its computed value through growth and resets', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,12}$/), { maxLength: 400 }), (words) => {
        const computed: string[] = [];
        const table = new AsciiWordTable((w) => {
          computed.push(w);
          return `v:${w}`;
        }, 64);
        for (const raw of [...words, ...words]) {
          scanAsciiWords(raw, (start, end, hash) => {
            expect(table.lookup(raw, start, end, hash)).toBe(`v:${raw.slice(start, end).toLowerCase()}`);
          });
        }
        // Below the limit, each distinct word is computed once however often it is looked up.
        const distinct = new Set(words.flatMap((w) => referenceWords(w)));
        if (distinct.size < 64) expect(computed.length).toBe(distinct.size);
      }),
    );
  });
});
