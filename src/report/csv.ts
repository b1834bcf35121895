import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { countSightings, findNextDeadline, pickPrimaryDetermination, sortFindings } from './describe.js';
import type { Reporter } from './types.js';

/** The columns, in order, with how each is read from a finding. */
export const CSV_COLUMNS = [
  ['status', (f) => f.status],
  ['severity', (f) => f.severity],
  ['product_id', (f) => f.product.id],
  ['product_name', (f) => f.product.name],
  ['vendor', (f) => f.product.vendor],
  ['category', (f) => f.product.category],
  ['match_on', (f) => f.match.on],
  ['match_value', (f) => f.match.value],
  ['confidence', (f) => String(f.match.confidence)],
  ['determinations', (f) => f.determinations.map((d) => d.id).join(';')],
  ['since', (f) => pickPrimaryDetermination(f)?.since ?? ''],
  ['days_left', (f) => (f.status === 'upcoming' ? String(findNextDeadline(f)?.daysLeft ?? '') : '')],
  ['host', (f) => f.observation.host ?? ''],
  ['kind', (f) => f.observation.kind],
  ['name', (f) => f.observation.name ?? ''],
  ['publisher', (f) => f.observation.publisher ?? ''],
  ['version', (f) => f.observation.version ?? ''],
  ['path', (f) => f.observation.path ?? ''],
  ['source', (f) => f.observation.origin.source],
  ['format', (f) => f.observation.origin.format],
  ['locator', (f) => f.observation.origin.locator],
  ['remediation', (f) => f.remediation],
  ['waiver', (f) => f.waiver?.id ?? ''],
  ['waiver_expires', (f) => f.waiver?.expires ?? ''],
  // Last, so that tools reading the earlier columns by position keep working.
  ['sightings', (f) => String(countSightings(f))],
] as const satisfies readonly (readonly [string, (f: Finding) => string])[];

export type CsvColumn = (typeof CSV_COLUMNS)[number][0];

// Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV Injection");
// a leading apostrophe makes it text. Tab and CR are on OWASP's list too.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, neutralised against formula injection and quoted per RFC 4180 when needed. */
export function toCsvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180: comma-separated, CRLF line ends, a header row. */
export function toCsv(report: Readonly<Report>): string {
  const rows: string[][] = [CSV_COLUMNS.map(([name]) => name)];
  for (const f of sortFindings(report.findings)) rows.push(CSV_COLUMNS.map(([, read]) => read(f)));
  return rows.map((row) => row.map(toCsvCell).join(',')).join('\r\n') + '\r\n';
}

export const csvReporter: Reporter = {
  name: 'csv',
  render(report, sink) {
    sink.write(toCsv(report));
  },
};
