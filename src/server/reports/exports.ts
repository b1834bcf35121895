import { toCsvCell } from '../../report/csv.js';

/** Tables the dashboard can export, in the order its pages show them. */
export const EXPORT_TABLES = [
  'findings',
  'hosts',
  'waivers',
  'products',
  'determinations',
  'votes',
  'audit',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export interface Column<T> {
  header: string;
  value(row: T): string | number | boolean | null | undefined;
}

/**
 * One CSV field: text cells go through the report's own rule (RFC 4180 quoting, formula prefixes
 * neutralised), since host and product names come from scanned machines, not from us.
 */
export function toCsvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? toCsvCell(value) : String(value);
}

function toCsvRow<T>(columns: readonly Column<T>[], row: T): string {
  return `${columns.map((c) => toCsvField(c.value(row))).join(',')}\r\n`;
}

function toCsvHeader(columns: readonly Column<unknown>[]): string {
  return `${columns.map((c) => toCsvField(c.header)).join(',')}\r\n`;
}

/**
 * Streams rows from an async source as CSV or as a JSON document `{ table, generatedAt, items }`,
 * so a large export holds one page in memory at a time.
 */
export function streamExport<T>(
  format: 'csv' | 'json',
  o: {
    table: string;
    generatedAt: string;
    columns: readonly Column<T>[];
    pages: AsyncIterable<readonly T[]>;
    toJson(row: T): unknown;
  },
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = o.pages[Symbol.asyncIterator]();
  let started = false;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(
            format === 'csv'
              ? `\uFEFF${toCsvHeader(o.columns as readonly Column<unknown>[])}`
              : `{"table":${JSON.stringify(o.table)},"generatedAt":${JSON.stringify(o.generatedAt)},"items":[`,
          ),
        );
        return;
      }
      const next = await iterator.next();
      if (next.done) {
        if (format === 'json') controller.enqueue(encoder.encode(']}\n'));
        controller.close();
        return;
      }
      let chunk = '';
      for (const row of next.value) {
        if (format === 'csv') chunk += toCsvRow(o.columns, row);
        else {
          chunk += `${first ? '' : ','}\n${JSON.stringify(o.toJson(row))}`;
          first = false;
        }
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
