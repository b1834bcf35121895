import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { createEvaluator } from '../../src/evaluator.js';
import { pack } from '../match/catalog-fixture.js';

const kes: Observation = {
  kind: 'program',
  name: 'Kaspersky Endpoint Security for Windows',
  publisher: 'AO Kaspersky Lab',
  version: '12.3.0.493',
  host: 'ws-0142',
  origin: { source: 'fleet.json', format: 'osquery-json', locator: '/3' },
};

describe('evaluate', () => {
  it('is upcoming for a us-person before 2024-09-29, with the days left', () => {
    const f = createEvaluator(pack, { asOf: '2024-07-01', profile: 'us-person' }).evaluate(kes)!;
    expect(f.status).toBe('upcoming');
    expect(f.severity).toBe('medium');
    expect(f.determinations[0]).toMatchObject({ id: 'icts-2021-002', since: '2024-09-29', daysLeft: 90 });
    expect(f.reasons.join('\n')).toContain('in 90 days');
  });

  it('is unsupported for a us-person after 2024-09-29', () => {
    const f = createEvaluator(pack, { asOf: '2024-10-01', profile: 'us-person' }).evaluate(kes)!;
    expect(f.status).toBe('unsupported');
    expect(f.severity).toBe('high');
  });

  it.each(['2024-07-01', '2024-10-01'])('is prohibited for a federal contractor on %s', (asOf) => {
    const f = createEvaluator(pack, { asOf, profile: 'federal-contractor' }).evaluate(kes)!;
    expect(f.status).toBe('prohibited');
    expect(f.determinations.map((d) => d.id)).toEqual(['far-52-204-23', expect.any(String)]);
  });

  it('exempts threat intelligence for a us-person', () => {
    const f = createEvaluator(pack, { asOf: '2025-01-01', profile: 'us-person' }).evaluate({
      kind: 'domain',
      ids: [{ kind: 'domain', value: 'opentip.kaspersky.com' }],
      origin: { source: 'dns.log', format: 'zeek-dns', locator: 'line 9' },
    })!;
    expect(f.status).toBe('exempt');
    expect(f.severity).toBe('info');
  });

  it('puts uncertain matches in review, never prohibited', () => {
    const f = createEvaluator(pack, { asOf: '2025-01-01', profile: 'federal-contractor' }).evaluate({
      kind: 'program',
      name: 'Kaspersky Password Manager Importer',
      origin: { source: 'fleet.json', format: 'osquery-json', locator: '/9' },
    })!;
    expect(f.status).toBe('review');
  });

  it('applies a waiver in scope and reports an expired one', () => {
    const waivers = [
      {
        id: 'W-1',
        scope: { product: 'kaspersky-endpoint-security-windows', host: 'ws-01*' },
        reason: 'lab',
        approvedBy: 'ciso',
        expires: '2025-12-31',
      },
      { id: 'W-2', scope: { host: 'ws-0142' }, reason: 'old', approvedBy: 'ciso', expires: '2024-12-31' },
    ];
    const ev = createEvaluator(pack, { asOf: '2025-06-01', profile: 'us-person', waivers });
    const f = ev.evaluate(kes)!;
    expect(f.status).toBe('waived');
    expect(f.waiver?.id).toBe('W-1');
    expect(ev.waiverUses()).toEqual([
      { id: 'W-1', state: 'applied', expires: '2025-12-31', findings: 1 },
      { id: 'W-2', state: 'expired', expires: '2024-12-31', findings: 0 },
    ]);
  });
});
