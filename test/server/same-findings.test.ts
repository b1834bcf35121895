import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { scan } from '../../src/scan.js';
import { bearer, createHarness, inventory, KES, STORES, testPack, type Harness } from './harness.js';

// One host's inventory holding the same program twice under two publishers, once more verbatim,
// and a second program: the CLI and the server must tell the same findings from it.
const body = inventory('ws-fin-014', '2025-03-01T09:00:00Z', [
  KES,
  { ...KES, publisher: 'Kaspersky Lab' },
  KES,
  { name: 'Kaspersky Endpoint Security for Windows (x86)', publisher: 'AO Kaspersky Lab', version: '11.1' },
]);

function shape(findings: readonly Finding[]) {
  return findings
    .map((f) => ({
      status: f.status,
      product: f.product.id,
      name: f.observation.name,
      sightings: (f.sightings ?? []).map((s) => [
        s.observation.publisher,
        s.observation.origin.locator,
        s.repeats,
      ]),
    }))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}

describe.each(STORES)('CLI and server on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => h?.close());

  it('give the same findings, with the same sightings, for the same evidence', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'interdict-same-')), 'inventory.json');
    writeFileSync(file, body);
    const report = await scan({ targets: [file], pack: testPack, asOf: '2025-03-01' });
    const res = await h.app.request('/api/v1/hosts/ws-fin-014/inventories', {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!, { 'content-type': 'application/json' }),
    });
    expect(res.status).toBe(201);
    const listed = (await (
      await h.app.request('/api/v1/findings?host=ws-fin-014', { headers: bearer(h.tokens['acme:viewer']!) })
    ).json()) as { items: Finding[] };
    expect(report.findings).toHaveLength(2);
    expect(report.findings.find((f) => f.sightings)?.sightings).toHaveLength(2);
    expect(shape(listed.items)).toEqual(shape(report.findings));
  });
});
