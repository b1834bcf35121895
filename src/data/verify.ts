import type { DataPack } from './load.js';
import type { CatalogIdentifier, Determination, Source } from './schema.js';

/**
 * Cross-reference checks that one file's schema cannot make: sources, vendors, entities and determinations
 * named anywhere must exist, ids must be unique, two products may not claim the same identifier unless
 * both mark it `shared`, and every source must be one a reader can follow (a url or a repo locator).
 *
 * @example
 * const { problems } = verifyDataPack(await loadDataPack());
 */
export function verifyDataPack(pack: DataPack): { problems: string[] } {
  const problems: string[] = [];
  for (const source of pack.sources.values()) {
    if (!isResolvable(source)) {
      problems.push(`source ${source.id}: neither a url nor a repo locator (owner/repo:path@commit); a reader cannot follow it`);
    }
  }
  const checkSources = (where: string, ids: readonly string[]) => {
    for (const id of ids) if (!pack.sources.has(id)) problems.push(`${where}: unknown source ${id}`);
  };
  const checkIdentifiers = (where: string, identifiers: readonly CatalogIdentifier[]) =>
    identifiers.forEach((identifier, i) => checkSources(`${where}.identifiers[${i}]`, identifier.sources));

  const vendorIds = new Set<string>();
  const entityIds = new Map<string, string>();
  for (const vendor of pack.vendors) {
    const where = `vendor ${vendor.id}`;
    if (vendorIds.has(vendor.id)) problems.push(`${where}: duplicate vendor id`);
    vendorIds.add(vendor.id);
    checkSources(where, vendor.sources);
    checkIdentifiers(where, vendor.identifiers);
    for (const entity of vendor.entities) {
      if (entityIds.has(entity.id)) problems.push(`${where}: duplicate entity id ${entity.id}`);
      entityIds.set(entity.id, vendor.id);
      checkSources(`${where}.entities.${entity.id}`, entity.sources);
    }
  }

  const ids = new Map<string, string>();
  const claim = (id: string, what: string) => {
    const previous = ids.get(id);
    if (previous) problems.push(`${what} ${id}: id already used by ${previous}`);
    else ids.set(id, what);
  };
  for (const product of pack.products) {
    const where = `product ${product.id}`;
    claim(product.id, 'product');
    if (!vendorIds.has(product.vendor)) problems.push(`${where}: unknown vendor ${product.vendor}`);
    checkSources(where, product.sources);
    checkIdentifiers(where, product.identifiers);
  }
  const determinationIds = new Set(pack.determinations.map((d) => d.id));
  for (const determination of pack.determinations) {
    claim(determination.id, 'determination');
    problems.push(...verifyDetermination(pack, determination, vendorIds, entityIds));
  }
  for (const vendor of pack.vendors) {
    for (const entity of vendor.entities) {
      for (const id of entity.listedBy) {
        if (!determinationIds.has(id)) problems.push(`vendor ${vendor.id}.entities.${entity.id}: listedBy unknown determination ${id}`);
      }
    }
  }
  problems.push(...findDuplicateIdentifiers(pack));
  return { problems };
}

/** A source a reader can open: a public address, or a pinned file in a public repository. */
function isResolvable(source: Source | undefined): boolean {
  return Boolean(source && (source.url || source.repo));
}

export interface EvidenceCount {
  identifiers: number;
  /** Identifiers with at least one resolvable source that shows the value (not marked `evidence: weak`). */
  resolvable: number;
  weak: number;
}

/** How many catalog identifiers an auditor can check against a source, for `data verify`'s summary line. */
export function countEvidence(pack: DataPack): EvidenceCount {
  const all = [...pack.vendors.flatMap((v) => v.identifiers), ...pack.products.flatMap((p) => p.identifiers)];
  const weak = all.filter((i) => i.evidence === 'weak').length;
  const resolvable = all.filter(
    (i) => i.evidence !== 'weak' && i.sources.some((id) => isResolvable(pack.sources.get(id))),
  ).length;
  return { identifiers: all.length, resolvable, weak };
}

function verifyDetermination(
  pack: DataPack,
  d: Determination,
  vendorIds: Set<string>,
  entityIds: Map<string, string>,
): string[] {
  const problems: string[] = [];
  const where = `determination ${d.id}`;
  const checkSources = (at: string, ids: readonly string[]) => {
    for (const id of ids) if (!pack.sources.has(id)) problems.push(`${at}: unknown source ${id}`);
  };
  checkSources(where, d.sources);
  for (const vendor of d.vendors) if (!vendorIds.has(vendor)) problems.push(`${where}: unknown vendor ${vendor}`);
  for (const entity of d.entities ?? []) {
    const owner = entityIds.get(entity);
    if (!owner) problems.push(`${where}: unknown entity ${entity}`);
    else if (!d.vendors.includes(owner)) problems.push(`${where}: entity ${entity} belongs to vendor ${owner}, not listed in vendors`);
    const listed = pack.vendors.flatMap((v) => v.entities).find((e) => e.id === entity);
    if (listed && !listed.listedBy.includes(d.id)) problems.push(`${where}: entity ${entity} does not list this determination in listedBy`);
  }
  d.exemptions.forEach((e, i) => checkSources(`${where}.exemptions[${i}]`, e.sources));
  (d.obligations ?? []).forEach((o, i) => checkSources(`${where}.obligations[${i}]`, o.sources));
  (d.reviews ?? []).forEach((r, i) => {
    checkSources(`${where}.reviews[${i}]`, r.sources);
    for (const id of r.products) if (!pack.products.some((p) => p.id === id)) problems.push(`${where}.reviews[${i}]: unknown product ${id}`);
  });
  const phaseIds = new Set<string>();
  d.phases.forEach((phase, i) => {
    const at = `${where}.phases[${i}]`;
    checkSources(at, phase.sources);
    if (phaseIds.has(phase.id)) problems.push(`${at}: duplicate phase id ${phase.id}`);
    phaseIds.add(phase.id);
    if (phase.until && phase.until < phase.since) problems.push(`${at}: until ${phase.until} is before since ${phase.since}`);
    const next = d.phases[i + 1];
    if (next && next.since <= phase.since) problems.push(`${at}: phases must be in date order (${next.id} starts ${next.since})`);
    if (next && phase.until && phase.until >= next.since) problems.push(`${at}: until ${phase.until} overlaps ${next.id}`);
  });
  const categories = new Set(pack.products.map((p) => p.category as string));
  for (const key of Object.keys(d.remediation)) {
    if (key !== 'default' && !categories.has(key)) problems.push(`${where}.remediation: no product has category ${key}`);
  }
  return problems;
}

function findDuplicateIdentifiers(pack: DataPack): string[] {
  const problems: string[] = [];
  const seen = new Map<string, { product: string; shared: boolean }>();
  for (const product of pack.products) {
    const own = new Set<string>();
    for (const identifier of product.identifiers) {
      const key = `${identifier.kind}\0${identifier.match}\0${identifier.value.normalize('NFKC').toLowerCase()}`;
      if (own.has(key)) continue;
      own.add(key);
      const first = seen.get(key);
      if (!first) seen.set(key, { product: product.id, shared: identifier.shared === true });
      else if (!(first.shared && identifier.shared)) {
        problems.push(
          `product ${product.id}: ${identifier.kind} "${identifier.value}" is also claimed by ${first.product} (mark both shared if deliberate)`,
        );
      }
    }
  }
  return problems;
}
