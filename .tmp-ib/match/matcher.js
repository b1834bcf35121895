import { listIdentifiers } from '../core/observation.js';
import { compileCatalog, } from './compile.js';
import { comparedKinds, normalizeFor } from './keys.js';
import { createPrefilter } from './prefilter.js';
import { createPartyMatcher, isScreened } from './screening/match-party.js';
/** At or above: the match decides the status; below it (and at or above REVIEW) it is `review`. */
export const DECIDED = 0.8;
export const REVIEW = 0.5;
/** Ceiling for an identifier that the catalog says must not decide alone. */
const UNCORROBORATED_CEILING = 0.65;
const CONFIDENCE_VALUE = {
    high: 0.95,
    medium: 0.85,
    low: 0.6,
};
const MODE_FACTOR = {
    exact: 1,
    prefix: 0.97,
    suffix: 1,
    contains: 0.75,
    regex: 0.97,
};
/**
 * Builds the matcher once per data pack. Matching an observation looks each of its identifiers
 * up in the exact, prefix and suffix tables, runs the one multi-pattern expression over names,
 * and scores each product by combining the independent hits.
 */
export function createMatcher(catalog) {
    const compiled = compileCatalog(catalog);
    const prefilter = createPrefilter(compiled.needles);
    // Suppliers and people go to the screening index (fuzzy, transliterated names of vendor entities),
    // built on the first supplier seen: a software scan never pays for it.
    let parties;
    return {
        compiled,
        mayMatch: prefilter,
        match: (observation) => (isScreened(observation) ? (parties ??= createPartyMatcher(catalog)).match(observation) : undefined) ??
            matchObservation(compiled, observation),
    };
}
function matchObservation(compiled, observation) {
    const hits = [];
    for (const observed of listIdentifiers(observation)) {
        for (const kind of comparedKinds(observed.kind))
            lookUp(compiled, kind, observed, hits);
    }
    if (!hits.length)
        return undefined;
    return pickProduct(hits);
}
function lookUp(compiled, kind, observed, hits) {
    const value = normalizeFor(kind, observed.value);
    if (!value)
        return;
    const add = (entries) => {
        for (const entry of entries ?? [])
            hits.push({ entry, observed, score: scoreOf(entry.identifier) });
    };
    add(compiled.exact.get(`${kind}\0${value}`));
    for (const length of compiled.prefixLengths.get(kind) ?? []) {
        if (length <= value.length)
            add(compiled.prefix.get(`${kind}\0${value.slice(0, length)}`));
    }
    if (kind === 'domain') {
        for (let at = 0; at !== -1; at = value.indexOf('.', at + 1)) {
            add(compiled.suffix.get(`${kind}\0${at === 0 ? value : value.slice(at + 1)}`));
            if (at === 0 && value.indexOf('.') === -1)
                break;
        }
    }
    else {
        add(compiled.suffix.get(`${kind}\0${value}`));
    }
    if (compiled.contains) {
        for (const m of value.matchAll(compiled.contains.pattern)) {
            add(compiled.contains.entries
                .get(m[0])
                ?.filter((e) => e.identifier.kind === kind && isWordBounded(value, m)));
        }
    }
    for (const { re, entry } of compiled.regex) {
        if (entry.identifier.kind === kind && re.test(observed.value))
            add([entry]);
    }
}
/** A contained pattern must start and end on word boundaries: "kav" must not hit "kavalan". */
function isWordBounded(value, m) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const wordChar = /[\p{L}\p{N}]/u;
    return ((start === 0 || !wordChar.test(value[start - 1])) &&
        (end === value.length || !wordChar.test(value[end])));
}
function scoreOf(identifier) {
    return CONFIDENCE_VALUE[identifier.confidence] * MODE_FACTOR[identifier.match];
}
/**
 * Scores each product hit, letting vendor-wide hits (publisher, signer) corroborate a product of the
 * same vendor, and returns the best; specific products win over the vendor fallback at equal score.
 */
function pickProduct(hits) {
    const byProduct = new Map();
    for (const hit of hits) {
        const id = hit.entry.product.ref.id;
        byProduct.set(id, [...(byProduct.get(id) ?? []), hit]);
    }
    const vendorHits = new Map();
    for (const hit of hits) {
        if (hit.entry.product.fallback) {
            const v = hit.entry.product.vendorId;
            vendorHits.set(v, [...(vendorHits.get(v) ?? []), hit]);
        }
    }
    let best;
    for (const productHits of byProduct.values()) {
        const product = productHits[0].entry.product;
        const support = product.fallback ? [] : (vendorHits.get(product.vendorId) ?? []);
        const all = [...productHits, ...support];
        const candidate = {
            product,
            hits: all,
            score: combine(all),
            specificity: Math.max(...productHits.map((h) => h.entry.key.length)),
        };
        if (!best || isBetter(candidate, best))
            best = candidate;
    }
    const chosen = best;
    // The hit that names the product leads; vendor-wide hits (publisher, signer) corroborate it.
    const own = chosen.hits.filter((h) => h.entry.product === chosen.product);
    const strongest = [...(own.length ? own : chosen.hits)].sort((a, b) => b.score - a.score)[0];
    const others = uniqueObserved(chosen.hits.filter((h) => h !== strongest && h.observed !== strongest.observed));
    return {
        product: chosen.product,
        match: {
            on: strongest.observed.kind,
            value: strongest.observed.value,
            pattern: strongest.entry.identifier.value,
            confidence: Math.round(chosen.score * 1000) / 1000,
            ...(others.length ? { corroboratedBy: others } : {}),
        },
    };
}
/** Higher score wins; at equal score a named product beats the vendor fallback, then the more specific hit. */
function isBetter(a, b) {
    if (Math.abs(a.score - b.score) > 1e-9)
        return a.score > b.score;
    if (a.product.fallback !== b.product.fallback)
        return !a.product.fallback;
    return a.specificity > b.specificity;
}
/**
 * Independent evidence adds up (1 − Π(1 − s)), one hit per observed identifier. Evidence that
 * the catalog marks as needing corroboration caps the score until a second identifier agrees.
 */
function combine(hits) {
    const bestPerObserved = new Map();
    for (const h of hits) {
        const prev = bestPerObserved.get(h.observed);
        if (!prev || h.score > prev.score)
            bestPerObserved.set(h.observed, h);
    }
    const distinct = [...bestPerObserved.values()];
    const score = 1 - distinct.reduce((acc, h) => acc * (1 - h.score), 1);
    const corroborated = distinct.length > 1 || distinct.some((h) => !h.entry.identifier.needsCorroboration);
    return corroborated ? score : Math.min(score, UNCORROBORATED_CEILING);
}
function uniqueObserved(hits) {
    const seen = new Set();
    const out = [];
    for (const h of hits) {
        const k = `${h.observed.kind}\0${h.observed.value}`;
        if (seen.has(k))
            continue;
        seen.add(k);
        out.push({ on: h.observed.kind, value: h.observed.value });
    }
    return out;
}
