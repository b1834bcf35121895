import pc from 'picocolors';
import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { Severity, Status } from '../core/status.js';
import {
  collectErrors,
  collectNotes,
  countByStatus,
  describeDeadline,
  describeMatch,
  describeScanned,
  describeWhere,
  listSkipped,
  listWaiverNotes,
  pluralize,
  sortFindings,
  takeFirst,
} from './describe.js';
import type { Reporter, Sink } from './types.js';

type Colors = ReturnType<typeof pc.createColors>;
type Paint = (text: string) => string;

interface Column {
  title: string;
  cell: (f: Finding) => string;
  /** Narrowest it may be squeezed to. */
  min: number;
  paint?: (f: Finding, c: Colors) => Paint;
}

const GAP = '  ';
// A directory walk can skip thousands of files; the terminal shows the first few.
const SKIPPED_SHOWN = 10;

function paintStatus(status: Status, c: Colors): Paint {
  if (status === 'prohibited') return (s) => c.bold(c.red(s));
  if (status === 'unsupported' || status === 'blocked-transaction') return c.red;
  if (status === 'upcoming' || status === 'review') return c.yellow;
  return c.dim;
}

function paintSeverity(severity: Severity, c: Colors): Paint {
  if (severity === 'critical') return (s) => c.bold(c.red(s));
  if (severity === 'high') return c.red;
  if (severity === 'medium') return c.yellow;
  return c.dim;
}

// Input data may carry escape sequences; on a terminal they would move the cursor or recolour.
function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\t\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
}

function fit(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text + ' '.repeat(width - chars.length);
  return width <= 1 ? '…'.slice(0, width) : `${chars.slice(0, width - 1).join('')}…`;
}

const COLUMNS: Column[] = [
  {
    title: 'STATUS',
    cell: (f) => [f.status, describeDeadline(f)].filter(Boolean).join(' '),
    min: 11,

    paint: (f, c) => paintStatus(f.status, c),
  },
  { title: 'SEVERITY', cell: (f) => f.severity, min: 8, paint: (f, c) => paintSeverity(f.severity, c) },
  { title: 'PRODUCT', cell: (f) => f.product.name, min: 10 },
  { title: 'HOST', cell: (f) => f.observation.host ?? '-', min: 8 },
  { title: 'MATCHED ON', cell: describeMatch, min: 10 },
  { title: 'VERSION', cell: (f) => f.observation.version ?? '-', min: 7 },
  { title: 'WHERE', cell: describeWhere, min: 10 },
];

// Squeeze the widest column one character at a time: long free text gives way first, and
// short cells (severity, most versions and hosts) stay whole.
function fitWidths(natural: number[], mins: number[], total: number | undefined): number[] {
  const widths = [...natural];
  if (total === undefined) return widths;
  const room = total - GAP.length * (widths.length - 1);
  let used = widths.reduce((a, b) => a + b, 0);
  while (used > room) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const w = widths[i] as number;
      if (w > (mins[i] as number) && (widest < 0 || w > (widths[widest] as number))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
    used--;
  }
  return widths;
}

function renderFindings(findings: Finding[], c: Colors, columns: number | undefined): string[] {
  const cells = findings.map((f) => COLUMNS.map((col) => sanitize(col.cell(f))));
  const natural = COLUMNS.map((col, i) =>
    Math.max(col.title.length, ...cells.map((row) => Array.from(row[i] as string).length)),
  );
  const mins = COLUMNS.map((col, i) => Math.min(col.min, natural[i] as number));
  const widths = fitWidths(natural, mins, columns);
  const last = COLUMNS.length - 1;
  // The last column is not padded: trailing spaces only make copy-paste worse.
  const pad = (text: string, i: number) =>
    i === last ? fit(text, widths[i] as number).trimEnd() : fit(text, widths[i] as number);
  const lines = [c.bold(COLUMNS.map((col, i) => pad(col.title, i)).join(GAP))];
  findings.forEach((f, r) => {
    const row = COLUMNS.map((col, i) => {
      const text = pad((cells[r] as string[])[i] as string, i);
      return col.paint ? col.paint(f, c)(text) : text;
    });
    lines.push(row.join(GAP));
  });
  return lines;
}

function describeHeader(report: Readonly<Report>): string {
  return `interdict ${report.tool.version} · data ${report.tool.data} · as of ${report.asOf} · profile ${report.profile}`;
}

/** The whole table report as lines, without a trailing newline. */
export function renderTable(report: Readonly<Report>, sink: Pick<Sink, 'isTTY' | 'color' | 'columns'>): string[] {
  const c = pc.createColors(sink.color ?? sink.isTTY === true);
  const findings = sortFindings(report.findings);
  const lines = [c.dim(describeHeader(report))];
  if (findings.length === 0) {
    lines.push(`${c.green('No findings.')} Scanned ${describeScanned(report)}:`);
    for (const i of report.inputs.filter((x) => x.skipped === undefined)) {
      lines.push(
        `  ${sanitize(i.source)} (${sanitize(i.format)}, ${pluralize(i.records, 'record')}${i.failed ? ', not read' : ''})`,
      );
    }
  } else {
    const counts = countByStatus(findings)
      .map(([status, n]) => paintStatus(status, c)(`${n} ${status}`))
      .join(', ');
    lines.push(`${c.bold(pluralize(findings.length, 'finding'))} in ${describeScanned(report)}: ${counts}`);
    lines.push('', ...renderFindings(findings, c, sink.columns));
  }
  const errors = collectErrors(report);
  if (errors.length > 0) {
    lines.push('', c.bold(c.red(`Read errors (${errors.length})`)));
    for (const e of errors)
      lines.push(`  ${sanitize(`${e.source}${e.locator ? ` ${e.locator}` : ''}: ${e.message}`)}`);
  }
  const skipped = takeFirst(listSkipped(report), SKIPPED_SHOWN);
  if (skipped.shown.length > 0) {
    lines.push('', c.bold(`Skipped (${skipped.shown.length + skipped.more})`));
    for (const i of skipped.shown) lines.push(c.dim(`  ${sanitize(`${i.source}: ${i.skipped}`)}`));
    if (skipped.more > 0) lines.push(c.dim(`  … and ${skipped.more} more (all are listed in -f json)`));
  }
  const inputNotes = collectNotes(report);
  if (inputNotes.length > 0) {
    lines.push('', c.bold('Notes'));
    for (const n of inputNotes)
      lines.push(`  ${sanitize(`${n.source}${n.locator ? ` ${n.locator}` : ''}: ${n.message}`)}`);
  }
  const notes = listWaiverNotes(report);
  if (notes.length > 0) {
    lines.push('', c.bold('Waivers'));
    for (const note of notes) lines.push(`  ${c.yellow(sanitize(note))}`);
  }
  return lines;
}

export const tableReporter: Reporter = {
  name: 'table',
  extension: 'txt',
  render(report, sink) {
    sink.write(`${renderTable(report, sink).join('\n')}\n`);
  },
};
