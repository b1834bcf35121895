import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import type { Severity } from '../../src/core/status.js';
import { computeExitCode } from '../../src/report/exit-code.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';

describe('computeExitCode', () => {
  const noErrors = { ...sampleReport, errors: [], inputs: sampleReport.inputs.slice(1, 7) };
  const cases: [string, Report, Severity | 'never', number][] = [
    ['clean scan', cleanReport, 'high', 0],
    ['critical finding', noErrors, 'high', 1],
    ['critical finding, fail-on never', noErrors, 'never', 0],
    ['findings and a failed input', sampleReport, 'high', 1],
    ['no finding at the threshold, a failed input', sampleReport, 'never', 3],
    [
      'every input failed',
      { ...cleanReport, inputs: [{ ...cleanReport.inputs[0]!, failed: true }] },
      'high',
      2,
    ],
  ];
  it.each(cases)('%s → %i', (_name, report, failOn, code) => {
    expect(computeExitCode(report, failOn)).toBe(code);
  });

  it('treats a record error alone as exit 3', () => {
    const report = {
      ...cleanReport,
      errors: [{ source: 'sbom/cyclonedx.json', locator: '/components/4', message: 'no name' }],
    };
    expect(computeExitCode(report)).toBe(3);
  });
});
