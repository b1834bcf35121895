import type { CatalogView } from '../../src/match/compile.js';
import type { PackView } from '../../src/evaluator.js';
import { identifierSchema, productSchema, determinationSchema } from '../../src/data/schema.js';

/** A small catalog in the data pack's own schema, so these tests do not move when the pack grows. */
const id = (kind: string, value: string, extra: Record<string, unknown> = {}) =>
  identifierSchema.parse({ kind, value, sources: ['test'], ...extra });

export const catalog: CatalogView = {
  vendors: [
    {
      id: 'kaspersky',
      name: 'Kaspersky',
      identifiers: [
        id('publisher', 'AO Kaspersky Lab'),
        id('publisher', 'Kaspersky Lab'),
        id('signer', 'Kaspersky Lab JSC'),
      ],
    },
  ],
  products: [
    productSchema.parse({
      id: 'kaspersky-endpoint-security-windows',
      name: 'Kaspersky Endpoint Security for Windows',
      vendor: 'kaspersky',
      category: 'endpoint',
      identifiers: [
        id('name', 'Kaspersky Endpoint Security for Windows'),
        id('process', 'avp.exe', { needsCorroboration: true, confidence: 'medium' }),
        id('service', 'AVP'),
        id('bundle-id', 'com.kaspersky.kes', { match: 'prefix' }),
      ],
      sources: ['test'],
    }),
    productSchema.parse({
      id: 'kaspersky-threat-intelligence-portal',
      name: 'Kaspersky Threat Intelligence Portal',
      vendor: 'kaspersky',
      category: 'threat-intelligence',
      identifiers: [id('domain', 'opentip.kaspersky.com')],
      sources: ['test'],
    }),
    productSchema.parse({
      id: 'kaspersky-update-infrastructure',
      name: 'Kaspersky update and KSN services',
      vendor: 'kaspersky',
      category: 'service',
      identifiers: [id('domain', 'kaspersky-labs.com'), id('domain', 'ksn.kaspersky.com')],
      sources: ['test'],
    }),
    productSchema.parse({
      id: 'kaspersky-unidentified',
      name: 'Kaspersky software (not in catalog)',
      vendor: 'kaspersky',
      category: 'unidentified',
      identifiers: [id('name', 'kaspersky', { match: 'contains', needsCorroboration: true })],
      sources: ['test'],
    }),
  ],
};

export const pack: PackView = {
  ...catalog,
  determinations: [
    determinationSchema.parse({
      id: 'icts-2021-002',
      title: 'ICTS Final Determination: Kaspersky',
      authority: 'U.S. Department of Commerce',
      kind: 'final-determination',
      citations: ['89 FR 52434'],
      published: '2024-06-24',
      profiles: ['us-person', 'federal-contractor', 'federal-agency'],
      vendors: ['kaspersky'],
      exemptions: [
        {
          categories: ['threat-intelligence', 'training', 'education'],
          summary: 'exempt class',
          sources: ['test'],
        },
      ],
      phases: [
        {
          id: 'new-agreements',
          since: '2024-07-20',
          summary: 'no new agreements',
          effects: [{ subject: 'supplier', status: 'blocked-transaction', effect: 'no new agreements' }],
          citation: '89 FR 52434',
          sources: ['test'],
        },
        {
          id: 'updates-resale-licensing',
          since: '2024-09-29',
          summary: 'no updates',
          effects: [
            { subject: 'software', status: 'unsupported', effect: 'no updates or licences' },
            { subject: 'supplier', status: 'blocked-transaction', effect: 'no transactions' },
          ],
          citation: '89 FR 52434',
          sources: ['test'],
        },
      ],
      remediation: { default: 'Replace it.' },
      sources: ['test'],
    }),
    determinationSchema.parse({
      id: 'far-52-204-23',
      title: 'FAR 52.204-23',
      authority: 'FAR Council',
      kind: 'regulation',
      citations: ['48 CFR 52.204-23'],
      published: '2018-07-16',
      profiles: ['federal-contractor'],
      vendors: ['kaspersky'],
      phases: [
        {
          id: 'in-force',
          since: '2018-07-16',
          summary: 'prohibited',
          effects: [{ subject: 'software', status: 'prohibited', effect: 'covered article' }],
          citation: '48 CFR 52.204-23(b)',
          sources: ['test'],
        },
      ],
      sources: ['test'],
    }),
  ],
};
