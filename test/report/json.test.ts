import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeReport, toJson } from '../../src/report/json.js';
import { readReport, ReportReadError } from '../../src/report/read-report.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';
import { render } from './render.js';

function readError(text: string): ReportReadError {
  try {
    readReport(text, 'saved.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ReportReadError);
    return error as ReportReadError;
  }
  throw new Error('expected readReport to throw');
}

describe('json reporter', () => {
  it('writes the contract keys in the design order', async () => {
    const parsed = JSON.parse(await render('json', sampleReport));
    expect(Object.keys(parsed)).toEqual([
      'schema',
      'tool',
      'asOf',
      'profile',
      'inputs',
      'summary',
      'findings',
      'waivers',
      'sources',
      'errors',
    ]);
    expect(parsed.schema).toBe('interdict/report@1');
    expect(Object.keys(parsed.findings[0])).toEqual([
      'status',
      'severity',
      'product',
      'match',
      'determinations',
      'observation',
      'remediation',
      'reasons',
    ]);
    expect(Object.keys(parsed.findings[0].observation.origin)).toEqual(['source', 'format', 'locator']);
    expect(Object.keys(parsed.summary.byStatus)).toEqual([
      'prohibited',
      'unsupported',
      'blocked-transaction',
      'upcoming',
      'review',
      'exempt',
      'waived',
    ]);
  });

  it('sorts findings worst first and keeps every one', async () => {
    const parsed = JSON.parse(await render('json', sampleReport));
    expect(parsed.findings.map((f: { status: string }) => f.status)).toEqual([
      'prohibited',
      'prohibited',
      'unsupported',
      'blocked-transaction',
      'upcoming',
      'review',
      'review',
      'exempt',
      'waived',
    ]);
  });

  it('round-trips through readReport without losing anything', () => {
    for (const report of [sampleReport, cleanReport]) {
      const text = toJson(report);
      const back = readReport(text, 'saved.json');
      expect(back).toEqual(JSON.parse(text));
      expect(toJson(back)).toBe(text);
      expect(back).toEqual(JSON.parse(JSON.stringify(normalizeReport(report))));
    }
  });

  it('round-trips arbitrary strings in every free-text field', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (name, host, locator) => {
        const [first, ...rest] = sampleReport.findings;
        const f = {
          ...first!,
          product: { ...first!.product, name },
          observation: { ...first!.observation, host, origin: { ...first!.observation.origin, locator } },
        };
        const report = { ...sampleReport, findings: [f, ...rest] };
        expect(toJson(readReport(toJson(report), 'x.json'))).toBe(toJson(report));
      }),
      { numRuns: 200 },
    );
  });
});

describe('readReport', () => {
  it('locates a syntax error by line and column', () => {
    const text = toJson(cleanReport).replace('"asOf": "2024-09-20",', '"asOf": "2024-09-20"');
    const error = readError(text);
    expect(error.source).toBe('saved.json');
    expect(error.locator).toBe('line 9 column 3');
    expect(error.message).toMatch(/^saved\.json line \d+ column \d+: not valid JSON/);
  });

  it('points at the field that breaks the contract', () => {
    const data = JSON.parse(toJson(sampleReport));
    data.findings[3].status = 'banned';
    data.findings[5].match.confidence = 1.5;
    const error = readError(JSON.stringify(data));
    expect(error.locator).toBe('/findings/3/status');
    expect(error.problems[0]).toMatch(/^\/findings\/3\/status: /);
    expect(error.problems[1]).toMatch(/^\/findings\/5\/match\/confidence: /);
  });

  it('tells another report version from something that is not a report', () => {
    expect(readError(JSON.stringify({ ...cleanReport, schema: 'interdict/report@2' })).message).toMatch(
      /unsupported report version interdict\/report@2; this interdict reads interdict\/report@1/,
    );
    expect(readError('{"bomFormat":"CycloneDX"}').message).toMatch(/not an interdict report/);
    expect(readError('[1,2]').message).toMatch(/expected a JSON object/);
    expect(readError('').message).toMatch(/not valid JSON/);
  });

  it('accepts a byte-order mark and drops keys it does not know', () => {
    const data = { ...JSON.parse(toJson(cleanReport)), extra: { future: true } };
    expect(readReport(`\uFEFF${JSON.stringify(data)}`, 'bom.json')).toEqual(JSON.parse(toJson(cleanReport)));
  });
});
