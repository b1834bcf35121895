import type { Party } from '../../src/match/screening/parties.js';
import { tokenizeName } from '../../src/match/screening/tokenize.js';
import { hasCyrillic, transliterate, TRANSLIT_SCHEMES } from '../../src/match/screening/transliterate.js';

/** A name a vendor master could carry for a covered party, and what screening must say about it. */
export interface Variant {
  party: string;
  name: string;
  how: string;
  country?: string;
  /** `decided`: the determination's status; `review`: at least review. */
  expect: 'decided' | 'review';
}

const LEGAL_FORMS = ['AO', 'JSC', 'LLC', 'Ltd.', 'GmbH', 'Inc.', 'ООО', 'S.A.', 'Sp. z o.o.'];

function isPartialPerson(party: Party, name: string): boolean {
  const full = tokenizeName(party.name).tokens.length;
  return party.kind === 'person' && tokenizeName(name).tokens.length < full;
}

/** One typo in the longest word: two neighbouring letters swapped. */
function swapTypo(name: string): string {
  const words = name.split(' ');
  const i = words.reduce((best, w, j) => (w.length > words[best]!.length ? j : best), 0);
  const w = words[i]!;
  const at = Math.floor(w.length / 2);
  words[i] = w.slice(0, at - 1) + w[at] + w[at - 1] + w.slice(at + 1);
  return words.join(' ');
}

/**
 * Every rendering of every name of the covered parties that screening tools are expected to catch:
 * as written, upper and lower case, every romanisation of the Cyrillic ones, legal forms added,
 * words reordered, one typo, with the party's country. Derived from the data pack's evidenced names.
 */
export function generateVariants(parties: readonly Party[]): Variant[] {
  const out: Variant[] = [];
  for (const party of parties) {
    if (party.listedBy.length === 0 && party.relation !== 'self') continue;
    for (const name of party.names) {
      const latin = hasCyrillic(name)
        ? TRANSLIT_SCHEMES.map((s) => [s, transliterate(name, s)] as const)
        : [];
      const exact: [string, string][] = [
        ['as written', name],
        ['upper case', name.toUpperCase()],
        ['lower case', name.toLowerCase()],
        ...latin.map(([s, v]): [string, string] => [`romanised ${s}`, v]),
      ];
      const tokens = name.split(/\s+/);
      if (tokens.length > 1 && !tokenizeName(name).legalForms.length)
        exact.push(['words reversed', [...tokens].reverse().join(' ')]);
      if (party.kind === 'organization') {
        for (const form of LEGAL_FORMS) exact.push([`legal form ${form}`, `${name} ${form}`]);
      }
      const partial = isPartialPerson(party, name);
      for (const [how, value] of exact) {
        out.push({ party: party.id, name: value, how, expect: partial ? 'review' : 'decided' });
      }
      if (party.country) {
        out.push({
          party: party.id,
          name,
          how: 'with country',
          country: party.country,
          expect: partial ? 'review' : 'decided',
        });
      }
      // A lone approximate word is not a match by design: typos are tested on names of two or more words.
      if (!hasCyrillic(name) && tokenizeName(name).tokens.length >= 2) {
        out.push({ party: party.id, name: swapTypo(name), how: 'one typo', expect: 'review' });
      }
    }
  }
  return out;
}
