import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, toHtml } from '../../src/report/html.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';

const html = toHtml(sampleReport);

describe('html reporter', () => {
  it('loads nothing from anywhere', () => {
    // Source links are navigation a reader chooses, not loads; they are checked on their own below.
    const sourceLink = /<a href="https:\/\/[^"]+" rel="noopener noreferrer" title="[^"]*">[^<]*<\/a>/g;
    for (const page of [html.replace(sourceLink, ''), toHtml(cleanReport)]) {
      expect(page).not.toMatch(/<(link|iframe|object|embed|img|base)\b/i);
      expect(page).not.toMatch(/<script[^>]*\bsrc=/i);
      expect(page).not.toMatch(/\b(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:)?\/\//i);
      expect(page).not.toMatch(/url\(|@import/i);
      // The only http(s) text is hostile input data, and it is inert text.
      expect(page.replace(/http:\/\/evil\.example\//g, '').match(/https?:\/\//g) ?? []).toEqual([]);
    }
  });

  it('links each cited source to its http(s) address, and only those', () => {
    const links = [
      ...html.matchAll(/<a href="([^"]*)" rel="noopener noreferrer" title="[^"]*">([^<]*)<\/a>/g),
    ];
    const targets = new Map(links.map(([, href, id]) => [id, href]));
    expect(Object.fromEntries(targets)).toEqual({
      'bis-icts-2021-002-fd': 'https://www.bis.gov/kaspersky?a=1&amp;b=2',
      'far-52-204-23': 'https://www.acquisition.gov/far/52.204-23',
      'kaspersky-kes-release-notes':
        'https://github.com/example/kes-notes/blob/0123456789abcdef0123456789abcdef01234567/notes/12.3.md',
    });
    // The saved report's javascript: address and the id it does not resolve stay plain text.
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toContain('document.cookie');
    expect(html).toContain('<code>fr-2024-13532</code>');
    expect(html).toContain('<code>ndaa-fy2018-1634</code>');
    expect(html.match(/<a\b/g)).toHaveLength(links.length);
    // A report saved before sources were carried still renders its ids.
    const { sources: _sources, ...older } = sampleReport;
    expect(toHtml(older)).not.toMatch(/<a\b/);
    expect(toHtml(older)).toContain('<code>far-52-204-23</code>');
  });

  it('escapes hostile input everywhere', () => {
    expect(html).not.toContain('<img src=x onerror=alert(1)>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script>alert("host")</script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;host&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<svg onload');
    expect(html).not.toContain('<b>verify</b>');
    expect(html).not.toContain('</td></tr><script>alert(2)');
    // Exactly one script element: ours.
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(escapeHtml(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;');
  });

  it('allows only its own inline style and script, by hash', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(script)}`);
  });

  it('has cards, both charts, a row per finding with its evidence, errors and waivers', () => {
    expect(html.match(/<tbody class="finding"/g)).toHaveLength(sampleReport.findings.length);
    expect(html.match(/<tbody class="finding"[^]*?<details>/g)).toHaveLength(sampleReport.findings.length);
    expect(html).toContain('<title id="status-chart-title">Findings by status</title>');
    expect(html).toContain('<title id="severity-chart-title">Findings by severity</title>');
    expect(html).toContain('<span class="n">9</span>findings');
    expect(html).toContain('<span class="n">57,433</span>records scanned');
    expect(html).toContain('in 9 days (2024-09-29)');
    expect(html).toContain('<cite>48 CFR 52.204-23; NDAA FY2018 (Pub. L. 115-91) sec. 1634</cite>');
    expect(html).toContain('<code>WVR-2024-017</code>: Isolated malware-analysis lab');
    expect(html).toContain('Read errors (2)');
    expect(html).toContain('Not read at all: <code>exports/lansweeper.csv</code>');
    expect(html).toContain('waiver WVR-2024-003 expired on 2024-08-31');
    expect(html).toContain('<h2>Skipped (1)</h2>');
    expect(html).toContain('<li><code>exports/README.md</code>: format not recognised</li>');
    expect(html).toContain('<code>/SPInstallHistoryDataType</code>: absent from this dump');
    expect(html).toContain('<span class="n">8</span>inputs (1 not read)');
    expect(html).toMatch(/@media print/);
    expect(html).toMatch(/prefers-color-scheme: dark/);
  });

  it('says so plainly when nothing was found', () => {
    const page = toHtml(cleanReport);
    expect(page).toContain('No findings. Scanned 734 records:');
    expect(page).toContain('<code>sbom/cyclonedx.json</code> (cyclonedx, 734 records)');
    expect(page).not.toContain('<svg');
  });
});
