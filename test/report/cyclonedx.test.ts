import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import type { Report } from '../../src/core/report.js';
import { STATUSES } from '../../src/core/status.js';
import type { Status } from '../../src/core/status.js';
import { serialNumber, toCycloneDx, VEX_MAPPING } from '../../src/report/cyclonedx.js';
import { inferFormat } from '../../src/report/registry.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';
import { render } from './render.js';

// The official CycloneDX 1.6 JSON schema and the two it references, as the CycloneDX project
// ships them in @cyclonedx/cyclonedx-library (res/schema).
const require = createRequire(import.meta.url);
const schemaDir = join(dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')), 'res/schema');
const load = (file: string) => JSON.parse(readFileSync(join(schemaDir, file), 'utf8'));

// Formats are checked, not ignored: Ajv without ajv-formats would reject an unknown format in
// strict mode, and these are the three the 1.6 schema uses (plus jsf's uri).
const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
ajv.addFormat(
  'date-time',
  (s: string) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
    !Number.isNaN(Date.parse(s)),
);
ajv.addFormat('iri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'https://base.invalid/'));
ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(s));
ajv.addFormat('idn-email', (s: string) => /^[^\s@]+@[^\s@]+$/.test(s));
// The bom schema names them relative to its own $id; they are registered under that address.
for (const file of ['spdx.SNAPSHOT.schema.json', 'jsf-0.82.SNAPSHOT.schema.json'])
  ajv.addSchema({ ...load(file), $id: `http://cyclonedx.org/schema/${file}` });
const validate = ajv.compile(load('bom-1.6.SNAPSHOT.schema.json'));

type Bom = {
  components: {
    'bom-ref': string;
    name: string;
    purl?: string;
    properties: { name: string; value: string }[];
    evidence: { occurrences: { location: string; line?: number; additionalContext: string }[] };
  }[];
  services: { 'bom-ref': string; properties: { name: string; value: string }[] }[];
  vulnerabilities: {
    'bom-ref': string;
    id: string;
    source?: { name: string; url?: string };
    ratings: { severity: string }[];
    advisories?: { url: string }[];
    analysis: { state: string; justification?: string; response?: string[]; detail: string };
    affects: { ref: string }[];
    properties: { name: string; value: string }[];
  }[];
  metadata: { timestamp: string; properties: { name: string; value: string }[] };
  serialNumber: string;
};

const bomOf = (report: Report) => toCycloneDx(report) as unknown as Bom;
const prop = (props: { name: string; value: string }[], name: string) =>
  props.filter((p) => p.name === `interdict:${name}`).map((p) => p.value);

/** A report of one finding per status, with a purl, a sha256 and a sighting with a repeat. */
function perStatusReport(): Report {
  const base = sampleReport.findings.find(
    (f) => f.product.id === 'kaspersky-endpoint-security' && f.status === 'prohibited',
  )!;
  const findings: Finding[] = STATUSES.map((status, i) => ({
    ...base,
    status,
    determinations: [{ ...base.determinations[0]!, status }],
    observation: {
      ...base.observation,
      host: `host-${i}`,
      ids: [{ kind: 'purl', value: `pkg:generic/kaspersky/kes@12.${i}` }],
      sha256: 'AB'.repeat(32),
    },
    ...(status === 'waived'
      ? { waiver: { id: 'WVR-1', reason: 'lab', approvedBy: 'ciso@example.gov', expires: '2025-01-31' } }
      : {}),
    sightings: [
      { status, observation: { ...base.observation, host: `host-${i}` } },
      {
        status,
        observation: {
          ...base.observation,
          host: `host-${i}`,
          origin: { source: 'b.csv', format: 'csv', locator: 'line 9' },
        },
        repeats: ['line 10'],
      },
    ],
  }));
  return { ...sampleReport, findings, summary: { ...sampleReport.summary, findings: findings.length } };
}

describe('cyclonedx reporter', () => {
  it('is valid against the official CycloneDX 1.6 schema, formats included', async () => {
    for (const report of [sampleReport, cleanReport, perStatusReport()]) {
      const bom = JSON.parse(await render('cyclonedx', report));
      expect(validate(bom), ajv.errorsText(validate.errors)).toBe(true);
      expect(bom.specVersion).toBe('1.6');
      expect(bom.bomFormat).toBe('CycloneDX');
    }
  });

  it('the schema check can fail', () => {
    const bom = bomOf(sampleReport);
    bom.vulnerabilities[0]!.analysis.state = 'prohibited';
    expect(validate(bom)).toBe(false);
    const dated = bomOf(sampleReport);
    dated.metadata.timestamp = '2024-09-20';
    expect(validate(dated)).toBe(false);
  });

  it('maps every status to its VEX analysis', () => {
    const bom = bomOf(perStatusReport());
    const stateOf = (status: Status) =>
      bom.vulnerabilities.find((v) => prop(v.properties, 'status')[0] === status)!.analysis;
    expect(stateOf('prohibited').state).toBe('exploitable');
    expect(stateOf('unsupported').state).toBe('exploitable');
    expect(stateOf('blocked-transaction').state).toBe('exploitable');
    expect(stateOf('upcoming').state).toBe('exploitable');
    expect(stateOf('review').state).toBe('in_triage');
    expect(stateOf('exempt')).toMatchObject({ state: 'not_affected' });
    expect(stateOf('exempt').justification).toBeUndefined();
    expect(stateOf('waived')).toMatchObject({ state: 'exploitable', response: ['will_not_fix'] });
    expect(stateOf('waived').detail).toContain('Waived by WVR-1 until 2025-01-31');
    for (const s of STATUSES) expect(stateOf(s).state).toBe(VEX_MAPPING[s].state);
  });

  it('carries the ruling: id, source with its link, rating, recommendation', () => {
    const bom = bomOf(sampleReport);
    const far = bom.vulnerabilities.find(
      (v) => v.id === 'far-52-204-23' && v.affects[0]!.ref.includes('kaspersky-endpoint-security:'),
    )!;
    expect(far.source).toEqual({
      name: 'GSA Acquisition.gov',
      url: 'https://www.acquisition.gov/far/52.204-23',
    });
    expect(far.ratings[0]!.severity).toBe('critical');
    expect(prop(far.properties, 'source')).toEqual(['far-52-204-23', 'ndaa-fy2018-1634']);
    const icts = bom.vulnerabilities.find(
      (v) => v.id === 'icts-2021-002' && v.affects[0]!.ref.includes('kaspersky-standard:'),
    )!;
    // The javascript: address from the saved report is not an advisory.
    expect(icts.advisories).toEqual([
      {
        title: 'BIS: Final Determination ICTS-2021-002 <Kaspersky>',
        url: 'https://www.bis.gov/kaspersky?a=1&b=2',
      },
    ]);
    expect(icts.analysis.detail).toMatch(/^upcoming, takes effect 2024-09-29 \(in 9 days\)/);
  });

  it('keeps every sighting and repeat as an occurrence', () => {
    const component = bomOf(perStatusReport()).components[0]!;
    expect(component.evidence.occurrences.map((o) => [o.location, o.line])).toEqual([
      ['exports/fleet-software.json', undefined],
      ['b.csv', 9],
      ['b.csv', 10],
    ]);
    expect(component.purl).toMatch(/^pkg:generic\/kaspersky\/kes@12\./);
    expect(prop(component.properties, 'host')).toHaveLength(1);
  });

  it('puts software in components, contacted domains in services, and counts suppliers it leaves out', () => {
    const bom = bomOf(sampleReport);
    const kinds = bom.components.flatMap((c) => prop(c.properties, 'kind'));
    expect(kinds).not.toContain('supplier');
    expect(kinds).toContain('package');
    expect(bom.services.flatMap((s) => prop(s.properties, 'kind'))).toEqual(['domain']);
    expect(prop(bom.metadata.properties, 'findings-not-in-bom')).toEqual([
      '2 supplier or person findings (see the json report)',
    ]);
  });

  it('renders the same bytes, serial number included, for the same report', async () => {
    const reversed = { ...sampleReport, findings: [...sampleReport.findings].reverse() };
    expect(await render('cyclonedx', reversed)).toBe(await render('cyclonedx', sampleReport));
    expect(serialNumber(sampleReport)).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(serialNumber(cleanReport)).not.toBe(serialNumber(sampleReport));
  });

  it('is picked by -o NAME.cdx.json', () => {
    expect(inferFormat('out/bom.cdx.json')).toBe('cyclonedx');
    expect(inferFormat('out/report.json')).toBe('json');
  });

  // What Dependency-Track needs to import a BOM with VEX: unique bom-refs, and every affects ref
  // resolving to one of them, whatever the findings.
  it('every bom-ref is unique and every affects ref resolves (property)', () => {
    const base = sampleReport.findings;
    const finding = fc
      .record({
        pick: fc.integer({ min: 0, max: base.length - 1 }),
        status: fc.constantFrom(...STATUSES),
        host: fc.constantFrom('a', 'b', 'a'),
        version: fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
        noRulings: fc.boolean(),
      })
      .map(({ pick, status, host, version, noRulings }): Finding => {
        const f = base[pick]!;
        return {
          ...f,
          status,
          determinations: noRulings ? [] : f.determinations,
          observation: { ...f.observation, host, version },
        };
      });
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 12 }), (findings) => {
        const bom = bomOf({ ...sampleReport, findings });
        const refs = [...bom.components, ...bom.services].map((c) => c['bom-ref']);
        const all = [...refs, ...bom.vulnerabilities.map((v) => v['bom-ref'])];
        expect(new Set(all).size).toBe(all.length);
        for (const v of bom.vulnerabilities) for (const a of v.affects) expect(refs).toContain(a.ref);
        expect(validate(bom), ajv.errorsText(validate.errors)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
