import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import type { Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { toArtifactUri, toSarif } from '../../src/report/sarif.js';
import { cleanReport, sampleReport } from '../fixtures/report/sample-report.js';
import { render } from './render.js';

// The official SARIF 2.1.0 schema (rtm.5, as published on SchemaStore), shipped by
// @microsoft/jest-sarif. It is draft-04; with no draft-04-only keyword in it, draft-07 Ajv
// validates it the same once the draft-04 "id" is dropped.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const { $schema: _drop, id: _id, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8'));

// The schema's language-tag pattern has a stray "]" that only non-unicode RegExp accepts.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:\S*$/i.test(s));
ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const validate = ajv.compile(schema);

describe('sarif reporter', () => {
  it('is valid against the official SARIF 2.1.0 schema', async () => {
    for (const report of [sampleReport, cleanReport]) {
      const log = JSON.parse(await render('sarif', report));
      expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    }
  });

  it('the schema check can fail', () => {
    const log = toSarif(sampleReport) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'critical';
    expect(validate(log)).toBe(false);
  });

  it('has one rule per product × determination and a result per pair', () => {
    const run = toSarif(sampleReport).runs[0]!;
    const ids = run.tool.driver.rules!.map((r) => r.id);
    expect(ids).toContain('kaspersky-endpoint-security/far-52-204-23');
    expect(ids).toContain('kaspersky-endpoint-security/icts-2021-002');
    expect(new Set(ids).size).toBe(ids.length);
    const pairs = sampleReport.findings.reduce((n, f) => n + Math.max(1, f.determinations.length), 0);
    expect(run.results).toHaveLength(pairs);
    for (const r of run.results!) expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
    const rule = run.tool.driver.rules!.find((r) => r.id === 'kaspersky-endpoint-security/far-52-204-23')!;
    expect(rule.help!.text).toContain('Citation: 48 CFR 52.204-23');
    expect(rule.help!.text).toContain('Remediation: Uninstall with the Kaspersky removal tool');
    expect(rule.defaultConfiguration!.level).toBe('error');
    expect(rule.properties!['security-severity']).toBe('9.5');
  });

  it('maps severity to level and suppresses waived findings', () => {
    const results = toSarif(sampleReport).runs[0]!.results!;
    const byRule = (id: string, host?: string) =>
      results.filter((r) => r.ruleId === id && (!host || r.properties!.host === host));
    expect(byRule('kaspersky-endpoint-security/far-52-204-23', 'WS-FIN-014')[0]!.level).toBe('error');
    expect(byRule('kaspersky-standard/icts-2021-002')[0]!.level).toBe('warning');
    expect(byRule('kaspersky-threat-intelligence-portal/icts-2021-002')[0]!.level).toBe('note');
    const waived = byRule('kaspersky-endpoint-security/far-52-204-23', 'LAB-VM-03')[0]!;
    expect(waived.level).toBe('note');
    expect(waived.suppressions).toEqual([
      expect.objectContaining({
        kind: 'external',
        status: 'accepted',
        justification: expect.stringContaining('WVR-2024-017'),
      }),
    ]);
  });

  it('locates results by line, or by JSON Pointer as a logical location', () => {
    const results = toSarif(sampleReport).runs[0]!.results!;
    const find = (id: string) => results.find((r) => r.ruleId === id) as Result;
    const dpkg = find('kaspersky-endpoint-security-linux/far-52-204-23').locations![0]!;
    expect(dpkg.physicalLocation).toEqual({
      artifactLocation: { uri: 'inventory/srv-build-02.dpkg.txt' },
      region: { startLine: 214 },
    });
    const mac = find('kaspersky-standard/icts-2021-002').locations![0]!;
    expect(mac.physicalLocation!.region).toBeUndefined();
    expect(mac.logicalLocations).toEqual([
      { fullyQualifiedName: '/SPApplicationsDataType/48', kind: 'element' },
    ]);
    const hostile = results.find((r) => String(r.properties!.host).startsWith('<script'))!;
    expect(hostile.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(
      'procurement/vendors%20%22Q3%22.csv',
    );
  });

  it('fingerprints stay the same across versions and export order, and differ across hosts', () => {
    const base = toSarif(sampleReport).runs[0]!.results!;
    const moved = structuredClone(sampleReport);
    for (const f of moved.findings) {
      f.observation.version = '99.0';
      f.observation.origin.locator = `${f.observation.origin.locator}0`;
    }
    const after = toSarif(moved).runs[0]!.results!;
    expect(after.map((r) => r.partialFingerprints)).toEqual(base.map((r) => r.partialFingerprints));
    const prints = base.map((r) => r.partialFingerprints!['interdictFinding/v1']);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('records the exit code for the threshold and the read errors as notifications', () => {
    const invocation = (failOn?: 'high' | 'never') =>
      toSarif(sampleReport, { failOn }).runs[0]!.invocations![0]!;
    expect(invocation().exitCode).toBe(1);
    expect(invocation().executionSuccessful).toBe(false);
    expect(invocation('never').exitCode).toBe(3);
    expect(invocation('never').executionSuccessful).toBe(false);
    expect(invocation().toolExecutionNotifications!.map((n) => n.message.text)).toEqual([
      'expected a string, got null',
      'unterminated quoted field',
      'absent from this dump: installer receipts were not checked',
    ]);
    expect(invocation().toolExecutionNotifications!.map((n) => n.level)).toEqual(['error', 'error', 'note']);
    const clean = toSarif(cleanReport).runs[0]!;
    expect(clean.invocations![0]!).toMatchObject({ exitCode: 0, executionSuccessful: true });
    expect(clean.results).toEqual([]);
  });

  it('keeps relative paths relative and makes drive paths file URIs', () => {
    expect(toArtifactUri('exports/fleet-software.json')).toBe('exports/fleet-software.json');
    expect(toArtifactUri('C:\\scans\\fleet #1.json')).toBe('file:///C:/scans/fleet%20%231.json');
    expect(toArtifactUri('/var/tmp/a?b.json')).toBe('/var/tmp/a%3Fb.json');
  });
});
