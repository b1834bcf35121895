import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { CSV_COLUMNS, toCsv, toCsvCell } from '../../src/report/csv.js';
import { sortFindings } from '../../src/report/describe.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

const unprefix = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function parseBack(report: Report): string[][] {
  return parse(toCsv(report), { relax_column_count: false }) as string[][];
}

describe('csv reporter', () => {
  it('writes a header and one row per finding with CRLF line ends', () => {
    const text = toCsv(sampleReport);
    expect(
      text.startsWith(
        'status,severity,product_id,product_name,vendor,category,match_on,match_value,confidence,',
      ),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseBack(sampleReport);
    expect(rows).toHaveLength(sampleReport.findings.length + 1);
    expect(rows[0]).toEqual(CSV_COLUMNS.map(([name]) => name));
  });

  it('gives back every field of every finding when parsed', () => {
    const rows = parseBack(sampleReport).slice(1);
    sortFindings(sampleReport.findings).forEach((f, i) => {
      expect(rows[i]!.map(unprefix)).toEqual(CSV_COLUMNS.map(([, read]) => read(f)));
    });
    const kes = rows[0]!;
    const col = (name: string) => CSV_COLUMNS.findIndex(([n]) => n === name);
    expect(kes[col('determinations')]).toBe('far-52-204-23;icts-2021-002');
    expect(kes[col('path')]).toBe('C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.3.0\\');
    const upcoming = rows.find((r) => r[0] === 'upcoming')!;
    expect([upcoming[col('since')], upcoming[col('days_left')]]).toEqual(['2024-09-29', '9']);
    const waived = rows.find((r) => r[0] === 'waived')!;
    expect([waived[col('waiver')], waived[col('waiver_expires')]]).toEqual(['WVR-2024-017', '2024-12-31']);
  });

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const hostile = parseBack(sampleReport).find((r) => r[3]!.startsWith('<img'))!;
    expect(hostile).toContain(`'=HYPERLINK("http://evil.example/","Kaspersky")`);
    expect(hostile).toContain("'+1|2");
    expect(hostile).toContain("'-2+3 `code` </td></tr><script>alert(2)</script>");
    for (const cell of parseBack(sampleReport).flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(toCsvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(toCsvCell('\tx')).toBe("'\tx");
    expect(toCsvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(toCsvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(toCsvCell('12.3.0.493')).toBe('12.3.0.493');
  });

  it('round-trips any string through RFC 4180 quoting', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), (cells) => {
        const line = cells.map(toCsvCell).join(',') + '\r\n';
        const [row] = parse(line, { relax_quotes: false }) as string[][];
        expect(row!.map(unprefix)).toEqual(cells);
      }),
      { numRuns: 500 },
    );
  });
});
