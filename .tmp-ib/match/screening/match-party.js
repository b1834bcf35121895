import { collectParties } from './parties.js';
import { createScreeningIndex } from './screening-index.js';
/** Observations that supplier screening answers: vendor-master rows and people. */
export function isScreened(observation) {
    return observation.kind === 'supplier' || observation.kind === 'person';
}
/**
 * The names and attributes of a supplier or person observation: its name and every `supplier` or
 * `person` id (alternative names), `attributes.country`, `attributes.address` and
 * `attributes.registrations` (ids separated by ";").
 */
export function toScreeningEvidence(observation) {
    const own = observation.kind === 'person' ? 'person' : 'supplier';
    const names = [];
    if (observation.name)
        names.push({ on: own, value: observation.name });
    for (const id of observation.ids ?? []) {
        if ((id.kind === 'supplier' || id.kind === 'person') && id.value !== observation.name)
            names.push({ on: id.kind, value: id.value });
    }
    const a = observation.attributes ?? {};
    const registrations = (a['registrations'] ?? '')
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean);
    return {
        names,
        ...(a['country'] ? { country: a['country'] } : {}),
        ...(a['address'] ? { address: a['address'] } : {}),
        ...(registrations.length ? { registrations } : {}),
    };
}
/** A screening hit as the matcher's result: the party stands where a product would. */
export function toMatchResult(hit) {
    const party = hit.party;
    const product = {
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
export function createPartyMatcher(catalog) {
    const screener = createScreeningIndex(collectParties(catalog));
    return {
        screener,
        match(observation) {
            if (!screener.records.length)
                return undefined;
            const hit = screener.screen(toScreeningEvidence(observation));
            return hit && toMatchResult(hit);
        },
    };
}
