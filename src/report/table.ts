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
  /** Left out when the terminal is too narrow, lowest first; absent: always shown. */
  dropOrder?: number;
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

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - Array.from(text).length));
}

/**
 * Breaks a cell into lines of at most `width` characters, after a space or a path separator when
 * one is near, so that a narrow terminal shows every character instead of cutting the cell.
 */
export function wrapCell(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = Array.from(text);
  while (rest.length > width) {
    let cut = -1;
    for (let i = width; i > width / 3; i--) {
      if (rest[i - 1] === ' ' || rest[i] === ' ' || /[/\\,;]/.test(rest[i - 1] ?? '')) {
        cut = i;
        break;
      }
    }
    if (cut < 0) cut = width;
    lines.push(rest.slice(0, cut).join('').trimEnd());
    rest = rest.slice(cut);
    while (rest[0] === ' ') rest = rest.slice(1);
  }
  lines.push(rest.join(''));
  return lines;
}

const COLUMNS: Column[] = [
  {
    title: 'STATUS',
    cell: (f) => [f.status, describeDeadline(f)].filter(Boolean).join(' '),
    // Wide enough for "blocked-transaction": a status is never broken inside its word.
    min: 19,
    paint: (f, c) => paintStatus(f.status, c),
  },
  {
    title: 'SEVERITY',
    cell: (f) => f.severity,
    min: 8,
    paint: (f, c) => paintSeverity(f.severity, c),
    dropOrder: 3,
  },
  { title: 'PRODUCT', cell: (f) => f.product.name, min: 10 },
  { title: 'HOST', cell: (f) => f.observation.host ?? '-', min: 8 },
  { title: 'MATCHED ON', cell: describeMatch, min: 10, dropOrder: 1 },
  { title: 'VERSION', cell: (f) => f.observation.version ?? '-', min: 7, dropOrder: 2 },
  { title: 'WHERE', cell: describeWhere, min: 10 },
];

function sumWidths(widths: readonly number[]): number {
  return widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
}

// Squeeze one character at a time from the column that is widest: first down to what most of its
// cells need (one odd long host should not cost every path its room), then down to its minimum.
function fitWidths(natural: number[], mins: number[], total: number, typical: number[]): number[] {
  const widths = [...natural];
  let used = sumWidths(widths);
  for (let i = 0; i < widths.length && used > total; i++) {
    const floor = Math.max(mins[i]!, typical[i]!);
    const give = Math.min(widths[i]! - floor, used - total);
    if (give > 0) {
      widths[i] = widths[i]! - give;
      used -= give;
    }
  }
  while (used > total) {
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

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

interface Layout {
  columns: Column[];
  widths: number[];
  dropped: Column[];
}

/**
 * What fits in `total` characters: every column at its natural width when it can; otherwise the
 * columns a person can do without go first (matched-on, version, severity, which the status
 * colour and `--wide` still give), and the rest share the width, their cells wrapped, not cut.
 */
function layOut(findings: Finding[], total: number | undefined): Layout & { cells: string[][] } {
  const cells = findings.map((f) => COLUMNS.map((col) => sanitize(col.cell(f))));
  const natural = COLUMNS.map((col, i) =>
    Math.max(col.title.length, ...cells.map((row) => Array.from(row[i] as string).length)),
  );
  // What most cells of a column need: a column is left out only when these do not fit.
  const typical = COLUMNS.map((col, i) =>
    Math.min(
      natural[i]!,
      Math.max(
        col.title.length,
        percentile(
          cells.map((row) => Array.from(row[i]!).length),
          0.8,
        ),
      ),
    ),
  );
  let keep = COLUMNS.map((_, i) => i);
  if (total !== undefined) {
    const droppable = keep
      .filter((i) => COLUMNS[i]!.dropOrder !== undefined)
      .sort((a, b) => COLUMNS[a]!.dropOrder! - COLUMNS[b]!.dropOrder!);
    for (const i of droppable) {
      if (sumWidths(keep.map((k) => typical[k]!)) <= total) break;
      keep = keep.filter((k) => k !== i);
    }
  }
  const mins = keep.map((i) => Math.min(COLUMNS[i]!.min, natural[i]!));
  const kept = keep.map((i) => natural[i]!);
  const keptTypical = keep.map((i) => typical[i]!);
  return {
    columns: keep.map((i) => COLUMNS[i]!),
    widths: total === undefined ? kept : fitWidths(kept, mins, total, keptTypical),
    dropped: COLUMNS.filter((_, i) => !keep.includes(i)),
    cells: cells.map((row) => keep.map((i) => row[i]!)),
  };
}

function renderFindings(findings: Finding[], c: Colors, total: number | undefined): string[] {
  const { columns, widths, dropped, cells } = layOut(findings, total);
  const last = columns.length - 1;
  // The last column is not padded: trailing spaces only make copy-paste worse.
  const renderRow = (texts: string[], paints: (Paint | undefined)[]): string[] => {
    const wrapped = texts.map((t, i) => wrapCell(t, widths[i]!));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) {
      const parts = wrapped.map((w, i) => {
        const text = i === last ? (w[l] ?? '') : pad(w[l] ?? '', widths[i]!);
        const paint = paints[i];
        return paint && w[l] ? paint(text) : text;
      });
      lines.push(parts.join(GAP).trimEnd());
    }
    return lines;
  };
  const lines = renderRow(
    columns.map((col) => col.title),
    columns.map(() => c.bold),
  );
  findings.forEach((f, r) => {
    lines.push(
      ...renderRow(
        cells[r]!,
        columns.map((col) => col.paint?.(f, c)),
      ),
    );
  });
  if (dropped.length > 0) {
    lines.push(
      '',
      c.dim(
        `Not shown to fit ${total} columns: ${dropped.map((d) => d.title).join(', ')} (--wide shows every column).`,
      ),
    );
  }
  return lines;
}

function describeHeader(report: Readonly<Report>): string {
  return `interdict ${report.tool.version} · data ${report.tool.data} · as of ${report.asOf} · profile ${report.profile}`;
}

/** The whole table report as lines, without a trailing newline. */
export function renderTable(
  report: Readonly<Report>,
  sink: Pick<Sink, 'isTTY' | 'color' | 'columns'>,
): string[] {
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
  render(report, sink) {
    sink.write(`${renderTable(report, sink).join('\n')}\n`);
  },
};
