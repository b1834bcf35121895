import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { loadDataPack } from '../../src/data/load.js';
import { createMatcher } from '../../src/match/matcher.js';
import { toScreeningEvidence } from '../../src/match/screening/match-party.js';
import { createNaiveScreener } from '../../src/match/screening/naive-screener.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { generateVariants } from './variants.js';

// Matcher.mayFind lets a reader drop a vendor-master row before it is screened: it must never
// drop one that the matcher, or the naive screener that scores every alias, would find.
const pack = await loadDataPack();
const matcher = createMatcher(pack);
const parties = collectParties(pack);
const naive = createNaiveScreener(parties);
const origin = { source: 'test', format: 'suppliers', locator: 'line 1' };

/** Pieces of covered names, their misspellings, romanisations and look-alikes, and filler. */
const piece = fc.constantFrom(
  'Kaspersky',
  'Kasperski',
  'Kasperskiy',
  'Kaspresky',
  'Kaspersk',
  'Kasperskyy',
  'KASPERSKY',
  'Kаspersky', // Cyrillic а
  'KasperskyLab',
  "O'Kaspersky",
  'Kas`persky',
  'Лаборатория',
  'Касперского',
  'Касперский',
  'Laboratoriya',
  'Kasperskogo',
  'Lab',
  'Labs',
  'Group',
  'OOO',
  'AO',
  'ZAO',
  'GmbH',
  'Ltd.',
  'Eugene',
  'Yevgeny',
  'Evgeny',
  'Kasperskaya',
  'Natalya',
  'Contoso',
  'Fabrikam',
  'Kasper',
  'Kaspi',
  'Software',
  'Holdings',
  'RU',
  '&',
  ',',
);
const name = fc.oneof(
  { weight: 4, arbitrary: fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(' ')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9 '`.,-]{0,30}$/) },
);
const observation = fc
  .record({
    kind: fc.constantFrom('supplier' as const, 'person' as const),
    name,
    altNames: fc.array(name, { maxLength: 2 }),
    country: fc.option(fc.constantFrom('RU', 'GB', 'US', 'Russia', ''), { nil: undefined }),
    address: fc.option(fc.constantFrom('39A Leningradskoe Shosse, Moscow 125212', '1 Main St'), {
      nil: undefined,
    }),
    registrations: fc.option(fc.constantFrom('', ' ; ', 'DUNS 123456789', '1027739867473'), {
      nil: undefined,
    }),
  })
  .map(({ kind, name, altNames, country, address, registrations }): Observation => {
    const attributes: Record<string, string> = {};
    if (country) attributes['country'] = country;
    if (address) attributes['address'] = address;
    if (registrations !== undefined) attributes['registrations'] = registrations;
    return {
      kind,
      name,
      ...(altNames.length ? { ids: altNames.map((value) => ({ kind, value })) } : {}),
      attributes,
      origin,
    };
  });

/** What the naive screener says about an observation, given the evidence `match` gives the index. */
const naiveHit = (o: Observation) => naive.screen(toScreeningEvidence(o));

describe('Matcher.mayFind', () => {
  it('is true for every observation the matcher or the naive screener finds', () => {
    let dropped = 0;
    fc.assert(
      fc.property(observation, (o) => {
        if (matcher.mayFind(o)) return;
        dropped++;
        expect(matcher.match(o)).toBeUndefined();
        expect(naiveHit(o)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
    // The test means something only if it drops rows at all.
    expect(dropped).toBeGreaterThan(100);
  });

  it('keeps every rendering of every covered name that screening must catch', () => {
    const variants = generateVariants(parties);
    expect(variants.length).toBeGreaterThan(20);
    for (const v of variants) {
      const o: Observation = {
        kind: 'supplier',
        name: v.name,
        ...(v.country ? { attributes: { country: v.country } } : {}),
        origin,
      };
      expect(matcher.mayFind(o), `${v.how}: ${v.name}`).toBe(true);
    }
  });

  it('drops an ordinary vendor and keeps one with a registration id', () => {
    const plain: Observation = { kind: 'supplier', name: 'Contoso Software Ltd', origin };
    expect(matcher.mayFind(plain)).toBe(false);
    expect(matcher.mayFind({ ...plain, attributes: { registrations: 'DUNS 1' } })).toBe(true);
    expect(matcher.mayFind({ ...plain, attributes: { registrations: ' ; ' } })).toBe(false);
    // Only supplier and person observations are screened: a program is always kept.
    expect(matcher.mayFind({ ...plain, kind: 'program' })).toBe(true);
  });
});
