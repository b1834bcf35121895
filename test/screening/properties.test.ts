import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { restrictedDamerau } from '../../src/match/screening/distance.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { compareTokens } from '../../src/match/screening/score.js';
import { createNaiveScreener, createScreeningIndex } from '../../src/match/screening/screening-index.js';
import { toSkeleton } from '../../src/match/screening/skeleton.js';
import { foldText, tokenizeName } from '../../src/match/screening/tokenize.js';

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
  'Ivanov',
  'Anton',
  'Acme',
  'Holdings',
  'Zenkin',
  'Denis',
  'Gerber',
  'Mikhail',
  'Systems',
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
);

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
        (n, country) => {
          const evidence = {
            names: [{ on: 'supplier' as const, value: n }],
            ...(country !== undefined ? { country } : {}),
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
});
