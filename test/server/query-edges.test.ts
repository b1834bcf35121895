import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

describe.each(STORES)('search, cursors, inventories and the post interval on %s', (kind) => {
  let h: Harness;
  let findingId: string;
  beforeAll(async () => {
    h = await createHarness(kind, { postInterval: 300 });
    for (const host of ['ws_1', 'wsx1', 'db-7']) {
      const res = await upload(host, '2025-03-01T00:00:00Z', [KES]);
      expect(res.status).toBe(201);
    }
    const page = (await (await get('/api/v1/findings?host=db-7')).json()) as { items: { id: string }[] };
    findingId = page.items[0]!.id;
  });
  afterAll(async () => h?.close());
  const get = (path: string, token = h.tokens['acme:viewer']!) =>
    h.app.request(path, { headers: bearer(token) });
  const upload = (host: string, collectedAt: string, programs: Parameters<typeof inventory>[2]) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body: inventory(host, collectedAt, programs),
      headers: bearer(h.tokens['acme:agent']!),
    });
  const names = async (path: string) =>
    ((await (await get(path)).json()) as { items: { name: string }[] }).items.map((i) => i.name);

  it('takes _ and % in a search literally', async () => {
    expect(await names('/api/v1/hosts?q=_')).toEqual(['ws_1']);
    expect(await names('/api/v1/host-list?q=s_1')).toEqual(['ws_1']);
    expect(await names('/api/v1/hosts?q=%25')).toEqual([]);
    const findings = (await (await get('/api/v1/findings?q=ws_')).json()) as { items: { host: string }[] };
    expect(findings.items.map((f) => f.host)).toEqual(['ws_1']);
  });

  it.each([
    '/api/v1/findings?q=%00',
    '/api/v1/hosts?q=a%00b',
    '/api/v1/host-list?q=%00',
    '/api/v1/findings?host=%00',
  ])('answers 400 with a message to a NUL character in %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/NUL/);
  });

  it('answers 400 to a cursor of another sort order', async () => {
    const byHost = (await (await get('/api/v1/findings?state=all&sort=host&limit=1')).json()) as {
      next: string;
    };
    expect(byHost.next).toBeTruthy();
    const res = await get(`/api/v1/findings?state=all&sort=severity&cursor=${byHost.next}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/cursor/);
    const byName = (await (await get('/api/v1/host-list?sort=name&limit=1')).json()) as { next: string };
    const wrong = await get(`/api/v1/host-list?sort=openFindings&cursor=${byName.next}`);
    expect(wrong.status).toBe(400);
    const nul = Buffer.from(JSON.stringify(['a\u0000', 'x'])).toString('base64url');
    expect((await get(`/api/v1/hosts?cursor=${nul}`)).status).toBe(400);
  });

  it('marks every inventory but the latest of a host as not current', async () => {
    expect((await upload('pc-9', '2025-02-25T00:00:00Z', [KES])).status).toBe(201);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    expect((await upload('pc-9', '2025-02-28T00:00:00Z', [CHROME])).status).toBe(201);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    // Collected before the latest one: stored, but never current.
    expect((await upload('pc-9', '2025-02-26T00:00:00Z', [KES, CHROME])).status).toBe(201);
    const host = (await (await get('/api/v1/hosts/pc-9')).json()) as {
      inventories: { collectedAt: string; current: boolean }[];
    };
    const current = host.inventories.filter((i) => i.current).map((i) => i.collectedAt);
    expect(current).toEqual(['2025-02-28T00:00:00.000Z']);
    expect(host.inventories).toHaveLength(3);
  });

  it('accepts one of ten comments sent at once', async () => {
    const mine = () =>
      h.app.request(`/api/v1/findings/${findingId}/comments`, {
        method: 'POST',
        headers: bearer(h.tokens['acme:analyst']!, { 'content-type': 'application/json' }),
        body: JSON.stringify({ body: 'posted at once' }),
      });
    const statuses = (await Promise.all(Array.from({ length: 10 }, mine))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
  });
});
