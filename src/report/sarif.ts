import { createHash } from 'node:crypto';
import type { Location, Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { DeterminationRef, Finding } from '../core/finding.js';
import type { ReadError, Report } from '../core/report.js';
import { severityOf } from '../core/status.js';
import type { Severity } from '../core/status.js';
import {
  collectErrors,
  collectNotes,
  describeDeadline,
  describeMatch,
  describeObservation,
  sortFindings,
} from './describe.js';
import { computeExitCode, EXIT_CODE_MEANINGS } from './exit-code.js';
import type { ReporterOptions } from './registry.js';
import type { Reporter } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

// GitHub code scanning ranks security alerts by this 0.0–10.0 score (its CVSS bands).
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

/** "kaspersky-endpoint-security/icts-2021-002": stable across runs and data updates. */
export function toRuleId(finding: Finding, determination: DeterminationRef | undefined): string {
  return determination ? `${finding.product.id}/${determination.id}` : finding.product.id;
}

/** A relative path as given stays relative; only characters a URI cannot hold are escaped. */
export function toArtifactUri(source: string): string {
  const slashed = source.replaceAll('\\', '/');
  const encoded = encodeURI(slashed).replace(/[?#]/g, (c) => encodeURIComponent(c));
  return /^[A-Za-z]:\//.test(slashed) ? `file:///${encoded}` : encoded;
}

function toLocation(source: string, locator: string, collector: string | undefined): Location {
  const line = /^line (\d+)$/.exec(locator);
  const location: Location = {};
  if (!collector) {
    location.physicalLocation = {
      artifactLocation: { uri: toArtifactUri(source) },
      ...(line && Number(line[1]) >= 1 ? { region: { startLine: Number(line[1]) } } : {}),
    };
  }
  if (locator && !line) {
    // JSON Pointers, archive members and registry keys are places inside the artifact, not lines.
    location.logicalLocations = [
      { fullyQualifiedName: locator, kind: locator.startsWith('/') ? 'element' : 'resource' },
    ];
  }
  location.properties = { locator, ...(collector ? { source, collector } : {}) };
  return location;
}

function renderHelp(finding: Finding, d: DeterminationRef | undefined): { text: string; markdown: string } {
  const lines: [string, string][] = [];
  if (d) {
    lines.push(['Determination', `${d.title} (${d.id})`], ['Effect', d.effect]);
    if (d.phase || d.since)
      lines.push(['Phase', [d.phase, d.since && `since ${d.since}`].filter(Boolean).join(', ')]);
    lines.push(['Citation', d.citation]);
    if (d.sources.length > 0) lines.push(['Sources', d.sources.join(', ')]);
  }
  lines.push(['Product', `${finding.product.name} (${finding.product.id}, ${finding.product.category})`]);
  lines.push(['Remediation', finding.remediation]);
  return {
    text: lines.map(([k, v]) => `${k}: ${v}`).join('\n'),
    markdown: lines.map(([k, v]) => `**${k}:** ${v.replace(/([\\`*_[\]<>|#])/g, '\\$1')}`).join('\n\n'),
  };
}

function createRule(finding: Finding, d: DeterminationRef | undefined): ReportingDescriptor {
  const severity = d ? severityOf(d.status) : finding.severity;
  return {
    id: toRuleId(finding, d),
    shortDescription: { text: d ? `${finding.product.name}: ${d.title}` : finding.product.name },
    fullDescription: { text: d ? d.effect : `${finding.product.name} by ${finding.product.vendor}` },
    help: renderHelp(finding, d),
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ['security', 'compliance', finding.product.category, ...(d ? [d.id] : [])],
      'security-severity': SECURITY_SEVERITY[severity],
      product: finding.product.id,
      vendor: finding.product.vendor,
      ...(d ? { determination: d.id, citation: d.citation } : {}),
    },
  };
}

function fingerprint(ruleId: string, f: Finding): string {
  // Leave out version and locator: an upgrade or a re-ordered export is still the same install.
  const o = f.observation;
  const key = [
    ruleId,
    o.host ?? o.origin.source,
    o.kind,
    o.path ?? '',
    f.match.on,
    f.match.value.toLowerCase(),
    o.name ?? '',
  ];
  return createHash('sha256').update(key.join('\u0000')).digest('hex');
}

function createMessage(f: Finding, d: DeterminationRef | undefined): string {
  const where = f.observation.host ? ` on ${f.observation.host}` : '';
  const deadline = describeDeadline(f);
  const effect = d ? ` ${d.effect}` : '';
  return `${f.product.name} found${where} (${describeObservation(f)}; matched ${describeMatch(f)}): ${f.status}${deadline ? ` ${deadline}` : ''}.${effect}`;
}

/** The other records of the same thing, so a code-scanning view lists every place it was read. */
function relatedSightings(f: Finding): { relatedLocations?: Location[] } {
  if (!f.sightings) return {};
  const related: Location[] = [];
  f.sightings.forEach((s, index) => {
    const { source, locator, collector } = s.observation.origin;
    const text = `${s.status}: ${s.observation.name ?? s.observation.path ?? f.match.value}${s.observation.version ? ` ${s.observation.version}` : ''}`;
    if (index > 0) related.push({ ...toLocation(source, locator, collector), message: { text } });
    for (const repeat of s.repeats ?? [])
      related.push({ ...toLocation(source, repeat, collector), message: { text } });
  });
  return related.length ? { relatedLocations: related.map((l, id) => ({ id, ...l })) } : {};
}

function createResult(f: Finding, d: DeterminationRef | undefined, ruleIndex: number): Result {
  const ruleId = toRuleId(f, d);
  const severity = f.status === 'waived' ? 'info' : d ? severityOf(d.status) : f.severity;
  const { source, locator, collector } = f.observation.origin;
  return {
    ruleId,
    ruleIndex,
    level: LEVEL[severity],
    message: { text: createMessage(f, d) },
    locations: [toLocation(source, locator, collector)],
    ...relatedSightings(f),
    partialFingerprints: { 'interdictFinding/v1': fingerprint(ruleId, f) },
    ...(f.waiver
      ? {
          suppressions: [
            {
              kind: 'external' as const,
              status: 'accepted' as const,
              justification: `${f.waiver.id}: ${f.waiver.reason} (approved by ${f.waiver.approvedBy}, expires ${f.waiver.expires})`,
            },
          ],
        }
      : {}),
    properties: {
      status: f.status,
      severity: f.severity,
      determinationStatus: d?.status,
      since: d?.since,
      daysLeft: d?.daysLeft,
      host: f.observation.host,
      match: {
        on: f.match.on,
        value: f.match.value,
        pattern: f.match.pattern,
        confidence: f.match.confidence,
      },
      observation: {
        kind: f.observation.kind,
        name: f.observation.name,
        publisher: f.observation.publisher,
        version: f.observation.version,
        path: f.observation.path,
      },
      reasons: f.reasons,
      remediation: f.remediation,
    },
  };
}

function toNotification(e: ReadError, level: 'error' | 'note'): Notification {
  return {
    level,
    message: { text: e.message },
    locations: [toLocation(e.source, e.locator, undefined)],
    descriptor: { id: level === 'error' ? 'read-error' : 'input-note' },
  };
}

/** The report as one SARIF 2.1.0 run: a rule per product × determination, a result per pair. */
export function toSarif(report: Readonly<Report>, options: ReporterOptions = {}): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Result[] = [];
  for (const f of sortFindings(report.findings)) {
    const pairs = f.determinations.length > 0 ? f.determinations : [undefined];
    for (const d of pairs) {
      const id = toRuleId(f, d);
      if (!ruleIndex.has(id)) {
        ruleIndex.set(id, rules.length);
        rules.push(createRule(f, d));
      }
      results.push(createResult(f, d, ruleIndex.get(id) as number));
    }
  }
  const failOn = options.failOn ?? 'high';
  const exitCode = computeExitCode(report, failOn);
  const errors = collectErrors(report);
  const run: Run = {
    tool: {
      driver: {
        name: 'interdict',
        version: report.tool.version,
        semanticVersion: /^\d+\.\d+\.\d+/.test(report.tool.version) ? report.tool.version : undefined,
        rules,
        properties: { data: report.tool.data },
      },
    },
    invocations: [
      {
        // Findings are the tool working; an input it could not read is the run falling short.
        executionSuccessful: errors.length === 0 && !report.inputs.some((i) => i.failed),
        exitCode,
        exitCodeDescription: EXIT_CODE_MEANINGS[exitCode],
        toolExecutionNotifications: [
          ...errors.map((e) => toNotification(e, 'error')),
          ...collectNotes(report).map((e) => toNotification(e, 'note')),
        ],
        properties: { failOn },
      },
    ],
    artifacts: report.inputs.map((i) => ({
      location: { uri: toArtifactUri(i.source) },
      properties: {
        format: i.format,
        records: i.records,
        ...(i.failed ? { failed: true } : {}),
        ...(i.skipped !== undefined ? { skipped: i.skipped } : {}),
      },
    })),
    results,
    properties: { asOf: report.asOf, profile: report.profile, summary: report.summary },
  };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
}

/** @example const sarif = createSarifReporter({ failOn: 'medium' }); */
export function createSarifReporter(options: ReporterOptions = {}): Reporter {
  return {
    name: 'sarif',
    render(report, sink) {
      sink.write(`${JSON.stringify(toSarif(report, options), null, 2)}\n`);
    },
  };
}

export const sarifReporter: Reporter = createSarifReporter();
