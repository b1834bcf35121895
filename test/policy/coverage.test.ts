import { describe, expect, it } from 'vitest';
import { determinationSchema } from '../../src/data/schema.js';
import { coverageOf, type CoverageSubject } from '../../src/policy/coverage.js';

const base = {
  authority: 'test',
  kind: 'final-determination',
  citations: ['test'],
  published: '2024-06-24',
  profiles: ['us-person'],
  vendors: ['kaspersky'],
  phases: [
    {
      id: 'p',
      since: '2024-07-20',
      summary: 's',
      effects: [{ subject: 'software', status: 'unsupported', effect: 'e' }],
      citation: 'c',
      sources: ['test'],
    },
  ],
  sources: ['test'],
};
const antivirusOnly = determinationSchema.parse({
  ...base,
  id: 'av-only',
  title: 'anti-virus only',
  categories: ['antivirus', 'endpoint', 'embedded-engine'],
  integrations: false,
  exemptions: [{ categories: ['threat-intelligence'], summary: 'exempt class', sources: ['test'] }],
  reviews: [
    { products: ['kaspersky-vpn'], categories: ['management'], summary: 'unclear class', sources: ['test'] },
  ],
});
const entityList = determinationSchema.parse({
  ...base,
  id: 'entity-list',
  title: 'Entity List',
  entities: ['ao-kaspersky-lab'],
});
const product = (over: Partial<CoverageSubject>): CoverageSubject => ({
  id: 'kes',
  vendorId: 'kaspersky',
  vendorName: 'Kaspersky',
  category: 'endpoint',
  ...over,
});

describe('coverageOf', () => {
  it.each([
    ['a product of a covered class', product({}), false, 'covered'],
    ['another vendor', product({ vendorId: 'contoso' }), false, 'not-covered'],
    ['an exempt class', product({ category: 'threat-intelligence' }), false, 'exempt'],
    [
      'a product a review scope names, outside the classes',
      product({ id: 'kaspersky-vpn', category: 'vpn' }),
      false,
      'review',
    ],
    ['a class a review scope names', product({ category: 'management' }), false, 'review'],
    ['another class', product({ category: 'password-manager' }), false, 'not-covered'],
    ['software the catalog does not name', product({ category: 'unidentified' }), false, 'review'],
    [
      'an engine in another product, integrations excluded',
      product({ category: 'embedded-engine', integration: true }),
      false,
      'not-covered',
    ],
    [
      "the vendor's company",
      product({ id: 'ao-kaspersky-lab', category: 'party', party: { kind: 'organization' } }),
      true,
      'covered',
    ],
    [
      "the vendor's people",
      product({ id: 'someone', category: 'party', party: { kind: 'person' } }),
      true,
      'not-covered',
    ],
  ] as const)('%s', (_, subject, asSupplier, scope) => {
    expect(coverageOf(antivirusOnly, subject, asSupplier).scope).toBe(scope);
  });

  it('reaches listed entities only as suppliers, never software', () => {
    const company = product({ id: 'ao-kaspersky-lab', category: 'party', party: { kind: 'organization' } });
    expect(coverageOf(entityList, company, true).scope).toBe('covered');
    expect(coverageOf(entityList, product({ id: 'other-entity', category: 'party' }), true).scope).toBe(
      'not-covered',
    );
    expect(coverageOf(entityList, product({}), false)).toEqual({
      scope: 'not-covered',
      reason: 'lists entities (suppliers), not software',
    });
  });

  it('gives the exemption its sources and the review its reason', () => {
    expect(coverageOf(antivirusOnly, product({ category: 'threat-intelligence' }), false)).toEqual({
      scope: 'exempt',
      reason: 'exempt class',
      sources: ['test'],
    });
    expect(coverageOf(antivirusOnly, product({ category: 'unidentified' }), false).reason).toBe(
      'confirm that this Kaspersky software is of a class it covers (antivirus, endpoint, embedded-engine)',
    );
  });
});
