import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { STATUSES } from '../core/status.js';
import type { Status } from '../core/status.js';
import {
  collectErrors,
  collectNotes,
  countByStatus,
  describeDeadline,
  describeScanned,
  formatCount,
  listSkipped,
  listWaiverNotes,
  pluralize,
  sortFindings,
  takeFirst,
  describeOtherSightings,
} from './describe.js';
import type { Reporter } from './types.js';

const TITLES: Record<Status, string> = {
  prohibited: 'Prohibited',
  unsupported: 'Unsupported',
  'blocked-transaction': 'Blocked transactions',
  upcoming: 'Upcoming',
  review: 'Needs review',
  exempt: 'Exempt',
  waived: 'Waived',
};

/**
 * Input data as inert Markdown text: the characters CommonMark or GFM read as inline syntax are
 * backslash-escaped, angle brackets become entities (no raw HTML), bare URLs stay unlinked, and
 * line breaks become spaces. Block syntax (#, -, 1.) cannot start a line: data never does.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[\\`*_{}[\]#!|~]/g, '\\$&')
      // GFM turns a bare URL into a link; an escaped colon keeps it plain text.
      .replace(/:\/\//g, '\\://')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

/** An inline code span that survives backticks and pipes in the value. */
function code(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  // GFM reads a pipe as a cell border even inside code spans in a table; harmless elsewhere.
  return `${fence}${padded.replaceAll('|', '\\|')}${fence}`;
}

function renderSummary(report: Readonly<Report>, findings: Finding[]): string[] {
  const { tool, asOf, profile } = report;
  const lines = [
    '# interdict scan report',
    '',
    `As of **${asOf}**, profile **${profile}**; interdict ${escapeMarkdown(tool.version)}, data ${escapeMarkdown(tool.data)}.`,
    `Scanned ${describeScanned(report)}: ` +
      (findings.length === 0 ? '**no findings**.' : `**${pluralize(findings.length, 'finding')}**.`),
  ];
  if (findings.length === 0) return lines;
  lines.push('', '| Status | Severity | Findings |', '| --- | --- | ---: |');
  for (const [status, n] of countByStatus(findings)) {
    const severity = findings.find((f) => f.status === status)?.severity ?? '';
    lines.push(`| ${status} | ${severity} | ${formatCount(n)} |`);
  }
  return lines;
}

function renderFinding(f: Finding): string[] {
  const o = f.observation;
  const where = [
    o.host && `on ${escapeMarkdown(o.host)}`,
    o.version && `version ${escapeMarkdown(o.version)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const deadline = describeDeadline(f);
  const lines = [`### ${escapeMarkdown(f.product.name)}${where ? ` (${where})` : ''}`, ''];
  lines.push(`- **Status:** ${f.status}${deadline ? `, ${deadline}` : ''} (severity ${f.severity})`);
  lines.push(
    `- **Evidence:** ${o.kind} ${o.name ? escapeMarkdown(o.name) : ''} in ${code(o.origin.source)} (${escapeMarkdown(o.origin.format)}) at ${code(o.origin.locator)}`,
  );
  const others = describeOtherSightings(f);
  if (others.length) lines.push('- **Also seen:**', ...others.map((s) => `  - ${escapeMarkdown(s)}`));
  if (o.publisher) lines.push(`- **Publisher:** ${escapeMarkdown(o.publisher)}`);
  if (o.path) lines.push(`- **Path:** ${code(o.path)}`);
  if (o.carrier) lines.push(`- **Carried by:** ${escapeMarkdown(o.carrier)}`);
  lines.push(
    `- **Matched:** ${f.match.on} ${code(f.match.value)} (catalog ${code(f.match.pattern)}, confidence ${f.match.confidence})`,
  );
  for (const c of f.match.corroboratedBy ?? []) lines.push(`  - corroborated by ${c.on} ${code(c.value)}`);
  if (f.match.explanation) lines.push(`  - ${escapeMarkdown(f.match.explanation)}`);
  if (f.match.sources?.length) lines.push(`  - sources: ${escapeMarkdown(f.match.sources.join(', '))}`);
  if (f.reasons.length > 0) {
    lines.push('- **Why:**');
    f.reasons.forEach((r, i) => lines.push(`  ${i + 1}. ${escapeMarkdown(r)}`));
  }
  if (f.determinations.length > 0) {
    lines.push('- **Determinations:**');
    for (const d of f.determinations) {
      const phase = [d.phase, d.since && `since ${d.since}`].filter(Boolean).join(', ');
      lines.push(
        `  - ${escapeMarkdown(d.title)} (${code(d.id)}${phase ? `, ${escapeMarkdown(phase)}` : ''}): ${d.status}. ` +
          `${escapeMarkdown(d.effect)} *${escapeMarkdown(d.citation)}*`,
      );
    }
  }
  lines.push(`- **Remediation:** ${escapeMarkdown(f.remediation)}`);
  if (f.waiver) {
    const w = f.waiver;
    lines.push(
      `- **Waiver:** ${code(w.id)}, ${escapeMarkdown(w.reason)}; approved by ${escapeMarkdown(w.approvedBy)}, expires ${w.expires}`,
    );
  }
  lines.push('');
  return lines;
}

/** The report as GitHub-flavoured Markdown for a ticket or a pull request. */
export function toMarkdown(report: Readonly<Report>): string {
  const findings = sortFindings(report.findings);
  const lines = renderSummary(report, findings);
  for (const status of STATUSES) {
    const group = findings.filter((f) => f.status === status);
    if (group.length === 0) continue;
    lines.push('', `## ${TITLES[status]} (${formatCount(group.length)})`, '');
    for (const f of group) lines.push(...renderFinding(f));
  }
  const errors = collectErrors(report);
  if (errors.length > 0) {
    lines.push(
      '',
      `## Read errors (${formatCount(errors.length)})`,
      '',
      '| Source | Where | Problem |',
      '| --- | --- | --- |',
    );
    for (const e of errors) {
      lines.push(
        `| ${escapeMarkdown(e.source)} | ${escapeMarkdown(e.locator)} | ${escapeMarkdown(e.message)} |`,
      );
    }
  }
  const skipped = takeFirst(listSkipped(report), 50);
  if (skipped.shown.length > 0) {
    lines.push('', `## Skipped (${formatCount(skipped.shown.length + skipped.more)})`, '');
    for (const i of skipped.shown) lines.push(`- ${code(i.source)}: ${escapeMarkdown(i.skipped)}`);
    if (skipped.more > 0) lines.push(`- and ${formatCount(skipped.more)} more`);
  }
  const inputNotes = collectNotes(report);
  if (inputNotes.length > 0) {
    lines.push('', '## Notes', '');
    for (const n of inputNotes) {
      lines.push(
        `- ${code(n.source)}${n.locator ? ` ${code(n.locator)}` : ''}: ${escapeMarkdown(n.message)}`,
      );
    }
  }
  const notes = listWaiverNotes(report);
  if (notes.length > 0) {
    lines.push('', '## Waivers', '');
    for (const note of notes) lines.push(`- ${escapeMarkdown(note)}`);
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

export const markdownReporter: Reporter = {
  name: 'markdown',
  render(report, sink) {
    sink.write(toMarkdown(report));
  },
};
