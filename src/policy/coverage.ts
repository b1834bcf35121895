import type { Category, Determination, Entity } from '../data/schema.js';

/** What a determination is held against: a catalog product, a vendor's unnamed software, or a party. */
export interface CoverageSubject {
  /** The product id, or the party (entity) id. */
  id: string;
  vendorId: string;
  /** How the vendor is named in reasons. */
  vendorName: string;
  category: Category;
  /** The vendor's code built into another company's product (an OEM engine, an SDK). */
  integration?: boolean;
  /** Set for a party found by supplier screening. */
  party?: { kind: Entity['kind'] };
}

export type Coverage =
  | { scope: 'not-covered'; reason: string }
  | { scope: 'covered'; reason: string }
  | { scope: 'review'; reason: string }
  | { scope: 'exempt'; reason: string; sources: string[] };

/**
 * Whether a determination reaches a subject, and why: the one decision that scans apply and that
 * `interdict explain` shows. A determination that names entities (the Entity List, sanctions)
 * reaches only those parties, as suppliers; one that names vendors reaches their software by
 * category, exemption and review scope, their companies, and people only where a list names them.
 */
export function coverageOf(d: Determination, subject: CoverageSubject, asSupplier: boolean): Coverage {
  if (!d.vendors.includes(subject.vendorId)) return { scope: 'not-covered', reason: 'names another vendor' };
  if (d.entities) {
    return asSupplier && d.entities.includes(subject.id)
      ? { scope: 'covered', reason: 'lists this entity' }
      : { scope: 'not-covered', reason: 'lists entities (suppliers), not software' };
  }
  if (subject.party) {
    return subject.party.kind === 'person'
      ? { scope: 'not-covered', reason: 'names the vendor, not its people' }
      : { scope: 'covered', reason: `covers ${subject.vendorName}'s companies` };
  }
  if (subject.integration && !d.integrations) {
    return {
      scope: 'not-covered',
      reason: `does not reach ${subject.vendorName} code built into other companies' products`,
    };
  }
  const exemption = d.exemptions.find((e) => e.categories.includes(subject.category));
  if (exemption) return { scope: 'exempt', reason: exemption.summary, sources: exemption.sources };
  const review = d.reviews?.find(
    (r) => r.products.includes(subject.id) || r.categories.includes(subject.category),
  );
  if (review) return { scope: 'review', reason: review.summary };
  if (d.categories.length === 0 || d.categories.includes(subject.category)) {
    return {
      scope: 'covered',
      reason: `covers every ${subject.vendorName} product in category ${subject.category}`,
    };
  }
  if (subject.category === 'unidentified') {
    return {
      scope: 'review',
      reason: `confirm that this ${subject.vendorName} software is of a class it covers (${d.categories.join(', ')})`,
    };
  }
  return { scope: 'not-covered', reason: `covers ${d.categories.join(', ')} only` };
}
