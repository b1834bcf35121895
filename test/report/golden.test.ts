import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import type { ReporterName } from '../../src/report/registry.js';
import type { Sink } from '../../src/report/types.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';
import { render } from './render.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/report/golden');
const update = process.env.UPDATE_GOLDEN === '1';

const cases: [file: string, format: ReporterName, report: Report, sink?: Omit<Sink, 'write'>][] = [
  ['sample.json', 'json', sampleReport],
  ['sample.csv', 'csv', sampleReport],
  ['sample.sarif', 'sarif', sampleReport],
  ['sample.md', 'markdown', sampleReport],
  ['sample.html', 'html', sampleReport],
  ['sample.cdx.json', 'cyclonedx', sampleReport],
  ['sample.txt', 'table', sampleReport],
  ['sample.tty-100.txt', 'table', sampleReport, { isTTY: true, columns: 100 }],
  ['sample.cols-80.txt', 'table', sampleReport, { columns: 80 }],
  ['sample.cols-120.txt', 'table', sampleReport, { columns: 120 }],
  ['clean.json', 'json', cleanReport],
  ['clean.sarif', 'sarif', cleanReport],
  ['clean.md', 'markdown', cleanReport],
  ['clean.html', 'html', cleanReport],
  ['clean.cdx.json', 'cyclonedx', cleanReport],
  ['clean.txt', 'table', cleanReport],
];

// Golden files are compared byte for byte: every reporter is deterministic, so no normaliser
// has anything to remove. Regenerate with UPDATE_GOLDEN=1 and review the diff.
describe('golden output', () => {
  it.each(cases)('%s', async (file, format, report, sink) => {
    const actual = await render(format, report, sink);
    const path = join(GOLDEN, file);
    if (update || !existsSync(path)) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(path, actual);
      if (!update) throw new Error(`wrote missing golden file ${file}; review it and run again`);
    }
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });

  it('renders the same bytes whatever the order of findings', async () => {
    const reversed = { ...sampleReport, findings: [...sampleReport.findings].reverse() };
    for (const format of ['json', 'csv', 'sarif', 'markdown', 'html', 'table', 'cyclonedx'] as const) {
      expect(await render(format, reversed)).toBe(await render(format, sampleReport));
    }
  });
});
