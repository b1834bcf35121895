import type { IdentifierKind } from '../core/observation.js';
import type { CatalogIdentifier, CatalogProduct, Category, Entity } from '../data/schema.js';
import type { ProductRef } from '../core/finding.js';
import { normalizeFor } from './keys.js';

/** The part of a data pack the matcher needs. */
export interface CatalogView {
  vendors: readonly {
    id: string;
    name: string;
    identifiers: readonly CatalogIdentifier[];
    /** Other names of the vendor; supplier screening gives them to the vendor's own (`self`) entity. */
    aliases?: readonly string[];
    /** Legal entities and people behind the vendor: the parties supplier screening looks for. */
    entities?: readonly Entity[];
  }[];
  products: readonly CatalogProduct[];
}

export interface IndexedProduct {
  ref: ProductRef;
  vendorId: string;
  category: Category;
  /** The vendor-wide fallback for software the catalog does not name. */
  fallback: boolean;
  /** Set when the "product" is a party found by supplier screening (a vendor entity or person). */
  party?: { kind: Entity['kind']; relation: Entity['relation']; listedBy: readonly string[] };
}

export interface Entry {
  product: IndexedProduct;
  identifier: CatalogIdentifier;
  /** The identifier's value in normalised form. */
  key: string;
}

export interface CompiledCatalog {
  exact: Map<string, Entry[]>; // `${kind}\0${key}`
  prefix: Map<string, Entry[]>;
  prefixLengths: Map<IdentifierKind, number[]>;
  suffix: Map<string, Entry[]>; // domains: `${kind}\0${key}`
  contains: { pattern: RegExp; entries: Map<string, Entry[]> } | undefined;
  regex: { re: RegExp; entry: Entry }[];
  /** Kinds with any entry: an identifier of another kind cannot match, and is not even normalised. */
  kinds: Set<IdentifierKind>;
  /** Kinds with `contains` entries: only their values are searched with the multi-pattern expression. */
  containsKinds: Set<IdentifierKind>;
  /** Lower-case literals that any matching record must contain: the raw-bytes prefilter. */
  needles: string[];
  products: Map<string, IndexedProduct>;
  /** What this compilation computed that a later one of the same catalog may take as given. */
  hints: CompileHints;
}

/**
 * The costly parts of compiling a catalog: each identifier's normalised key (in the order the
 * compiler visits identifiers, regexes included as their source) and the prefilter needles. They
 * depend only on the catalog and the code, so a cache keyed by both can hand them back.
 */
export interface CompileHints {
  keys: string[];
  needles: string[];
}

const key = (kind: IdentifierKind, value: string) => `${kind}\0${value}`;

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** Compiles the catalog once into lookup tables and one multi-pattern expression. */
export function compileCatalog(catalog: CatalogView, given?: CompileHints): CompiledCatalog {
  const compiled: CompiledCatalog = {
    exact: new Map(),
    prefix: new Map(),
    prefixLengths: new Map(),
    suffix: new Map(),
    contains: undefined,
    regex: [],
    kinds: new Set(),
    containsKinds: new Set(),
    needles: [],
    products: new Map(),
    hints: { keys: [], needles: [] },
  };
  const containsEntries = new Map<string, Entry[]>();
  const visits = listIdentifiers(catalog, compiled.products);
  // Hints of another catalog (another number of identifiers) are not taken.
  const usable = given?.keys.length === visits.length ? given : undefined;
  for (const [i, [product, identifier]] of visits.entries()) {
    const k =
      identifier.match === 'regex'
        ? identifier.value
        : (usable?.keys[i] ?? normalizeFor(identifier.kind, identifier.value));
    compiled.hints.keys.push(k);
    addIdentifier(compiled, containsEntries, product, identifier, k);
  }
  if (containsEntries.size) {
    const alternatives = [...containsEntries.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    compiled.contains = { pattern: new RegExp(alternatives.join('|'), 'gu'), entries: containsEntries };
  }
  for (const [kind, lengths] of compiled.prefixLengths)
    compiled.prefixLengths.set(kind, [...new Set(lengths)]);
  compiled.needles = usable?.needles ?? collectNeedles(compiled, catalog);
  compiled.hints.needles = compiled.needles;
  return compiled;
}

/** Every identifier with the product it points at, indexing the products on the way. */
function listIdentifiers(
  catalog: CatalogView,
  products: Map<string, IndexedProduct>,
): [IndexedProduct, CatalogIdentifier][] {
  const visits: [IndexedProduct, CatalogIdentifier][] = [];
  const vendorNames = new Map(catalog.vendors.map((v) => [v.id, v.name]));
  for (const product of catalog.products) {
    const indexed: IndexedProduct = {
      ref: {
        id: product.id,
        name: product.name,
        vendor: vendorNames.get(product.vendor) ?? product.vendor,
        category: product.category,
        ...(product.integration
          ? {
              integration: { carrier: product.integration.carrier, component: product.integration.component },
            }
          : {}),
      },
      vendorId: product.vendor,
      category: product.category,
      fallback: product.category === 'unidentified',
    };
    products.set(product.id, indexed);
    for (const identifier of product.identifiers) visits.push([indexed, identifier]);
  }
  // Vendor-wide identifiers (publisher and signer names) point at the vendor's fallback product.
  for (const vendor of catalog.vendors) {
    const fallback = [...products.values()].find((p) => p.vendorId === vendor.id && p.fallback);
    if (!fallback) continue;
    for (const identifier of vendor.identifiers) visits.push([fallback, identifier]);
  }
  return visits;
}

/** Files one identifier, whose normalised value is `k`, in the table its match mode says. */
function addIdentifier(
  compiled: CompiledCatalog,
  containsEntries: Map<string, Entry[]>,
  product: IndexedProduct,
  identifier: CatalogIdentifier,
  k: string,
): void {
  compiled.kinds.add(identifier.kind);
  if (identifier.match === 'regex') {
    compiled.regex.push({
      re: new RegExp(identifier.value, 'iu'),
      entry: { product, identifier, key: identifier.value },
    });
    return;
  }
  if (!k) return;
  const entry: Entry = { product, identifier, key: k };
  switch (identifier.kind === 'domain' ? 'suffix' : identifier.match) {
    case 'exact':
      push(compiled.exact, key(identifier.kind, k), entry);
      break;
    case 'prefix':
      push(compiled.prefix, key(identifier.kind, k), entry);
      push(compiled.prefixLengths, identifier.kind, k.length);
      break;
    case 'suffix':
      push(compiled.suffix, key(identifier.kind, k), entry);
      break;
    case 'contains':
      push(containsEntries, k, entry);
      compiled.containsKinds.add(identifier.kind);
      break;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The shortest distinctive literals: a record that contains none of them (case-insensitively)
 * cannot match, so big inputs can skip parsing it. A regex identifier contributes a literal word
 * every match must contain; one with no such word disables the prefilter rather than miss a record.
 */
export function collectNeedles(
  compiled: CompiledCatalog,
  catalog: CatalogView,
  kinds?: ReadonlySet<IdentifierKind>,
): string[] {
  const vendorWords = catalog.vendors.flatMap((v) =>
    v.name
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 4),
  );
  const raw = new Set<string>();
  const addAll = (m: Map<string, Entry[]>) => {
    for (const entries of m.values())
      for (const e of entries) if (!kinds || kinds.has(e.identifier.kind)) raw.add(needleOf(e, vendorWords));
  };
  addAll(compiled.exact);
  addAll(compiled.prefix);
  addAll(compiled.suffix);
  if (compiled.contains) addAll(compiled.contains.entries);
  for (const { entry } of compiled.regex) {
    if (kinds && !kinds.has(entry.identifier.kind)) continue;
    const words = requiredWordsOf(entry.identifier.value, vendorWords);
    if (!words) return [];
    for (const w of words) raw.add(w);
  }
  const sorted = [...raw].filter(Boolean).sort((a, b) => a.length - b.length);
  // Drop needles that contain a shorter needle: the shorter one already lets the record through.
  const kept: string[] = [];
  for (const n of sorted) if (!kept.some((k) => n.includes(k))) kept.push(n);
  return kept;
}

/**
 * Words one of which every match of a regex must contain: its required word, or else one word
 * per alternative of its first mandatory group ("^(kavhttpd|kavicapd)…" → both).
 */
export function requiredWordsOf(source: string, vendorWords: readonly string[] = []): string[] | undefined {
  const word = requiredWordOf(source, vendorWords);
  if (word) return [word];
  const group = firstMandatoryGroup(source);
  if (!group) return undefined;
  const words = splitTopLevel(group).map((alternative) => requiredWordOf(alternative, vendorWords));
  return words.every((w): w is string => Boolean(w)) ? words : undefined;
}

function firstMandatoryGroup(source: string): string | undefined {
  const open = source.indexOf('(');
  if (open === -1 || (open > 0 && source[open - 1] === '\\')) return undefined;
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) {
      const next = source[i + 1];
      if (next === '?' || next === '*' || next === '{') return undefined;
      return source.slice(open + 1, i).replace(/^\?:/, '');
    }
  }
  return undefined;
}

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === '(') depth++;
    else if (source[i] === ')') depth--;
    else if (source[i] === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

/**
 * The longest word that every match of a regex must contain: literal text outside groups, classes
 * and optional characters. Undefined when the pattern has a top-level alternation or no such word.
 */
export function requiredWordOf(source: string, vendorWords: readonly string[] = []): string | undefined {
  let depth = 0;
  let text = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      text += '\u0000';
      i++;
    } else if (c === '(') {
      depth++;
      text += '\u0000';
    } else if (c === ')') {
      depth--;
    } else if (c === '[') {
      const close = source.indexOf(']', i + 1);
      i = close === -1 ? source.length : close;
      text += '\u0000';
    } else if (c === '|' && depth === 0) {
      return undefined;
    } else if ('?*{'.includes(c)) {
      text = text.slice(0, -1) + '\u0000'; // the previous character is optional
      if (c === '{') i = Math.max(i, source.indexOf('}', i));
    } else if (depth === 0 && !'^$.+'.includes(c)) {
      text += c;
    } else {
      text += '\u0000';
    }
  }
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3);
  return words.length ? chooseWord(words, vendorWords) : undefined;
}

const VERBATIM_KINDS = new Set<IdentifierKind>([
  'process',
  'service',
  'driver',
  'file-name',
  'linux-package',
  'android-package',
  'bundle-id',
  'pkg-id',
  'winget-id',
  'extension-id',
  'domain',
]);

/**
 * Generic software words: a record containing one says nothing about the vendor, so they make
 * poor prefilter needles ("kesl.service" should be found by "kesl", not by "service").
 */
const COMMON_WORDS = new Set(
  (
    'agent anti antivirus app application center cloud com components connection console control data drivers ' +
    'edition endpoint exe files free info internet kit library mail net org manager mobile network plus premium ' +
    'drivers program programdata protection proxy removal security server service standard support system tool ' +
    'tools total update virus web windows'
  ).split(' '),
);

/**
 * The literal a raw record must contain for this entry to match. Normalised names may differ from
 * the raw text in punctuation and spacing, so take a word of the value: the vendor's name when the
 * value has it (one needle then covers many identifiers), else the longest uncommon word.
 */
function needleOf(entry: Entry, vendorWords: readonly string[]): string {
  const raw = entry.identifier.value.toLowerCase();
  if (entry.identifier.kind === 'product-code' || entry.identifier.kind === 'upgrade-code') return entry.key;
  // Identifiers that records carry verbatim (file, package and service names) are their own needle.
  if (VERBATIM_KINDS.has(entry.identifier.kind) && entry.identifier.match !== 'contains') return entry.key;
  const words = raw.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3);
  return words.length ? chooseWord(words, vendorWords) : raw;
}

/** The vendor's own word if one is there, else the longest uncommon word, else the longest. */
function chooseWord(words: readonly string[], vendorWords: readonly string[]): string {
  const vendorWord = vendorWords.find((v) => words.some((w) => w.includes(v)));
  if (vendorWord) return vendorWord;
  const uncommon = words.filter((w) => !COMMON_WORDS.has(w));
  return (uncommon.length ? uncommon : words).reduce((a, b) => (b.length > a.length ? b : a));
}
