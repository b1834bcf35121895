import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { verifyDataPack } from '../../src/data/verify.js';
import { describeDataPack, explainId } from '../../src/policy/explain.js';

const pack = await loadDataPack(undefined, { cache: false });

describe('the shipped data pack', () => {
  it('loads and verifies with zero problems', () => {
    expect(verifyDataPack(pack).problems).toEqual([]);
    expect(pack.manifest.name).toBe('interdict-kaspersky');
    expect(pack.version).toBe(pack.manifest.version);
    expect(pack.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('encodes the ICTS phases, exemptions and profiles', () => {
    const icts = pack.determinations.find((d) => d.id === 'us-bis-icts-2021-002');
    expect(icts?.phases.map((p) => [p.since, p.effects.map((e) => `${e.subject}:${e.status}`)])).toEqual([
      ['2024-07-20', ['supplier:blocked-transaction']],
      ['2024-09-29', ['software:unsupported', 'supplier:blocked-transaction']],
    ]);
    expect(icts?.exemptions.flatMap((e) => e.categories).sort()).toEqual(['education', 'threat-intelligence', 'training']);
    expect(icts?.profiles).toEqual(['us-person', 'federal-contractor', 'federal-agency', 'usf-recipient']);
    expect(icts?.integrations).toBe(true);
  });

  it('has every ruling of the brief, each with a citation per phase', () => {
    const ids = pack.determinations.map((d) => d.id).sort();
    expect(ids).toEqual([
      'us-bis-entity-list-2024',
      'us-bis-icts-2021-002',
      'us-dhs-bod-17-01',
      'us-far-52-204-23',
      'us-fcc-covered-list-2022',
      'us-ndaa-fy2018-1634',
      'us-ofac-sdn-2024-kaspersky-leadership',
    ]);
    const bod = pack.determinations.find((d) => d.id === 'us-dhs-bod-17-01');
    expect(bod?.phases.map((p) => p.since)).toEqual(['2017-09-13', '2017-10-14', '2017-12-12']);
    const far = pack.determinations.find((d) => d.id === 'us-far-52-204-23');
    expect(far?.obligations?.map((o) => o.within).filter(Boolean).join(' ')).toMatch(/3 business days.*10 business days/);
  });

  it('lists the Entity List entries and the OFAC-designated executives as entities', () => {
    const entities = pack.vendors.flatMap((v) => v.entities);
    const listed = (id: string) => entities.filter((e) => e.listedBy.includes(id)).map((e) => e.name);
    expect(listed('us-bis-entity-list-2024').sort()).toEqual(['AO Kaspersky Lab', 'Kaspersky Labs Limited', 'OOO Kaspersky Group']);
    const people = entities.filter((e) => e.listedBy.includes('us-ofac-sdn-2024-kaspersky-leadership'));
    expect(people).toHaveLength(12);
    expect(people.every((p) => p.kind === 'person' && p.relation === 'officer')).toBe(true);
    expect(entities.find((e) => e.id === 'ao-kaspersky-lab')?.aliases).toContain('АО «Лаборатория Касперского»');
  });

  it('has a vendor-level fallback product matched on publisher and signer strings', () => {
    const fallback = pack.products.find((p) => p.category === 'unidentified');
    const kinds = new Set(fallback?.identifiers.map((i) => i.kind));
    expect(kinds.has('publisher') && kinds.has('signer')).toBe(true);
  });

  it('marks short or generic names as needing corroboration', () => {
    const byValue = (value: string) => pack.products.flatMap((p) => p.identifiers).find((i) => i.value === value);
    expect(byValue('avp.exe')?.needsCorroboration).toBe(true);
    expect(byValue('kics')?.needsCorroboration).toBe(true);
    expect(byValue('^(Kaspersky|Касперск)')?.needsCorroboration).toBe(true);
  });

  it('describes integrations with carrier, carrier vendor and component', () => {
    const integrations = pack.products.filter((p) => p.integration);
    expect(integrations.length).toBeGreaterThanOrEqual(5);
    for (const p of integrations) expect(p.integration?.carrierVendor).not.toMatch(/kaspersky/i);
  });

  it('summarises the pack and explains products, determinations and entities', () => {
    const summary = describeDataPack(pack);
    expect(summary.counts.determinations).toBe(7);
    expect(summary.productsByCategory['threat-intelligence']).toBe(1);
    const ti = explainId(pack, 'kaspersky-threat-intelligence');
    expect(ti?.kind === 'product' && ti.coverage.find((c) => c.determination === 'us-bis-icts-2021-002')?.scope).toBe('exempt');
    expect(ti?.kind === 'product' && ti.coverage.find((c) => c.determination === 'us-far-52-204-23')?.scope).toBe('covered');
    const engine = explainId(pack, 'juniper-srx-kaspersky-engine');
    expect(engine?.kind === 'product' && engine.coverage.find((c) => c.determination === 'us-dhs-bod-17-01')?.scope).toBe(
      'not-covered',
    );
    expect(explainId(pack, 'ICTS-2021-002')?.kind).toBe('determination');
    expect(explainId(pack, 'ao-kaspersky-lab')?.kind).toBe('entity');
    expect(explainId(pack, 'fr-2024-13532')?.kind).toBe('source');
    expect(explainId(pack, 'no-such-thing')).toBeUndefined();
  });
});
