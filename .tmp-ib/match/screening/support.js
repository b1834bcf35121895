import { foldText } from './tokenize.js';
import { toCountryCode } from './vocabulary.js';
/** A registration id without its label and punctuation: "INN: 7713-140469" → "7713140469". */
export function normalizeRegistration(value) {
    const withoutLabel = value.replace(/^\s*[\p{L}][\p{L}\s.-]{0,20}?[:#]\s*/u, '');
    return withoutLabel.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
/** Distinctive parts of an address: postcodes, house numbers, street words of 4+ letters. */
function addressTokens(address) {
    const words = foldText(address).split(/[^\p{L}\p{N}]+/u);
    return new Set(words.filter((w) => /\d/.test(w) || w.length >= 4));
}
/**
 * Support for one party from the record's country, address and registrations. An address
 * supports when it shares at least half of the party address's distinctive words, a postcode or
 * house number among them.
 */
export function compareEvidence(party, evidence, countryCode) {
    const support = {};
    if (countryCode && party.country)
        support.country = countryCode === party.country ? 'match' : 'mismatch';
    if (evidence.address && party.addresses.length) {
        const seen = addressTokens(evidence.address);
        for (const address of party.addresses) {
            const wanted = [...addressTokens(address)];
            const shared = wanted.filter((w) => seen.has(w));
            if (wanted.length && shared.length * 2 >= wanted.length && shared.some((w) => /\d/.test(w))) {
                support.address = true;
                break;
            }
        }
    }
    if (evidence.registrations?.length && party.registrations.length) {
        const own = new Set(party.registrations.map(normalizeRegistration));
        const hit = evidence.registrations.find((r) => own.has(normalizeRegistration(r)));
        if (hit)
            support.registration = hit;
    }
    return support;
}
export { toCountryCode };
