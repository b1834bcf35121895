import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, testPack, type Harness } from './harness.js';

const repo = 'example-org/detections:rules/kes.yml@0123456789abcdef0123456789abcdef01234567';
const pack = {
  ...testPack,
  sources: [
    {
      id: 'test',
      title: 'A pinned detection rule',
      repo,
      accessed: '2026-12-07',
      kind: 'repository' as const,
    },
  ],
};

describe('catalog sources over the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite', {}, pack);
  });
  afterAll(async () => h?.close());

  it('gives a source cited by a repo locator with that locator, so a reader can follow it', async () => {
    const r = await h.app.request('/api/v1/products/kaspersky-endpoint-security-windows', {
      headers: bearer(h.tokens['acme:viewer']!),
    });
    expect(r.status).toBe(200);
    const product = (await r.json()) as { sources: unknown[] };
    expect(product.sources).toEqual([{ id: 'test', title: 'A pinned detection rule', repo }]);
  });
});
