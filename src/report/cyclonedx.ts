import { createHash } from 'node:crypto';
import type { DeterminationRef, Finding, Sighting } from '../core/finding.js';
import type { Observation } from '../core/observation.js';
import type { Report } from '../core/report.js';
import { severityOf } from '../core/status.js';
import type { Status } from '../core/status.js';
import { sortFindings } from './describe.js';
import { toJson } from './json.js';
import { safeHttpUrl, sourceIndex } from './source-links.js';
import type { Reporter } from './types.js';

// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/): the software interdict found as
// components, and each finding × ruling as a vulnerability whose `analysis` is the VEX verdict.

type Property = { name: string; value: string };
type Json = Record<string, unknown>;

export type VexState = 'exploitable' | 'in_triage' | 'not_affected';

/** How each interdict status reads as a VEX analysis; the README has the same table. */
export const VEX_MAPPING: Record<Status, { state: VexState; response?: ['will_not_fix'] }> = {
  prohibited: { state: 'exploitable' },
  unsupported: { state: 'exploitable' },
  'blocked-transaction': { state: 'exploitable' },
  // In the ruling already, with a date: affected, only not yet in force.
  upcoming: { state: 'exploitable' },
  review: { state: 'in_triage' },
  // No CycloneDX justification names a legal exemption, so the basis goes in `detail` alone.
  exempt: { state: 'not_affected' },
  // Still affected; the organisation accepted it until the waiver expires.
  waived: { state: 'exploitable', response: ['will_not_fix'] },
};

// Suppliers and people are parties, not software or services: CycloneDX has no component type
// for a vendor-master entry, so they stay in the json/csv/sarif outputs and are counted here.
const NOT_SOFTWARE = new Set<Observation['kind']>(['supplier', 'person']);

const COMPONENT_TYPE: Partial<Record<Observation['kind'], string>> = {
  driver: 'device-driver',
  'kernel-extension': 'device-driver',
  file: 'file',
  component: 'library',
};

// Namespace for the name-based serial number: fixed, so the same report always gets the same one.
const SERIAL_NAMESPACE = Buffer.from('8d3c5f2e6b1a4e0f9c7d2a5b3e1f0c4d', 'hex');

/** An RFC 4122 version-5 UUID of the report's JSON: a re-render of the same report keeps it. */
export function serialNumber(report: Readonly<Report>): string {
  const hash = createHash('sha1').update(SERIAL_NAMESPACE).update(toJson(report)).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const timestamp = (date: string) => `${date}T00:00:00Z`;

function identityKey(f: Finding): string {
  // The same fields as the SARIF fingerprint: an upgrade is still the same install.
  const o = f.observation;
  const key = [
    f.product.id,
    o.host ?? o.origin.source,
    o.kind,
    o.path ?? '',
    f.match.on,
    f.match.value,
    o.name ?? '',
  ];
  return createHash('sha256').update(key.join('\u0000')).digest('hex').slice(0, 24);
}

/** bom-refs by finding, unique within the BOM even when two findings share an identity. */
function assignRefs(findings: readonly Finding[]): Map<Finding, string> {
  const refs = new Map<Finding, string>();
  const used = new Map<string, number>();
  for (const f of findings) {
    const base = `interdict:${f.product.id}:${identityKey(f)}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    refs.set(f, n === 1 ? base : `${base}-${n}`);
  }
  return refs;
}

function push(props: Property[], name: string, value: string | number | boolean | undefined): void {
  if (value !== undefined && value !== '') props.push({ name: `interdict:${name}`, value: String(value) });
}

function sortedEntries(record: Record<string, string> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function observationProperties(o: Observation, props: Property[]): void {
  push(props, 'kind', o.kind);
  push(props, 'host', o.host);
  push(props, 'path', o.path);
  push(props, 'carrier', o.carrier);
  push(props, 'date', o.date);
  push(props, 'removed', o.removed);
  push(props, 'source', o.origin.source);
  push(props, 'format', o.origin.format);
  push(props, 'locator', o.origin.locator);
  push(props, 'collector', o.origin.collector);
  for (const id of o.ids ?? [])
    if (id.kind !== 'purl' && id.kind !== 'cpe') push(props, `id:${id.kind}`, id.value);
  for (const [key, value] of sortedEntries(o.attributes)) push(props, `attribute:${key}`, value);
}

function occurrence(s: Sighting, locator: string): Json {
  const o = s.observation;
  const line = /^line (\d+)$/.exec(locator);
  const context = [
    `status ${s.status}`,
    line ? '' : `at ${locator}`,
    o.name && `name ${o.name}`,
    o.version && `version ${o.version}`,
    o.date && `date ${o.date}`,
    o.host && `host ${o.host}`,
    // Sorted as the JSON report sorts them, so a saved report re-renders the same bytes.
    ...sortedEntries(o.attributes).map(([k, v]) => `${k} ${v}`),
  ].filter(Boolean);
  return {
    location: o.origin.source,
    ...(line ? { line: Number(line[1]) } : {}),
    additionalContext: context.join('; '),
  };
}

/** Every record of the thing, repeats included, so the evidence is not merged away. */
function occurrences(f: Finding): Json[] {
  const sightings = f.sightings ?? [{ status: f.status, observation: f.observation }];
  return sightings.flatMap((s) => [
    occurrence(s, s.observation.origin.locator),
    ...(s.repeats ?? []).map((r) => occurrence(s, r)),
  ]);
}

const TECHNIQUE: Partial<Record<Finding['match']['on'], string>> = {
  'file-name': 'filename',
  path: 'filename',
  sha256: 'hash-comparison',
  signer: 'binary-analysis',
};

function toComponent(f: Finding, ref: string): Json {
  const o = f.observation;
  const purl = o.ids?.find((i) => i.kind === 'purl')?.value;
  const cpe = o.ids?.find((i) => i.kind === 'cpe')?.value;
  const props: Property[] = [];
  push(props, 'product', f.product.id);
  push(props, 'product-name', f.product.name);
  push(props, 'vendor', f.product.vendor);
  push(props, 'category', f.product.category);
  push(props, 'status', f.status);
  push(props, 'severity', f.severity);
  push(props, 'match', `${f.match.on}: ${f.match.value}`);
  push(
    props,
    'integration',
    f.product.integration && `${f.product.integration.component} inside ${f.product.integration.carrier}`,
  );
  push(props, 'waiver', f.waiver?.id);
  observationProperties(o, props);
  return {
    type: COMPONENT_TYPE[o.kind] ?? 'application',
    'bom-ref': ref,
    ...(o.publisher ? { publisher: o.publisher } : {}),
    name: o.name ?? f.product.name,
    ...(o.version ? { version: o.version } : {}),
    description: f.product.name,
    ...(o.sha256 && /^[0-9a-f]{64}$/i.test(o.sha256)
      ? { hashes: [{ alg: 'SHA-256', content: o.sha256.toLowerCase() }] }
      : {}),
    ...(cpe ? { cpe } : {}),
    ...(purl ? { purl } : {}),
    evidence: {
      identity: [
        {
          field: 'name',
          confidence: f.match.confidence,
          concludedValue: f.product.name,
          methods: [
            {
              technique: TECHNIQUE[f.match.on] ?? 'manifest-analysis',
              confidence: f.match.confidence,
              value: `${f.match.on}: ${f.match.value}`,
            },
          ],
        },
      ],
      occurrences: occurrences(f),
    },
    properties: props,
  };
}

/** A contacted domain is a service in use, not installed software; services carry no evidence, so sightings are properties. */
function toService(f: Finding, ref: string): Json {
  const {
    evidence,
    type: _type,
    ...component
  } = toComponent(f, ref) as Json & { evidence: { occurrences: Json[] } };
  const props = component.properties as Property[];
  for (const o of evidence.occurrences)
    push(
      props,
      'sighting',
      `${String(o.location)}${o.line !== undefined ? ` line ${String(o.line)}` : ''}: ${String(o.additionalContext)}`,
    );
  const { publisher, hashes: _h, cpe: _c, purl: _p, ...rest } = component;
  return {
    ...rest,
    ...(publisher ? { provider: { name: publisher } } : {}),
    endpoints: [`https://${f.observation.name ?? f.match.value}`],
  };
}

function analysisDetail(f: Finding, d: DeterminationRef | undefined, status: Status): string {
  const when =
    d?.since &&
    (d.daysLeft && d.daysLeft > 0 ? `takes effect ${d.since} (in ${d.daysLeft} days)` : `since ${d.since}`);
  const parts = [
    `${status}${when ? `, ${when}` : ''}: ${d ? d.effect : (f.reasons.at(-1) ?? f.product.name)}`,
  ];
  if (f.waiver)
    parts.push(
      `Waived by ${f.waiver.id} until ${f.waiver.expires} (approved by ${f.waiver.approvedBy}): ${f.waiver.reason}`,
    );
  parts.push(...f.reasons);
  return parts.join('\n');
}

function toVulnerability(
  report: Readonly<Report>,
  f: Finding,
  d: DeterminationRef | undefined,
  ref: string,
): Json {
  const lookup = sourceIndex(report);
  const status: Status = f.status === 'waived' ? 'waived' : (d?.status ?? f.status);
  const ruleSeverity = d ? severityOf(d.status) : f.severity;
  // A saved report may hold any address: only http(s) ones become links.
  const links = (d?.sources ?? f.match.sources ?? []).map((id) => {
    const source = lookup(id) ?? { id, title: id };
    return { ...source, url: safeHttpUrl(source.url) };
  });
  const first = links.find((s) => s.url) ?? links[0];
  const published = links
    .map((s) => s.published)
    .filter((p): p is string => !!p)
    .sort()[0];
  const vex = VEX_MAPPING[status];
  const props: Property[] = [];
  push(props, 'status', status);
  push(props, 'finding-status', f.status);
  push(props, 'phase', d?.phase);
  push(props, 'since', d?.since);
  push(props, 'days-left', d?.daysLeft);
  push(props, 'citation', d?.citation);
  for (const s of links) push(props, 'source', s.id);
  return {
    'bom-ref': `${ref}/${d?.id ?? 'match'}`,
    id: d?.id ?? f.product.id,
    ...(first
      ? { source: { name: first.publisher ?? first.title, ...(first.url ? { url: first.url } : {}) } }
      : {}),
    ratings: [
      { severity: ruleSeverity, method: 'other', justification: `interdict status ${d?.status ?? f.status}` },
    ],
    description: d ? `${d.title}: ${f.product.name}` : f.product.name,
    detail: d ? `${d.effect} ${d.citation}` : f.reasons.join('\n'),
    recommendation: f.remediation,
    ...(links.some((s) => s.url)
      ? { advisories: links.filter((s) => s.url).map((s) => ({ title: s.title, url: s.url })) }
      : {}),
    ...(published ? { published: timestamp(published) } : {}),
    analysis: {
      state: vex.state,
      ...(vex.response ? { response: vex.response } : {}),
      detail: analysisDetail(f, d, status),
      firstIssued: timestamp(report.asOf),
      lastUpdated: timestamp(report.asOf),
    },
    affects: [
      {
        ref,
        ...(f.observation.version
          ? {
              versions: [
                {
                  version: f.observation.version,
                  status:
                    vex.state === 'not_affected'
                      ? 'unaffected'
                      : vex.state === 'in_triage'
                        ? 'unknown'
                        : 'affected',
                },
              ],
            }
          : {}),
      },
    ],
    properties: props,
  };
}

/** The report as a CycloneDX 1.6 BOM with VEX: components for the software, one vulnerability per finding × ruling. */
export function toCycloneDx(report: Readonly<Report>): Json {
  const findings = sortFindings(report.findings);
  const software = findings.filter((f) => !NOT_SOFTWARE.has(f.observation.kind));
  const refs = assignRefs(software);
  const isService = (f: Finding) => f.observation.kind === 'domain';
  const metaProps: Property[] = [];
  push(metaProps, 'as-of', report.asOf);
  push(metaProps, 'profile', report.profile);
  push(metaProps, 'data', report.tool.data);
  for (const i of report.inputs)
    push(
      metaProps,
      'input',
      `${i.source} (${i.format}, ${i.records} records${i.failed ? ', failed' : ''}${i.skipped ? `, skipped: ${i.skipped}` : ''})`,
    );
  push(metaProps, 'errors', report.errors.length);
  const parties = findings.length - software.length;
  if (parties)
    push(metaProps, 'findings-not-in-bom', `${parties} supplier or person findings (see the json report)`);
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: serialNumber(report),
    version: 1,
    metadata: {
      timestamp: timestamp(report.asOf),
      tools: {
        components: [
          {
            type: 'application',
            name: 'interdict',
            version: report.tool.version,
            properties: [{ name: 'interdict:data', value: report.tool.data }],
          },
        ],
      },
      properties: metaProps,
    },
    components: software.filter((f) => !isService(f)).map((f) => toComponent(f, refs.get(f)!)),
    services: software.filter(isService).map((f) => toService(f, refs.get(f)!)),
    vulnerabilities: software.flatMap((f) =>
      (f.determinations.length ? f.determinations : [undefined]).map((d) =>
        toVulnerability(report, f, d, refs.get(f)!),
      ),
    ),
  };
}

export const cyclonedxReporter: Reporter = {
  name: 'cyclonedx',
  render(report, sink) {
    sink.write(`${JSON.stringify(toCycloneDx(report), null, 2)}\n`);
  },
};
