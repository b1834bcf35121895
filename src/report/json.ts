import type { Finding } from '../core/finding.js';
import type { Observation } from '../core/observation.js';
import { REPORT_SCHEMA } from '../core/report.js';
import type { InputSummary, ReadError, Report } from '../core/report.js';
import { STATUSES } from '../core/status.js';
import { sortFindings } from './describe.js';
import type { Reporter } from './types.js';

// Objects are rebuilt key by key so the output follows the design's order whatever order the
// producer used; JSON.stringify then drops the undefined optionals.

function orderError(e: ReadError): ReadError {
  return { source: e.source, locator: e.locator, message: e.message };
}

function orderInput(i: InputSummary): InputSummary {
  return {
    source: i.source,
    format: i.format,
    records: i.records,
    errors: i.errors.map(orderError),
    failed: i.failed,
    skipped: i.skipped,
    notes: i.notes?.map(orderError),
  };
}

function orderAttributes(attributes: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!attributes) return undefined;
  return Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function orderObservation(o: Observation): Observation {
  return {
    kind: o.kind,
    name: o.name,
    publisher: o.publisher,
    version: o.version,
    host: o.host,
    path: o.path,
    ids: o.ids?.map((id) => ({ kind: id.kind, value: id.value })),
    removed: o.removed,
    date: o.date,
    sha256: o.sha256,
    carrier: o.carrier,
    attributes: orderAttributes(o.attributes),
    origin: {
      source: o.origin.source,
      format: o.origin.format,
      locator: o.origin.locator,
      collector: o.origin.collector,
    },
  };
}

function orderFinding(f: Finding): Finding {
  const { product: p, match: m, waiver: w } = f;
  return {
    status: f.status,
    severity: f.severity,
    product: {
      id: p.id,
      name: p.name,
      vendor: p.vendor,
      category: p.category,
      integration: p.integration && { carrier: p.integration.carrier, component: p.integration.component },
    },
    match: {
      on: m.on,
      value: m.value,
      pattern: m.pattern,
      confidence: m.confidence,
      corroboratedBy: m.corroboratedBy?.map((c) => ({ on: c.on, value: c.value })),
      sources: m.sources && [...m.sources],
      evidence: m.evidence,
      explanation: m.explanation,
    },
    determinations: f.determinations.map((d) => ({
      id: d.id,
      title: d.title,
      effect: d.effect,
      status: d.status,
      phase: d.phase,
      since: d.since,
      daysLeft: d.daysLeft,
      citation: d.citation,
      sources: [...d.sources],
    })),
    observation: orderObservation(f.observation),
    remediation: f.remediation,
    waiver: w && { id: w.id, reason: w.reason, approvedBy: w.approvedBy, expires: w.expires },
    reasons: [...f.reasons],
    sightings: f.sightings?.map((s) => ({
      status: s.status,
      observation: orderObservation(s.observation),
      repeats: s.repeats && [...s.repeats],
    })),
  };
}

/** The report in the contract's key order, findings sorted worst first. */
export function normalizeReport(report: Readonly<Report>): Report {
  const byStatus: Report['summary']['byStatus'] = {};
  for (const s of STATUSES) {
    const n = report.summary.byStatus[s];
    if (n !== undefined) byStatus[s] = n;
  }
  return {
    schema: REPORT_SCHEMA,
    tool: { name: report.tool.name, version: report.tool.version, data: report.tool.data },
    asOf: report.asOf,
    profile: report.profile,
    inputs: report.inputs.map(orderInput),
    summary: { records: report.summary.records, findings: report.summary.findings, byStatus },
    findings: sortFindings(report.findings).map(orderFinding),
    waivers: report.waivers?.map((w) => ({
      id: w.id,
      state: w.state,
      expires: w.expires,
      findings: w.findings,
    })),
    sources: report.sources?.map((s) => ({
      id: s.id,
      title: s.title,
      url: s.url,
      publisher: s.publisher,
      published: s.published,
    })),
    errors: report.errors.map(orderError),
  };
}

export function toJson(report: Readonly<Report>): string {
  return `${JSON.stringify(normalizeReport(report), null, 2)}\n`;
}

export const jsonReporter: Reporter = {
  name: 'json',
  render(report, sink) {
    sink.write(toJson(report));
  },
};
