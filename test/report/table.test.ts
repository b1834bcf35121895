import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';
import { ANSI, render, stripAnsi } from './render.js';

describe('table reporter', () => {
  it('has no colour codes when the sink is not a terminal', async () => {
    const out = await render('table', sampleReport, { isTTY: false, columns: 80 });
    expect(out).not.toMatch(ANSI);
    expect(out).not.toContain('\u001b');
  });

  it('colours when the sink is a terminal', async () => {
    const out = await render('table', sampleReport, { isTTY: true, columns: 120 });
    expect(out).toMatch(ANSI);
    expect(out).toContain('\u001b[31m');
  });

  it.each([
    [80, /^STATUS\s+PRODUCT\s+HOST\s+WHERE$/],
    [120, /^STATUS\s+PRODUCT\s+HOST\s+WHERE$/],
    [160, /^STATUS\s+SEVERITY\s+PRODUCT\s+HOST\s+VERSION\s+WHERE$/],
    [300, /^STATUS\s+SEVERITY\s+PRODUCT\s+HOST\s+MATCHED ON\s+VERSION\s+WHERE$/],
  ])('fits every table line in %i columns, wrapping cells instead of cutting them', (columns, header) => {
    const lines = renderTable(sampleReport, { isTTY: true, columns }).map(stripAnsi);
    const table = lines.slice(3, lines.indexOf('', 3));
    expect(table[0]).toMatch(header);
    for (const line of table) expect(Array.from(line).length).toBeLessThanOrEqual(columns);
    const text = table.join(' ').replace(/\s+/g, ' ');
    expect(text).not.toContain('…');
    // Every status and short host is whole on its line, and every word of each product is there.
    for (const f of sampleReport.findings) {
      expect(table.some((l) => l.startsWith(f.status))).toBe(true);
      if (f.observation.host && f.observation.host.length < 15) expect(text).toContain(f.observation.host);
      if (f.product.name.startsWith('Kaspersky'))
        for (const word of f.product.name.split(' ')) expect(text).toContain(word);
    }
  });

  it('names the columns it left out and the flag that shows them', () => {
    const lines = renderTable(sampleReport, { columns: 80 });
    expect(lines).toContain(
      'Not shown to fit 80 columns: SEVERITY, MATCHED ON, VERSION (--wide shows every column).',
    );
  });

  it('leaves lines whole when no width is known', () => {
    const lines = renderTable(sampleReport, {});
    expect(lines.join('\n')).not.toContain('…');
    expect(lines.join('\n')).toContain('upcoming in 9 days (2024-09-29)');
  });

  it('summarises by status, then lists read errors and waiver notes', () => {
    const lines = renderTable(sampleReport, {});
    expect(lines[1]).toBe(
      '9 findings in 57,433 records from 8 inputs (1 could not be read, 1 skipped): 2 prohibited, 1 unsupported, 1 blocked-transaction, 1 upcoming, 2 review, 1 exempt, 1 waived',
    );
    expect(lines).toContain('  exports/lansweeper.csv line 213: unterminated quoted field');
    expect(lines).toContain('  waiver WVR-2024-021 matched nothing (expires 2025-03-31)');
    expect(lines).toContain('  exports/README.md: format not recognised');
    expect(lines).toContain(
      '  macos/system_profiler.json /SPInstallHistoryDataType: absent from this dump: installer receipts were not checked',
    );
  });

  it('never lets input data drive the terminal', () => {
    const evil = structuredClone(sampleReport);
    evil.findings[0]!.product.name = 'Kaspersky\u001b[2J\u001b]0;pwned\u0007 Free';
    const out = renderTable(evil, { isTTY: true }).join('\n');
    expect(out).not.toContain('\u001b[2J');
    expect(out).not.toContain('\u0007');
    expect(out).toContain('Kaspersky\uFFFD[2J\uFFFD]0;pwned\uFFFD Free');
  });

  it('says plainly that nothing was found, and what was scanned', () => {
    expect(renderTable(cleanReport, {})).toEqual([
      'interdict 0.1.0 · data 2024.09.16 · as of 2024-09-20 · profile us-person',
      'No findings. Scanned 734 records from 1 input:',
      '  sbom/cyclonedx.json (cyclonedx, 734 records)',
    ]);
  });
});
