import { describe, expect, it } from 'vitest';
import { escapeMarkdown, toMarkdown } from '../../src/report/markdown.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';

const md = toMarkdown(sampleReport);

// Cells of a GFM table row: split on pipes that are not backslash-escaped.
const cellsOf = (row: string) => row.split(/(?<!\\)\|/).length - 2;

describe('markdown reporter', () => {
  it('opens with a summary table by status', () => {
    expect(md).toContain(
      '| Status | Severity | Findings |\n| --- | --- | ---: |\n| prohibited | critical | 2 |',
    );
    expect(md).toContain('| upcoming | medium | 1 |');
  });

  it('groups findings by status, worst first, with evidence, reasons and citations', () => {
    const headings = md.match(/^## .*/gm);
    expect(headings).toEqual([
      '## Prohibited (2)',
      '## Unsupported (1)',
      '## Blocked transactions (1)',
      '## Upcoming (1)',
      '## Needs review (2)',
      '## Exempt (1)',
      '## Waived (1)',
      '## Read errors (2)',
      '## Skipped (1)',
      '## Notes',
      '## Waivers',
    ]);
    expect(md).toContain('- **Status:** upcoming, in 9 days (2024-09-29) (severity medium)');
    expect(md).toContain(
      '- **Evidence:** package kesl in `inventory/srv-build-02.dpkg.txt` (dpkg) at `line 214`',
    );
    expect(md).toContain('*48 CFR 52.204-23; NDAA FY2018 (Pub. L. 115-91) sec. 1634*');
    expect(md).toContain(
      '  1. publisher "AO Kaspersky Lab" is an identifier of Kaspersky Endpoint Security for Windows',
    );
    expect(md).toContain('- **Waiver:** `WVR-2024-017`, Isolated malware-analysis lab');
  });

  it('keeps hostile input inert', () => {
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<script');
    expect(md).not.toContain('<svg');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toContain(
      '### &lt;img src=x onerror=alert(1)&gt; \\| \\*Kaspersky\\* \\[x\\](javascript:alert(1))',
    );
    expect(md).toContain(
      '- **Remediation:** -2+3 \\`code\\` &lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(2)&lt;/script&gt;',
    );
    // Both tables (summary, read errors) have three columns; an unescaped pipe would add one.
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---'));
    expect(rows.length).toBeGreaterThan(8);
    for (const row of rows) expect(cellsOf(row), row).toBe(3);
    expect(escapeMarkdown('a|b*c_d`e<f>g\nh http://x')).toBe('a\\|b\\*c\\_d\\`e&lt;f&gt;g h http\\://x');
  });

  it('says so when nothing was found', () => {
    expect(toMarkdown(cleanReport)).toBe(
      '# interdict scan report\n\nAs of **2024-09-20**, profile **us-person**; interdict 0.1.0, data 2024.09.16.\n' +
        'Scanned 734 records from 1 input: **no findings**.\n',
    );
  });
});
