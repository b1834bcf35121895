import type { MatchInfo } from '../core/finding.js';
import {
  IDENTIFIER_KINDS,
  listIdentifiers,
  type Identifier,
  type IdentifierKind,
  type Observation,
} from '../core/observation.js';
import type { CatalogIdentifier } from '../data/schema.js';
import {
  collectNeedles,
  compileCatalog,
  type CatalogView,
  type CompileHints,
  type CompiledCatalog,
  type Entry,
  type IndexedProduct,
} from './compile.js';
import { comparedKinds, normalizeFor } from './keys.js';
import { createPrefilter } from '../core/prefilter.js';
import { createPartyMatcher, isScreened } from './screening/match-party.js';

export interface MatchResult {
  product: IndexedProduct;
  match: MatchInfo;
}

export interface Matcher {
  match(observation: Observation): MatchResult | undefined;
  /**
   * False when `match` finds nothing for the observation for certain, decided by its own first
   * step: for a supplier or person, no word of its names reaches a screened party and it has no
   * registration id. A reader drops such records instead of sending them down the pipeline.
   */
  mayFind(observation: Observation): boolean;
  /** False when a raw chunk of input cannot contain anything this catalog knows. */
  mayMatch(chunk: string | Buffer): boolean;
  /**
   * A narrower prefilter for inputs whose records carry only these identifier kinds (a DNS log
   * has domains): short process or package names cannot then let every chunk through.
   */
  prefilterFor(kinds: readonly IdentifierKind[]): (chunk: string | Buffer) => boolean;
  readonly compiled: CompiledCatalog;
}

/** At or above: the match decides the status; below it (and at or above REVIEW) it is `review`. */
export const DECIDED = 0.8;
export const REVIEW = 0.5;
/** Ceiling for an identifier that the catalog says must not decide alone. */
const UNCORROBORATED_CEILING = 0.65;

const CONFIDENCE_VALUE: Record<CatalogIdentifier['confidence'], number> = {
  high: 0.95,
  medium: 0.85,
  low: 0.6,
};
const MODE_FACTOR: Record<CatalogIdentifier['match'], number> = {
  exact: 1,
  prefix: 0.97,
  suffix: 1,
  contains: 0.75,
  regex: 0.97,
};

interface Hit {
  entry: Entry;
  observed: Identifier;
  score: number;
}

/**
 * Builds the matcher once per data pack. Matching an observation looks each of its identifiers
 * up in the exact, prefix and suffix tables, runs the one multi-pattern expression over names,
 * and scores each product by combining the independent hits.
 */
export function createMatcher(catalog: CatalogView, options: { hints?: CompileHints } = {}): Matcher {
  const compiled = compileCatalog(catalog, options.hints);
  // Built on first use: a reader whose format names its identifier kinds asks `prefilterFor`
  // instead, and building one costs about 10 ms of a small scan's start.
  let prefilter: ((chunk: string | Buffer) => boolean) | undefined;
  // Suppliers and people go to the screening index (fuzzy, transliterated names of vendor entities),
  // built on the first supplier seen: a software scan never pays for it.
  let parties: ReturnType<typeof createPartyMatcher> | undefined;
  const narrower = new Map<string, (chunk: string | Buffer) => boolean>();
  // Observed kinds that `lookUp` compares with a kind the catalog has.
  const reachable = new Set(
    IDENTIFIER_KINDS.filter((k) => comparedKinds(k).some((c) => compiled.kinds.has(c))),
  );
  const prefilterFor = (kinds: readonly IdentifierKind[]) => {
    const key = [...kinds].sort().join(',');
    let filter = narrower.get(key);
    if (!filter) {
      const compared = new Set(kinds.flatMap((k) => [k, ...comparedKinds(k)]));
      filter = createPrefilter(collectNeedles(compiled, catalog, compared));
      narrower.set(key, filter);
    }
    return filter;
  };
  return {
    compiled,
    mayMatch: (chunk) => (prefilter ??= createPrefilter(compiled.needles))(chunk),
    prefilterFor,
    match: (observation) =>
      (isScreened(observation) ? (parties ??= createPartyMatcher(catalog)).match(observation) : undefined) ??
      matchObservation(compiled, observation),
    // Only screening is tested: a software observation costs little to match and is rarely dropped.
    mayFind: (observation) =>
      !isScreened(observation) ||
      (parties ??= createPartyMatcher(catalog)).mayMatch(observation) ||
      mayMatchCatalog(reachable, observation),
  };
}

/** Whether any of the observation's identifiers is of a kind `lookUp` finds catalog entries of. */
function mayMatchCatalog(reachable: ReadonlySet<IdentifierKind>, observation: Observation): boolean {
  if (!reachable.size) return false;
  for (const observed of listIdentifiers(observation)) if (reachable.has(observed.kind)) return true;
  return false;
}

function matchObservation(compiled: CompiledCatalog, observation: Observation): MatchResult | undefined {
  const hits: Hit[] = [];
  for (const observed of listIdentifiers(observation)) {
    for (const kind of comparedKinds(observed.kind)) lookUp(compiled, kind, observed, hits);
  }
  if (!hits.length) return undefined;
  return pickProduct(hits);
}

function lookUp(
  compiled: CompiledCatalog,
  kind: Identifier['kind'],
  observed: Identifier,
  hits: Hit[],
): void {
  // A vendor master's names are suppliers, which only the screening index knows: nothing to look up.
  if (!compiled.kinds.has(kind)) return;
  const value = normalizeFor(kind, observed.value);
  if (!value) return;
  const add = (entries: Entry[] | undefined) => {
    for (const entry of entries ?? []) hits.push({ entry, observed, score: scoreOf(entry.identifier) });
  };
  add(compiled.exact.get(`${kind}\0${value}`));
  for (const length of compiled.prefixLengths.get(kind) ?? []) {
    if (length <= value.length) add(compiled.prefix.get(`${kind}\0${value.slice(0, length)}`));
  }
  if (kind === 'domain') {
    for (let at = 0; at !== -1; at = value.indexOf('.', at + 1)) {
      add(compiled.suffix.get(`${kind}\0${at === 0 ? value : value.slice(at + 1)}`));
      if (at === 0 && value.indexOf('.') === -1) break;
    }
  } else {
    add(compiled.suffix.get(`${kind}\0${value}`));
  }
  if (compiled.contains && compiled.containsKinds.has(kind)) {
    for (const m of value.matchAll(compiled.contains.pattern)) {
      add(
        compiled.contains.entries
          .get(m[0])
          ?.filter((e) => e.identifier.kind === kind && isWordBounded(value, m)),
      );
    }
  }
  for (const { re, entry } of compiled.regex) {
    if (entry.identifier.kind === kind && re.test(observed.value)) add([entry]);
  }
}

/** A contained pattern must start and end on word boundaries: "kav" must not hit "kavalan". */
function isWordBounded(value: string, m: RegExpMatchArray): boolean {
  const start = m.index ?? 0;
  const end = start + m[0].length;
  const wordChar = /[\p{L}\p{N}]/u;
  return (
    (start === 0 || !wordChar.test(value[start - 1]!)) &&
    (end === value.length || !wordChar.test(value[end]!))
  );
}

function scoreOf(identifier: CatalogIdentifier): number {
  return CONFIDENCE_VALUE[identifier.confidence] * MODE_FACTOR[identifier.match];
}

/**
 * Scores each product hit, letting vendor-wide hits (publisher, signer) corroborate a product of the
 * same vendor, and returns the best; specific products win over the vendor fallback at equal score.
 */
function pickProduct(hits: Hit[]): MatchResult {
  const byProduct = new Map<string, Hit[]>();
  for (const hit of hits) {
    const id = hit.entry.product.ref.id;
    byProduct.set(id, [...(byProduct.get(id) ?? []), hit]);
  }
  const vendorHits = new Map<string, Hit[]>();
  for (const hit of hits) {
    if (hit.entry.product.fallback) {
      const v = hit.entry.product.vendorId;
      vendorHits.set(v, [...(vendorHits.get(v) ?? []), hit]);
    }
  }
  let best: Candidate | undefined;
  for (const productHits of byProduct.values()) {
    const product = productHits[0]!.entry.product;
    const support = product.fallback ? [] : (vendorHits.get(product.vendorId) ?? []);
    const all = [...productHits, ...support];
    const candidate = {
      product,
      hits: all,
      score: combine(all),
      specificity: Math.max(...productHits.map((h) => h.entry.key.length)),
    };
    if (!best || isBetter(candidate, best)) best = candidate;
  }
  const chosen = best!;
  // The hit that names the product leads; vendor-wide hits (publisher, signer) corroborate it.
  const own = chosen.hits.filter((h) => h.entry.product === chosen.product);
  const strongest = [...(own.length ? own : chosen.hits)].sort((a, b) => b.score - a.score)[0]!;
  const others = uniqueObserved(
    chosen.hits.filter((h) => h !== strongest && h.observed !== strongest.observed),
  );
  return {
    product: chosen.product,
    match: {
      on: strongest.observed.kind,
      value: strongest.observed.value,
      pattern: strongest.entry.identifier.value,
      confidence: Math.round(chosen.score * 1000) / 1000,
      ...(strongest.entry.identifier.sources.length
        ? { sources: [...strongest.entry.identifier.sources] }
        : {}),
      ...(strongest.entry.identifier.evidence === 'weak' ? { evidence: 'weak' as const } : {}),
      ...(others.length ? { corroboratedBy: others } : {}),
    },
  };
}

interface Candidate {
  product: IndexedProduct;
  hits: Hit[];
  score: number;
  /** Length of the longest catalog value that hit: "… Anti-Virus for Windows Servers" beats "… Anti-Virus". */
  specificity: number;
}

/** Higher score wins; at equal score a named product beats the vendor fallback, then the more specific hit. */
function isBetter(a: Candidate, b: Candidate): boolean {
  if (Math.abs(a.score - b.score) > 1e-9) return a.score > b.score;
  if (a.product.fallback !== b.product.fallback) return !a.product.fallback;
  return a.specificity > b.specificity;
}

/**
 * Independent evidence adds up (1 − Π(1 − s)), one hit per observed identifier. Evidence that
 * the catalog marks as needing corroboration caps the score until a second identifier agrees.
 */
function combine(hits: Hit[]): number {
  const bestPerObserved = new Map<Identifier, Hit>();
  for (const h of hits) {
    const prev = bestPerObserved.get(h.observed);
    if (!prev || h.score > prev.score) bestPerObserved.set(h.observed, h);
  }
  const distinct = [...bestPerObserved.values()];
  const score = 1 - distinct.reduce((acc, h) => acc * (1 - h.score), 1);
  const corroborated = distinct.length > 1 || distinct.some((h) => !h.entry.identifier.needsCorroboration);
  return corroborated ? score : Math.min(score, UNCORROBORATED_CEILING);
}

function uniqueObserved(hits: Hit[]): { on: Identifier['kind']; value: string }[] {
  const seen = new Set<string>();
  const out: { on: Identifier['kind']; value: string }[] = [];
  for (const h of hits) {
    const k = `${h.observed.kind}\0${h.observed.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ on: h.observed.kind, value: h.observed.value });
  }
  return out;
}
