import type { DeterminationRef, Finding } from '../core/finding.js';
import type { Observation } from '../core/observation.js';
import type { InputSummary, ReadError, Report } from '../core/report.js';
import { rankStatus, SEVERITIES, STATUSES } from '../core/status.js';
import type { Severity, Status } from '../core/status.js';

// A fixed locale keeps the order identical on every machine; numeric makes "/10" sort after "/9".
// Made on the first comparison: loading ICU's collation costs 10-20 ms, most of the start-up of a
// scan that finds nothing or one thing, which never compares two findings.
let collator: Intl.Collator | undefined;

function compareText(a: string | undefined, b: string | undefined): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
  return collator.compare(a ?? '', b ?? '');
}

/** Worst status first, then product, host, source and place, so every format lists findings alike. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    rankStatus(a.status) - rankStatus(b.status) ||
    compareText(a.product.id, b.product.id) ||
    compareText(a.observation.host, b.observation.host) ||
    compareText(a.observation.origin.source, b.observation.origin.source) ||
    compareText(a.observation.origin.locator, b.observation.origin.locator) ||
    compareText(a.match.on, b.match.on) ||
    compareText(a.match.value, b.match.value)
  );
}

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** The determination that gives the finding its status (the first one when none does alone). */
export function pickPrimaryDetermination(finding: Finding): DeterminationRef | undefined {
  return finding.determinations.find((d) => d.status === finding.status) ?? finding.determinations[0];
}

/** For upcoming findings: the nearest date a determination starts to bite. */
export function findNextDeadline(finding: Finding): { since: string; daysLeft: number } | undefined {
  let next: { since: string; daysLeft: number } | undefined;
  for (const d of finding.determinations) {
    if (d.since === undefined || d.daysLeft === undefined || d.daysLeft < 0) continue;
    if (!next || d.daysLeft < next.daysLeft) next = { since: d.since, daysLeft: d.daysLeft };
  }
  return next;
}

/** "in 9 days (2024-09-29)", or undefined when the finding is not upcoming. */
export function describeDeadline(finding: Finding): string | undefined {
  if (finding.status !== 'upcoming') return undefined;
  const next = findNextDeadline(finding);
  if (!next) return undefined;
  const when = next.daysLeft === 0 ? 'today' : `in ${next.daysLeft} day${next.daysLeft === 1 ? '' : 's'}`;
  return `${when} (${next.since})`;
}

/** "publisher=AO Kaspersky Lab" */
export function describeMatch(finding: Finding): string {
  return `${finding.match.on}=${finding.match.value}`;
}

/** "fleet.json /12" or "dpkg.txt line 17"; the collector stands in for a live host. */
function describeOrigin(origin: Observation['origin']): string {
  const { source, locator, collector } = origin;
  const from = collector ? `${source} (${collector})` : source;
  return locator ? `${from} ${locator}` : from;
}

/** Where the finding's record was read, and how many more records of the same thing there are. */
export function describeWhere(finding: Finding): string {
  const where = describeOrigin(finding.observation.origin);
  const more = countSightings(finding) - 1;
  return more > 0 ? `${where} (+${more} more)` : where;
}

/**
 * The finding's other records, one line each for people to read ("prohibited: X 1.2 by Y in
 * vendors.csv line 3"), repeats of a record folded into its line. JSON keeps them all, unfolded.
 */
export function describeOtherSightings(finding: Finding, limit = 10): string[] {
  const lines: string[] = [];
  (finding.sightings ?? []).forEach((s, index) => {
    const o = s.observation;
    const what = [o.name ?? o.path ?? o.ids?.map((i) => i.value).join(', ') ?? finding.match.value];
    if (o.version) what.push(o.version);
    if (o.publisher) what.push(`by ${o.publisher}`);
    if (o.date) what.push(`dated ${o.date}`);
    const repeats = s.repeats?.length ? `, again at ${describeList(s.repeats, 3)}` : '';
    const where = index === 0 ? 'this record' : describeOrigin(o.origin);
    if (index > 0 || repeats) lines.push(`${s.status}: ${what.join(' ')} in ${where}${repeats}`);
  });
  const { shown, more } = takeFirst(lines, limit);
  return more > 0 ? [...shown, `and ${more} more`] : shown;
}

function describeList(items: readonly string[], limit: number): string {
  const { shown, more } = takeFirst(items, limit);
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** Records behind a finding: every distinct sighting and each identical repeat of one. */
export function countSightings(finding: Finding): number {
  if (!finding.sightings) return 1;
  return finding.sightings.reduce((n, s) => n + 1 + (s.repeats?.length ?? 0), 0);
}

export function describeObservation(finding: Finding): string {
  const o = finding.observation;
  const parts = [o.name ?? o.path ?? finding.match.value];
  if (o.version) parts.push(o.version);
  if (o.publisher) parts.push(`by ${o.publisher}`);
  return parts.join(' ');
}

/** Counts in the canonical status order, zero counts left out. */
export function countByStatus(findings: readonly Finding[]): [Status, number][] {
  return STATUSES.map((s): [Status, number] => [s, findings.filter((f) => f.status === s).length]).filter(
    ([, n]) => n > 0,
  );
}

export function countBySeverity(findings: readonly Finding[]): [Severity, number][] {
  return SEVERITIES.map((s): [Severity, number] => [
    s,
    findings.filter((f) => f.severity === s).length,
  ]).filter(([, n]) => n > 0);
}

function dedupeSorted(all: readonly ReadError[]): ReadError[] {
  const seen = new Set<string>();
  const out: ReadError[] = [];
  for (const e of all) {
    const key = `${e.source}\u0000${e.locator}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort(
    (a, b) =>
      compareText(a.source, b.source) ||
      compareText(a.locator, b.locator) ||
      compareText(a.message, b.message),
  );
}

/** Read errors of the report and of each input, without duplicates, in a stable order. */
export function collectErrors(report: Readonly<Report>): ReadError[] {
  return dedupeSorted([...report.errors, ...report.inputs.flatMap((i) => i.errors)]);
}

/** Notes of the inputs (not failures: a package manager absent from this host, say). */
export function collectNotes(report: Readonly<Report>): ReadError[] {
  return dedupeSorted(report.inputs.flatMap((i) => i.notes ?? []));
}

/** Inputs a directory walk met but did not read, with the reason, by source. */
export function listSkipped(report: Readonly<Report>): (InputSummary & { skipped: string })[] {
  return report.inputs
    .filter((i): i is InputSummary & { skipped: string } => i.skipped !== undefined)
    .sort((a, b) => compareText(a.source, b.source));
}

/** "57,433 records from 7 inputs (1 could not be read, 2 skipped)" */
export function describeScanned(report: Readonly<Report>): string {
  const read = report.inputs.filter((i) => i.skipped === undefined);
  const failed = read.filter((i) => i.failed).length;
  const skipped = report.inputs.length - read.length;
  const extra = [
    failed && `${formatCount(failed)} could not be read`,
    skipped && `${formatCount(skipped)} skipped`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${pluralize(report.summary.records, 'record')} from ${pluralize(read.length, 'input')}${extra ? ` (${extra})` : ''}`;
}

/** At most `limit` items, and how many were left out. */
export function takeFirst<T>(items: readonly T[], limit: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function pluralize(n: number, word: string, plural = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : plural}`;
}

/** Waivers that need a person's attention: expired ones and those that matched nothing. */
export function listWaiverNotes(report: Readonly<Report>): string[] {
  const notes: string[] = [];
  for (const w of [...(report.waivers ?? [])].sort((a, b) => compareText(a.id, b.id))) {
    if (w.state === 'expired') notes.push(`waiver ${w.id} expired on ${w.expires} and no longer applies`);
    if (w.state === 'unused') notes.push(`waiver ${w.id} matched nothing (expires ${w.expires})`);
  }
  return notes;
}
