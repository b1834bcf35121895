import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { loadDataPack } from '../../src/data/load.js';
import { createEvaluator } from '../../src/evaluator.js';

const pack = await loadDataPack(undefined, { cache: false });

const kes: Observation = {
  kind: 'program',
  name: 'Kaspersky Endpoint Security for Windows',
  publisher: 'AO Kaspersky Lab',
  version: '12.3.0.493',
  host: 'ws-0142',
  origin: { source: 'programs.json', format: 'osquery-json', locator: '/0' },
};

function domain(name: string): Observation {
  return {
    kind: 'domain',
    ids: [{ kind: 'domain', value: name }],
    origin: { source: 'dns.log', format: 'zeek-dns', locator: 'line 1' },
  };
}

describe('a determination before its publication', () => {
  it('is not cited before it was published', () => {
    const f = createEvaluator(pack, { asOf: '2024-06-01', profile: 'us-person' }).evaluate(kes);
    expect(f?.determinations.map((d) => d.id) ?? []).not.toContain('us-bis-icts-2021-002');
    expect(f?.reasons.join('\n') ?? '').not.toMatch(/upcoming|in \d+ days/);
  });

  it('applies from its publication day, with the phases ahead shown as upcoming', () => {
    const f = createEvaluator(pack, { asOf: '2024-06-24', profile: 'us-person' }).evaluate(kes)!;
    expect(f.determinations.find((d) => d.id === 'us-bis-icts-2021-002')).toMatchObject({
      status: 'upcoming',
      since: '2024-09-29',
    });
  });

  it('leaves older rulings in force for a federal contractor', () => {
    const f = createEvaluator(pack, { asOf: '2024-06-01', profile: 'federal-contractor' }).evaluate(kes)!;
    expect(f.status).toBe('prohibited');
    expect(f.determinations.map((d) => d.id)).toContain('us-far-52-204-23');
    expect(f.determinations.map((d) => d.id)).not.toContain('us-bis-icts-2021-002');
  });
});

describe('exempt services under a covered root domain', () => {
  const evaluator = createEvaluator(pack, { asOf: '2025-01-01', profile: 'us-person' });
  it.each([
    ['opentip.kaspersky.com', 'kaspersky-threat-intelligence'],
    ['tip.kaspersky.com', 'kaspersky-threat-intelligence'],
    ['taxii.tip.kaspersky.com', 'kaspersky-threat-intelligence'],
    ['asap.kaspersky.com', 'kaspersky-security-training'],
  ])('%s is exempt, with the source that shows what it is', (name, product) => {
    const f = evaluator.evaluate(domain(name))!;
    expect(f.product.id).toBe(product);
    expect(f.status).toBe('exempt');
    const icts = f.determinations.find((d) => d.id === 'us-bis-icts-2021-002')!;
    expect(icts.status).toBe('exempt');
    expect(icts.sources.length).toBeGreaterThan(0);
    expect(f.match.sources?.length).toBeGreaterThan(0);
    expect(f.reasons[0]).toMatch(/\[sources: .+\]/);
  });

  it('keeps the update servers covered', () => {
    expect(evaluator.evaluate(domain('dnl-01.upd.kaspersky.com'))!.status).not.toBe('exempt');
  });
});
