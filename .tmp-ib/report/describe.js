import { rankStatus, SEVERITIES, STATUSES } from '../core/status.js';
// A fixed locale keeps the order identical on every machine; numeric makes "/10" sort after "/9".
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
function compareText(a, b) {
    return collator.compare(a ?? '', b ?? '');
}
/** Worst status first, then product, host, source and place, so every format lists findings alike. */
export function compareFindings(a, b) {
    return (rankStatus(a.status) - rankStatus(b.status) ||
        compareText(a.product.id, b.product.id) ||
        compareText(a.observation.host, b.observation.host) ||
        compareText(a.observation.origin.source, b.observation.origin.source) ||
        compareText(a.observation.origin.locator, b.observation.origin.locator) ||
        compareText(a.match.on, b.match.on) ||
        compareText(a.match.value, b.match.value));
}
export function sortFindings(findings) {
    return [...findings].sort(compareFindings);
}
/** The determination that gives the finding its status (the first one when none does alone). */
export function pickPrimaryDetermination(finding) {
    return finding.determinations.find((d) => d.status === finding.status) ?? finding.determinations[0];
}
/** For upcoming findings: the nearest date a determination starts to bite. */
export function findNextDeadline(finding) {
    let next;
    for (const d of finding.determinations) {
        if (d.since === undefined || d.daysLeft === undefined || d.daysLeft < 0)
            continue;
        if (!next || d.daysLeft < next.daysLeft)
            next = { since: d.since, daysLeft: d.daysLeft };
    }
    return next;
}
/** "in 9 days (2024-09-29)", or undefined when the finding is not upcoming. */
export function describeDeadline(finding) {
    if (finding.status !== 'upcoming')
        return undefined;
    const next = findNextDeadline(finding);
    if (!next)
        return undefined;
    const when = next.daysLeft === 0 ? 'today' : `in ${next.daysLeft} day${next.daysLeft === 1 ? '' : 's'}`;
    return `${when} (${next.since})`;
}
/** "publisher=AO Kaspersky Lab" */
export function describeMatch(finding) {
    return `${finding.match.on}=${finding.match.value}`;
}
/** "fleet.json /12" or "dpkg.txt line 17"; the collector stands in for a live host. */
export function describeWhere(finding) {
    const { source, locator, collector } = finding.observation.origin;
    const from = collector ? `${source} (${collector})` : source;
    return locator ? `${from} ${locator}` : from;
}
export function describeObservation(finding) {
    const o = finding.observation;
    const parts = [o.name ?? o.path ?? finding.match.value];
    if (o.version)
        parts.push(o.version);
    if (o.publisher)
        parts.push(`by ${o.publisher}`);
    return parts.join(' ');
}
/** Counts in the canonical status order, zero counts left out. */
export function countByStatus(findings) {
    return STATUSES.map((s) => [s, findings.filter((f) => f.status === s).length]).filter(([, n]) => n > 0);
}
export function countBySeverity(findings) {
    return SEVERITIES.map((s) => [
        s,
        findings.filter((f) => f.severity === s).length,
    ]).filter(([, n]) => n > 0);
}
function dedupeSorted(all) {
    const seen = new Set();
    const out = [];
    for (const e of all) {
        const key = `${e.source}\u0000${e.locator}\u0000${e.message}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        out.push(e);
    }
    return out.sort((a, b) => compareText(a.source, b.source) ||
        compareText(a.locator, b.locator) ||
        compareText(a.message, b.message));
}
/** Read errors of the report and of each input, without duplicates, in a stable order. */
export function collectErrors(report) {
    return dedupeSorted([...report.errors, ...report.inputs.flatMap((i) => i.errors)]);
}
/** Notes of the inputs (not failures: a package manager absent from this host, say). */
export function collectNotes(report) {
    return dedupeSorted(report.inputs.flatMap((i) => i.notes ?? []));
}
/** Inputs a directory walk met but did not read, with the reason, by source. */
export function listSkipped(report) {
    return report.inputs
        .filter((i) => i.skipped !== undefined)
        .sort((a, b) => compareText(a.source, b.source));
}
/** "57,433 records from 7 inputs (1 could not be read, 2 skipped)" */
export function describeScanned(report) {
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
export function takeFirst(items, limit) {
    return { shown: items.slice(0, limit), more: Math.max(0, items.length - limit) };
}
export function formatCount(n) {
    return n.toLocaleString('en-US');
}
export function pluralize(n, word, plural = `${word}s`) {
    return `${formatCount(n)} ${n === 1 ? word : plural}`;
}
/** Waivers that need a person's attention: expired ones and those that matched nothing. */
export function listWaiverNotes(report) {
    const notes = [];
    for (const w of [...(report.waivers ?? [])].sort((a, b) => compareText(a.id, b.id))) {
        if (w.state === 'expired')
            notes.push(`waiver ${w.id} expired on ${w.expires} and no longer applies`);
        if (w.state === 'unused')
            notes.push(`waiver ${w.id} matched nothing (expires ${w.expires})`);
    }
    return notes;
}
