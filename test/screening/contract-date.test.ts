import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { determinationSchema, entitySchema } from '../../src/data/schema.js';
import { createEvaluator, type PackView } from '../../src/evaluator.js';

/** A pack in the data pack's own schema: one vendor with two entities and a person, two determinations. */
const pack: PackView = {
  vendors: [
    {
      id: 'kaspersky',
      name: 'Kaspersky',
      identifiers: [],
      aliases: ['Kaspersky'],
      entities: [
        entitySchema.parse({
          id: 'ao-kaspersky-lab',
          name: 'AO Kaspersky Lab',
          relation: 'self',
          country: 'RU',
          aliases: ['Лаборатория Касперского'],
          sources: ['t'],
        }),
        entitySchema.parse({
          id: 'kaspersky-labs-limited',
          name: 'Kaspersky Labs Limited',
          relation: 'affiliate',
          country: 'GB',
          sources: ['t'],
        }),
        entitySchema.parse({
          id: 'eugene-kaspersky',
          name: 'Eugene Kaspersky',
          kind: 'person',
          relation: 'officer',
          sources: ['t'],
        }),
      ],
    },
  ],
  products: [],
  determinations: [
    determinationSchema.parse({
      id: 'icts',
      title: 'ICTS Final Determination',
      authority: 'BIS',
      kind: 'final-determination',
      citations: ['89 FR 52434'],
      published: '2024-06-24',
      profiles: ['us-person'],
      vendors: ['kaspersky'],
      phases: [
        {
          id: 'new-agreements',
          since: '2024-07-20',
          summary: 's',
          citation: 'c',
          sources: ['t'],
          effects: [
            {
              subject: 'supplier',
              status: 'blocked-transaction',
              effect: 'No new agreement.',
              newAgreementsOnly: true,
            },
          ],
        },
        {
          id: 'updates-resale-licensing',
          since: '2024-09-29',
          summary: 's',
          citation: 'c',
          sources: ['t'],
          effects: [
            {
              subject: 'supplier',
              status: 'blocked-transaction',
              effect: 'No resale, integration or licensing.',
            },
          ],
        },
      ],
      sources: ['t'],
    }),
  ],
};

const supplier = (name: string, date?: string): Observation => ({
  kind: 'supplier',
  name,
  ...(date ? { date } : {}),
  attributes: { country: 'RU' },
  origin: { source: 'vendors.csv', format: 'suppliers', locator: 'line 2' },
});
const evaluate = (o: Observation, asOf: string) =>
  createEvaluator(pack, { asOf, profile: 'us-person' }).evaluate(o);

describe('contract dates against a "new agreements only" phase', () => {
  it('blocks a contract that started on or after 2024-07-20 as a new agreement', () => {
    const f = evaluate(supplier('Laboratoriya Kasperskogo', '2024-08-01'), '2024-08-15')!;
    expect(f.status).toBe('blocked-transaction');
    expect(f.determinations[0]).toMatchObject({ phase: 'new-agreements' });
    expect(f.determinations[0]!.effect).toContain('The contract started 2024-08-01: a new agreement.');
    expect(f.product).toEqual({
      id: 'ao-kaspersky-lab',
      name: 'AO Kaspersky Lab',
      vendor: 'Kaspersky',
      category: 'party',
    });
    expect(f.reasons.join('\n')).toMatch(/match: "Laboratoriya Kasperskogo" ~ .*score 1\.000/);
  });

  it('gives an older contract the later phase: upcoming until 2024-09-29, blocked from then', () => {
    const before = evaluate(supplier('Laboratoriya Kasperskogo', '2023-03-01'), '2024-08-15')!;
    expect(before.status).toBe('upcoming');
    expect(before.determinations[0]).toMatchObject({ phase: 'updates-resale-licensing', daysLeft: 45 });
    expect(before.determinations[0]!.effect).toContain(
      'The contract started 2023-03-01, before 2024-07-20: an existing agreement',
    );
    const after = evaluate(supplier('Laboratoriya Kasperskogo', '2023-03-01'), '2025-01-01')!;
    expect(after.status).toBe('blocked-transaction');
    expect(after.determinations[0]).toMatchObject({ phase: 'updates-resale-licensing' });
  });

  it('treats a contract without a start date as new, and says so', () => {
    const f = evaluate({ ...supplier('Kaspersky Labs Ltd'), attributes: { country: 'GB' } }, '2024-08-15')!;
    expect(f.status).toBe('blocked-transaction');
    expect(f.product.id).toBe('kaspersky-labs-limited');
    expect(f.determinations[0]!.effect).toContain(
      'No contract start date was given: treated as a new agreement.',
    );
  });

  it('puts an uncertain name in review, whatever the date', () => {
    const f = evaluate({ ...supplier('Kaspersky Transport', '2024-08-01'), attributes: {} }, '2024-08-15')!;
    expect(f.status).toBe('review');
    expect(f.match.explanation).toContain('extra: transport');
  });

  it('reaches people only where a determination names them', () => {
    expect(evaluate(supplier('Eugene Kaspersky', '2024-08-01'), '2024-08-15')).toBeUndefined();
  });

  it('leaves other suppliers alone', () => {
    const f = evaluate(supplier('Acme Corporation', '2024-08-01'), '2024-08-15');
    expect(f).toBeUndefined();
  });
});
