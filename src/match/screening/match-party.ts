import type { Observation } from '../../core/observation.js';
import type { CatalogView, IndexedProduct } from '../compile.js';
import type { MatchResult } from '../matcher.js';
import { collectParties } from './parties.js';
import { createScreeningIndex, type Screener } from './screening-index.js';
import type { ScreeningHit } from './screening-hit.js';
import type { ScreeningEvidence } from './support.js';

/** Observations that supplier screening answers: vendor-master rows and people. */
export function isScreened(observation: Observation): boolean {
  return observation.kind === 'supplier' || observation.kind === 'person';
}

/**
 * The names and attributes of a supplier or person observation: its name and every `supplier` or
 * `person` id (alternative names), `attributes.country`, `attributes.address` and
 * `attributes.registrations` (ids separated by ";").
 */
export function toScreeningEvidence(observation: Observation): ScreeningEvidence {
  const own: 'supplier' | 'person' = observation.kind === 'person' ? 'person' : 'supplier';
  const names: ScreeningEvidence['names'] = [];
  if (observation.name) names.push({ on: own, value: observation.name });
  for (const id of observation.ids ?? []) {
    if ((id.kind === 'supplier' || id.kind === 'person') && id.value !== observation.name)
      names.push({ on: id.kind, value: id.value });
  }
  const a = observation.attributes;
  const evidence: ScreeningEvidence = { names };
  if (!a) return evidence;
  // Assigned, not spread: this runs once per vendor-master row.
  if (a['country']) evidence.country = a['country'];
  if (a['address']) evidence.address = a['address'];
  const registrations = a['registrations']
    ?.split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  if (registrations?.length) evidence.registrations = registrations;
  return evidence;
}

/** A screening hit as the matcher's result: the party stands where a product would. */
function toMatchResult(hit: ScreeningHit): MatchResult {
  const party = hit.party;
  const product: IndexedProduct = {
    ref: { id: party.id, name: party.name, vendor: party.vendorName, category: 'party' },
    vendorId: party.vendorId,
    category: 'party',
    fallback: false,
    party: { kind: party.kind, relation: party.relation, listedBy: party.listedBy },
  };
  return {
    product,
    match: {
      on: hit.on,
      value: hit.value,
      pattern: hit.alias.text,
      confidence: hit.score,
      explanation: hit.explanation,
    },
  };
}

/**
 * Compiles the catalog's parties once; `match` screens one supplier or person observation.
 * @example createPartyMatcher(pack).match({ kind: 'supplier', name: 'OOO Kaspersky Group', origin })
 */
export function createPartyMatcher(catalog: CatalogView): {
  screener: Screener;
  match(observation: Observation): MatchResult | undefined;
  /** False when `match` returns nothing for certain (see `Screener.mayHit`). */
  mayMatch(observation: Observation): boolean;
} {
  const screener = createScreeningIndex(collectParties(catalog));
  return {
    screener,
    match(observation) {
      if (!screener.records.length) return undefined;
      const hit = screener.screen(toScreeningEvidence(observation));
      return hit && toMatchResult(hit);
    },
    mayMatch(observation) {
      return screener.mayHit(toScreeningEvidence(observation));
    },
  };
}
