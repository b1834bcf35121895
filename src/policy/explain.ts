import type { DataPack } from '../data/load.js';
import type { CatalogProduct, Determination, Source, Vendor } from '../data/schema.js';
import { coverageOf } from './coverage.js';

type Entity = Vendor['entities'][number];

export interface DataPackSummary {
  name: string;
  version: string;
  hash: string;
  reviewed: string;
  description: string;
  dir: string;
  counts: {
    sources: number;
    vendors: number;
    entities: number;
    products: number;
    identifiers: number;
    determinations: number;
  };
  productsByCategory: Record<string, number>;
  determinations: {
    id: string;
    title: string;
    published: string;
    profiles: string[];
    phases: { id: string; since: string }[];
  }[];
}

/** What `interdict data list` and `data show` print: counts and one line per determination. */
export function describeDataPack(pack: DataPack): DataPackSummary {
  const productsByCategory: Record<string, number> = {};
  for (const product of pack.products)
    productsByCategory[product.category] = (productsByCategory[product.category] ?? 0) + 1;
  return {
    name: pack.manifest.name,
    version: pack.version,
    hash: pack.hash,
    reviewed: pack.manifest.reviewed,
    description: pack.manifest.description,
    dir: pack.dir,
    counts: {
      sources: pack.sources.size,
      vendors: pack.vendors.length,
      entities: pack.vendors.reduce((n, v) => n + v.entities.length, 0),
      products: pack.products.length,
      identifiers:
        pack.products.reduce((n, p) => n + p.identifiers.length, 0) +
        pack.vendors.reduce((n, v) => n + v.identifiers.length, 0),
      determinations: pack.determinations.length,
    },
    productsByCategory,
    determinations: pack.determinations.map((d) => ({
      id: d.id,
      title: d.title,
      published: d.published,
      profiles: [...d.profiles],
      phases: d.phases.map((p) => ({ id: p.id, since: p.since })),
    })),
  };
}

/** How one determination treats one product: covered, exempt, left for review, or out of scope. */
interface Coverage {
  determination: string;
  title: string;
  scope: 'covered' | 'exempt' | 'review' | 'not-covered';
  reason: string;
}

export type Explanation =
  | { kind: 'product'; product: CatalogProduct; vendor?: Vendor; coverage: Coverage[]; sources: Source[] }
  | { kind: 'determination'; determination: Determination; entities: Entity[]; sources: Source[] }
  | { kind: 'vendor'; vendor: Vendor; products: string[]; sources: Source[] }
  | { kind: 'entity'; entity: Entity; vendor: Vendor; listedBy: Determination[]; sources: Source[] }
  | { kind: 'source'; source: Source; citedBy: string[] };

/**
 * Everything the pack says about one id (product, determination, vendor, entity or source), for
 * `interdict explain ID`; ids match case-insensitively, and determination aliases work too.
 */
export function explainId(pack: DataPack, id: string): Explanation | undefined {
  const key = id.trim().toLowerCase();
  const sourcesOf = (ids: readonly string[]) => ids.flatMap((s) => pack.sources.get(s) ?? []);
  const product = pack.products.find((p) => p.id === key);
  if (product) {
    const vendor = pack.vendors.find((v) => v.id === product.vendor);
    const coverage = pack.determinations.map((d) => determineCoverage(d, product));
    return { kind: 'product', product, vendor, coverage, sources: sourcesOf(product.sources) };
  }
  const determination = pack.determinations.find(
    (d) => d.id === key || d.aliases.some((a) => a.toLowerCase() === key),
  );
  if (determination) {
    const entities = pack.vendors
      .flatMap((v) => v.entities)
      .filter((e) => e.listedBy.includes(determination.id));
    const ids = new Set([
      ...determination.sources,
      ...determination.phases.flatMap((p) => p.sources),
      ...determination.exemptions.flatMap((e) => e.sources),
    ]);
    return { kind: 'determination', determination, entities, sources: sourcesOf([...ids]) };
  }
  const vendor = pack.vendors.find((v) => v.id === key);
  if (vendor) {
    const products = pack.products.filter((p) => p.vendor === vendor.id).map((p) => p.id);
    return { kind: 'vendor', vendor, products, sources: sourcesOf(vendor.sources) };
  }
  for (const owner of pack.vendors) {
    const entity = owner.entities.find((e) => e.id === key);
    if (entity) {
      const listedBy = pack.determinations.filter((d) => entity.listedBy.includes(d.id));
      return { kind: 'entity', entity, vendor: owner, listedBy, sources: sourcesOf(entity.sources) };
    }
  }
  const source = pack.sources.get(id.trim()) ?? pack.sources.get(key);
  if (source) return { kind: 'source', source, citedBy: findCitations(pack, source.id) };
  return undefined;
}

/**
 * Where a reader finds a source: its url, else its repo locator with the GitHub address it stands for,
 * else (an unresolvable code-index hit) its locator.
 */
export function sourceAddress(source: Source): string {
  if (source.url) return source.url;
  if (source.repo) {
    const at = source.repo.lastIndexOf('@');
    const colon = source.repo.indexOf(':');
    const repo = source.repo.slice(0, colon);
    return `${source.repo} (https://github.com/${repo}/blob/${source.repo.slice(at + 1)}/${source.repo.slice(colon + 1, at)})`;
  }
  return source.locator ?? '';
}

/** Whether a determination reaches a product, and why: the scans' own rule (`coverageOf`). */
function determineCoverage(d: Determination, product: CatalogProduct): Coverage {
  const { scope, reason } = coverageOf(
    d,
    {
      id: product.id,
      vendorId: product.vendor,
      vendorName: product.vendor,
      category: product.category,
      ...(product.integration ? { integration: true } : {}),
    },
    false,
  );
  return { determination: d.id, title: d.title, scope, reason };
}

function findCitations(pack: DataPack, sourceId: string): string[] {
  const out: string[] = [];
  for (const v of pack.vendors) {
    if (v.sources.includes(sourceId) || v.identifiers.some((i) => i.sources.includes(sourceId)))
      out.push(`vendor ${v.id}`);
    for (const e of v.entities) if (e.sources.includes(sourceId)) out.push(`entity ${e.id}`);
  }
  for (const p of pack.products) {
    if (p.sources.includes(sourceId) || p.identifiers.some((i) => i.sources.includes(sourceId)))
      out.push(`product ${p.id}`);
  }
  for (const d of pack.determinations) {
    const all = [
      ...d.sources,
      ...d.phases.flatMap((p) => p.sources),
      ...d.exemptions.flatMap((e) => e.sources),
    ];
    if (all.includes(sourceId)) out.push(`determination ${d.id}`);
  }
  return out;
}
