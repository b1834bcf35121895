import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

const INJECTIONS = [
  "' OR '1'='1",
  "x'; DROP TABLE findings; --",
  '%',
  '_',
  '\\',
  '") OR 1=1 --',
  "unsupported' UNION SELECT * FROM api_tokens --",
];

describe.each(STORES)('hostile input on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { bodyLimit: 64 * 1024, maxObservations: 50 });
    await h.app.request('/api/v1/hosts/ws-1/inventories', {
      method: 'POST',
      body: inventory('ws-1', '2025-03-01T00:00:00Z', [KES]),
      headers: bearer(h.tokens['acme:agent']!),
    });
  });
  afterAll(async () => h?.close());
  const get = (path: string) => h.app.request(path, { headers: bearer(h.tokens['acme:viewer']!) });
  const upload = (body: string | Uint8Array, host = 'ws-2') =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!),
    });

  it.each(['host', 'product', 'determination', 'q', 'cursor', 'status', 'since', 'sort'])(
    'treats SQL in the %s filter as data',
    async (param) => {
      for (const value of INJECTIONS) {
        const res = await get(`/api/v1/findings?${param}=${encodeURIComponent(value)}`);
        expect([200, 400], `${param}=${value}`).toContain(res.status);
        if (res.status === 200) expect(((await res.json()) as { total: number }).total).toBe(0);
      }
      const still = (await (await get('/api/v1/findings')).json()) as { total: number };
      expect(still.total).toBe(1);
    },
  );

  it('refuses a body over the limit with 413', async () => {
    const res = await upload('x'.repeat(65 * 1024));
    expect(res.status).toBe(413);
  });

  it('refuses too many observations with 413 and stores nothing', async () => {
    const many = inventory(
      'ws-2',
      '2025-03-01T00:00:00Z',
      Array.from({ length: 60 }, (_, i) => ({ name: `pkg-${i}` })),
    );
    expect((await upload(many)).status).toBe(413);
    expect((await get('/api/v1/hosts/ws-2')).status).toBe(404);
  });

  it.each([
    ['binary', new Uint8Array([0, 1, 2, 255, 254, 0, 0])],
    [
      'truncated JSON',
      '{"schema":"interdict/inventory@1","host":"ws-2","collectedAt":"2025-03-01T00:00:00Z","observations":[{"kind":"prog',
    ],
    [
      'wrong schema version',
      '{"schema":"interdict/inventory@9","host":"ws-2","collectedAt":"2025-03-01T00:00:00Z","observations":[]}',
    ],
    [
      'prototype pollution',
      '{"schema":"interdict/inventory@1","host":"ws-2","collectedAt":"2025-03-01T00:00:00Z","observations":[{"kind":"program","__proto__":{"admin":true}}]}',
    ],
    ['empty', ''],
  ])('answers 422 with located errors to %s and stores nothing', async (_name, body) => {
    const res = await upload(body);
    expect(res.status).toBe(422);
    const json = (await res.json()) as { errors: { locator: string; message: string }[] };
    expect(json.errors[0]!.message.length).toBeGreaterThan(0);
    expect((await get('/api/v1/hosts/ws-2')).status).toBe(404);
  });

  it('rejects host names that are not host names', async () => {
    for (const host of ['..%2F..%2Fetc', '%27%20OR%201%3D1', 'a'.repeat(300)]) {
      expect((await upload(inventory('x', '2025-03-01T00:00:00Z', [KES]), host)).status).toBe(400);
    }
  });

  it('keeps a good inventory with one bad record, and reports where', async () => {
    const body = JSON.stringify({
      schema: 'interdict/inventory@1',
      host: 'ws-3',
      collectedAt: '2025-03-01T00:00:00Z',
      observations: [{ kind: 'program', ...KES }, { kind: 'rocket' }],
    });
    const res = await upload(body, 'ws-3');
    expect(res.status).toBe(201);
    const json = (await res.json()) as { errors: { locator: string }[]; findings: unknown[] };
    expect(json.errors[0]!.locator).toBe('/observations/1/kind');
    expect(json.findings).toHaveLength(1);
  });
});
