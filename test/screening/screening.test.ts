import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { DECIDED, REVIEW } from '../../src/match/matcher.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { SCREENING_THRESHOLDS } from '../../src/match/screening/score.js';
import { createNaiveScreener } from '../../src/match/screening/naive-screener.js';
import { createScreeningIndex } from '../../src/match/screening/screening-index.js';
import { generateVariants } from './variants.js';

const pack = await loadDataPack();
const parties = collectParties(pack);
const index = createScreeningIndex(parties);
const naive = createNaiveScreener(parties);
const screen = (value: string, country?: string) =>
  index.screen({ names: [{ on: 'supplier', value }], ...(country ? { country } : {}) });

describe('supplier screening against the data pack', () => {
  it('uses the matcher thresholds', () => {
    expect(SCREENING_THRESHOLDS).toEqual({ decide: DECIDED, review: REVIEW });
  });

  const variants = generateVariants(parties);
  it('has variants of every listed party', () => {
    const listed = parties.filter((p) => p.listedBy.length).map((p) => p.id);
    expect(listed.length).toBeGreaterThanOrEqual(10);
    for (const id of listed)
      expect(
        variants.some((v) => v.party === id),
        id,
      ).toBe(true);
  });

  it('finds every variant (recall 100%), deciding where the whole name is there', () => {
    const missed: string[] = [];
    let decided = 0;
    for (const v of variants) {
      const hit = screen(v.name, v.country);
      const ok =
        hit !== undefined &&
        hit.party.vendorId === parties.find((p) => p.id === v.party)!.vendorId &&
        (v.expect === 'review' || hit.determination === 'decided');
      if (hit?.determination === 'decided') decided++;
      if (!ok)
        missed.push(`${v.party} [${v.how}] "${v.name}" → ${hit ? `${hit.party.id} ${hit.score}` : 'no hit'}`);
    }
    console.log(
      `screening recall: ${variants.length - missed.length}/${variants.length} variants found ` +
        `(${((100 * (variants.length - missed.length)) / variants.length).toFixed(1)}%), ${decided} decided`,
    );
    expect(missed).toEqual([]);
  });

  it.each([
    ['АО «Лаборатория Касперского»', 'ao-kaspersky-lab', 'decided'],
    ['ZAO Laboratorija Kasperskogo', 'kaspersky-lab-zao', 'decided'],
    ['Laboratoriia Kasperskogo AO', 'ao-kaspersky-lab', 'decided'],
    ['KasperskyLab', 'ao-kaspersky-lab', 'decided'],
    ['KASPERSKY LAB, JSC', 'ao-kaspersky-lab', 'decided'],
    ['Kaspersky Lab, Inc.', 'kaspersky-lab-inc', 'decided'],
    ['Kaspersky Labs Ltd', 'kaspersky-labs-limited', 'decided'],
    ['OOO Kasperskiy Grupp', 'ooo-kaspersky-group', 'decided'],
    ['Kаspersky Lab', 'ao-kaspersky-lab', 'decided'], // Cyrillic "а" inside a Latin word
    ['Kasperskij Lab', 'ao-kaspersky-lab', 'decided'],
    ['Kaspersky Lab Polska Sp. z o.o.', 'ao-kaspersky-lab', 'decided'],
    ['Kaspresky Lab', 'ao-kaspersky-lab', 'review'],
    ['Kaspersky Transport', 'ao-kaspersky-lab', 'review'],
    ['Tikhonov Andrey Gennadievich', 'andrei-tikhonov', 'decided'],
    ['ТИХОНОВ АНДРЕЙ ГЕННАДЬЕВИЧ', 'andrei-tikhonov', 'decided'],
    ['Mihail Jurjevich Gerber', 'mikhail-gerber', 'decided'],
    ['Marina Mikhailovna Alexeeva', 'marina-alekseeva', 'decided'],
    ['Andrei Tikhonov', 'andrei-tikhonov', 'review'],
    ['Anton Ivanov', 'anton-ivanov', 'review'],
  ])('%s → %s (%s)', (name, party, determination) => {
    const hit = screen(name);
    expect(hit?.party.id).toBe(party);
    expect(hit?.determination).toBe(determination);
    expect(hit?.explanation).toContain(`"${name}" ~ `);
  });

  it('explains which tokens matched, what was ignored and the thresholds', () => {
    const hit = screen('ZAO Laboratorija Kasperskogo')!;
    expect(hit.explanation).toMatch(/kasperskogo=kasperskogo \(exact\)/);
    expect(hit.explanation).toMatch(/laboratorija=laboratoriya \(spelling, generic\)/);
    expect(hit.explanation).toContain('legal form ignored: zao');
    expect(hit.explanation).toContain('decides at 0.8, review from 0.5');
  });

  it('takes the country as supporting evidence, both ways', () => {
    expect(screen('Kasperski')).toBeUndefined();
    expect(screen('Kasperski', 'Russian Federation')?.determination).toBe('review');
    expect(screen('Kaspersky Transport', 'RU')?.determination).toBe('decided');
    expect(screen('Kaspersky Transport', 'DE')!.score).toBeLessThan(screen('Kaspersky Transport')!.score);
  });

  it('rules a person out on a different patronymic', () => {
    expect(screen('Andrey Nikolayevich Tikhonov')).toBeUndefined();
    expect(screen('Anton Sergeyevich Ivanov')).toBeUndefined();
  });

  // Real companies and people whose names look like a covered party's, and must not match at all.
  it.each([
    ['Kasper Holdings Inc.'],
    ['Kaspi.kz JSC', 'KZ'],
    ['Kaspien Holdings Inc.'],
    ['Jan Kasperski'],
    ['Kasperski Sp. z o.o.', 'PL'],
    ['Eugeniusz Kasperski', 'PL'],
    ['Natalya Kasperskaya', 'RU'],
    ['Garry Kasparov'],
    ['Eugene Levy'],
    ['Yevgeny Prigozhin', 'RU'],
    ['Evgeny Kissin'],
    ['Rocket Lab Corp'],
    ['Zai Lab Ltd'],
    ['Proto Labs Inc'],
    ['Laboratoriya Tekhnologiy OOO', 'RU'],
    ['Gerber Products Company'],
    ['Sergey Tikhonov'],
    ['Andrey Nikolayevich Tikhonov', 'RU'],
    ['Alexander Suvorov'],
    ['Ivanov Ivan Ivanovich', 'RU'],
    ['Kirill Astrakhanov'],
    ['Denis Zenkov'],
    ['Group-IB'],
    ['Positive Technologies', 'RU'],
    ['Dr.Web Ltd', 'RU'],
  ] as [string, string?][])('hard negative: %s', (name, country) => {
    expect(screen(name, country)).toBeUndefined();
  });

  it('agrees with the naive all-pairs scorer', () => {
    const names = [
      ...variants.map((v) => v.name),
      'Kasperski',
      'Anton Ivanov',
      'Rocket Lab',
      'Kaspersky Group Holdings',
    ];
    for (const name of names) {
      const a = index.screen({ names: [{ on: 'supplier', value: name }] });
      const b = naive.screen({ names: [{ on: 'supplier', value: name }] });
      expect([a?.party.id, a?.score, a?.explanation], name).toEqual([b?.party.id, b?.score, b?.explanation]);
    }
  });
});
