import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobs, scheduleReevaluations } from '../../src/server/jobs.js';
import { createServerContext } from '../../src/server/create-context.js';
import { bearer, CHROME, createHarness, inventory, KES, STORES, testPack, type Harness } from './harness.js';

describe.each(STORES)('API on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { postInterval: 300 });
  });
  afterAll(async () => h?.close());

  const upload = (host: string, body: string, token = h.tokens['acme:agent']!) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(token, { 'content-type': 'application/json' }),
    });
  const get = (path: string, token = h.tokens['acme:viewer']!) =>
    h.app.request(path, { headers: bearer(token) });

  it('accepts an inventory (201), and the identical bytes again with 200 and the same id', async () => {
    const body = inventory('ws-0142', '2025-03-01T09:00:00Z', [KES, CHROME]);
    const first = await upload('ws-0142', body);
    expect(first.status).toBe(201);
    const a = (await first.json()) as { id: string; findings: { status: string; product: { id: string } }[] };
    expect(a.findings).toHaveLength(1);
    expect(a.findings[0]!.product.id).toBe('kaspersky-endpoint-security-windows');
    const again = await upload('ws-0142', body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(a.id);
    const host = (await (await get('/api/v1/hosts/ws-0142')).json()) as { inventories: unknown[] };
    expect(host.inventories).toHaveLength(1);
  });

  it('lists findings with the contract shape, filters and cursor paging', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await upload(`pc-${i}`, inventory(`pc-${i}`, '2025-03-01T09:00:00Z', [KES]))).status).toBe(201);
    }
    const res = await get('/api/v1/findings?status=unsupported&limit=2');
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      items: { id: string; host: string; firstSeen: string; lastSeen: string; status: string }[];
      total: number;
      next: string | null;
    };
    expect(page.total).toBe(6);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ status: 'unsupported', firstSeen: '2025-03-01T10:00:00.000Z' });
    const seen = new Set(page.items.map((i) => i.id));
    let next = page.next;
    while (next) {
      const p = (await (
        await get(`/api/v1/findings?status=unsupported&limit=2&cursor=${next}`)
      ).json()) as typeof page;
      p.items.forEach((i) => seen.add(i.id));
      next = p.next;
    }
    expect(seen.size).toBe(6);
    const byHost = (await (await get('/api/v1/findings?host=pc-3')).json()) as typeof page;
    expect(byHost.items.map((i) => i.host)).toEqual(['pc-3']);
    const byDet = (await (
      await get('/api/v1/findings?determination=icts-2021-002&limit=500')
    ).json()) as typeof page;
    expect(byDet.total).toBe(6);
    const none = (await (
      await get('/api/v1/findings?determination=no-such&product=x')
    ).json()) as typeof page;
    expect(none.total).toBe(0);
    const search = (await (
      await get('/api/v1/findings?q=ENDPOINT&sort=host&order=desc')
    ).json()) as typeof page;
    expect(search.items[0]!.host).toBe('ws-0142');
  });

  it('resolves a finding when a later inventory no longer shows it, and keeps its history', async () => {
    await h.app.request('/api/v1/hosts/pc-0/inventories', {
      method: 'POST',
      body: inventory('pc-0', '2025-03-02T09:00:00Z', [CHROME]),
      headers: bearer(h.tokens['acme:agent']!),
    });
    const all = (await (await get('/api/v1/findings?host=pc-0&state=all')).json()) as {
      items: { id: string; state: string }[];
    };
    expect(all.items).toHaveLength(1);
    expect(all.items[0]!.state).toBe('resolved');
    const detail = (await (await get(`/api/v1/findings/${all.items[0]!.id}`)).json()) as {
      history: { kind: string }[];
    };
    expect(detail.history.map((e) => e.kind)).toEqual(['opened', 'resolved']);
  });

  it('ignores an older inventory arriving late (an agent retry) for current findings', async () => {
    const res = await upload('pc-0', inventory('pc-0', '2025-02-01T09:00:00Z', [KES]));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { current: boolean }).current).toBe(false);
    const open = (await (await get('/api/v1/findings?host=pc-0')).json()) as { total: number };
    expect(open.total).toBe(0);
  });

  it('summarises counts by status, severity, hosts and history', async () => {
    const s = (await (await get('/api/v1/summary?days=3')).json()) as {
      byStatus: Record<string, number>;
      bySeverity: Record<string, number>;
      hosts: { total: number; withFindings: number };
      history: { date: string; open: number }[];
    };
    expect(s.byStatus.unsupported).toBe(5);
    expect(s.bySeverity.high).toBe(5);
    expect(s.hosts).toEqual({ total: 6, withFindings: 5 });
    expect(s.history.at(-1)).toMatchObject({ date: '2025-03-01', open: 5 });
  });

  it('applies an approved waiver in the background; the requester cannot approve it', async () => {
    const analyst = h.tokens['acme:analyst']!;
    const req = await h.app.request('/api/v1/waivers', {
      method: 'POST',
      headers: bearer(analyst, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        scope: { host: 'pc-1' },
        reason: 'isolated lab machine, replacement ordered',
        expires: '2025-12-31',
      }),
    });
    expect(req.status).toBe(201);
    const waiver = (await req.json()) as { id: string };
    const again = await h.app.request('/api/v1/waivers', {
      method: 'POST',
      headers: bearer(analyst, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        scope: { host: 'pc-2' },
        reason: 'second request too soon',
        expires: '2025-12-31',
      }),
    });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('300');
    expect(((await again.json()) as { message: string }).message).toContain('wait 300 seconds');
    const decide = (token: string) =>
      h.app.request(`/api/v1/waivers/${waiver.id}/decision`, {
        method: 'POST',
        headers: bearer(token, { 'content-type': 'application/json' }),
        body: JSON.stringify({ decision: 'approve' }),
      });
    expect((await decide(h.tokens['acme:approver']!)).status).toBe(200);
    expect((await decide(h.tokens['acme:approver2']!)).status).toBe(409);
    await scheduleReevaluations(h.ctx);
    await runJobs(h.ctx);
    const f = (await (await get('/api/v1/findings?host=pc-1')).json()) as {
      items: { status: string; waiver?: { id: string } }[];
    };
    expect(f.items[0]).toMatchObject({ status: 'waived', waiver: { id: waiver.id } });
    const audit = (await (await get('/api/v1/audit?limit=50', h.tokens['acme:admin']!)).json()) as {
      items: { action: string }[];
    };
    expect(audit.items.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'waiver.request',
        'waiver.approve',
        'findings.reevaluate',
        'inventory.bulk-import',
      ]),
    );
  });

  it('holds comments of non-approvers for approval and rate-limits them', async () => {
    const { items } = (await (await get('/api/v1/findings?host=pc-2')).json()) as { items: { id: string }[] };
    const path = `/api/v1/findings/${items[0]!.id}/comments`;
    const post = (token: string, body: string) =>
      h.app.request(path, {
        method: 'POST',
        headers: bearer(token, { 'content-type': 'application/json' }),
        body: JSON.stringify({ body }),
      });
    const c1 = await post(h.tokens['acme:viewer']!, 'This laptop belongs to the finance team.');
    expect(c1.status).toBe(201);
    const comment = (await c1.json()) as { id: string; state: string };
    expect(comment.state).toBe('pending');
    expect((await post(h.tokens['acme:viewer']!, 'again')).status).toBe(429);
    const seenByAnalyst = (await (await get(path, h.tokens['acme:analyst']!)).json()) as { items: unknown[] };
    expect(seenByAnalyst.items).toHaveLength(0);
    const mod = await h.app.request(`/api/v1/comments/${comment.id}/moderation`, {
      method: 'POST',
      headers: bearer(h.tokens['acme:approver']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({ decision: 'approve' }),
    });
    expect(mod.status).toBe(200);
    const after = (await (await get(path, h.tokens['acme:analyst']!)).json()) as {
      items: { state: string }[];
    };
    expect(after.items).toEqual([expect.objectContaining({ state: 'visible' })]);
  });

  it('serves the OpenAPI document, health and metrics', async () => {
    const doc = (await (await h.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/hosts/{host}/inventories', '/api/v1/findings', '/api/v1/summary']),
    );
    expect((await h.app.request('/healthz')).status).toBe(200);
    const metrics = await (await h.app.request('/metrics')).text();
    expect(metrics).toContain('interdict_inventories_total{result="created"}');
  });
});

describe.each(STORES)('re-evaluation on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind);
    h.clock.now = new Date('2024-09-01T10:00:00Z');
  });
  afterAll(async () => h?.close());
  const get = (path: string) => h.app.request(path, { headers: bearer(h.tokens['acme:viewer']!) });

  it('changes status when a phase date passes, without re-upload, and keeps the history', async () => {
    const res = await h.app.request('/api/v1/hosts/ws-7/inventories', {
      method: 'POST',
      body: inventory('ws-7', '2024-09-01T09:00:00Z', [KES]),
      headers: bearer(h.tokens['acme:agent']!),
    });
    expect(res.status).toBe(201);
    await scheduleReevaluations(h.ctx);
    await runJobs(h.ctx);
    const before = (await (await get('/api/v1/findings?host=ws-7')).json()) as {
      items: { id: string; status: string }[];
    };
    expect(before.items[0]!.status).toBe('upcoming');
    h.clock.now = new Date('2024-09-30T10:00:00Z');
    expect(await scheduleReevaluations(h.ctx)).toBe(1);
    expect(await scheduleReevaluations(h.ctx)).toBe(0);
    expect(await runJobs(h.ctx)).toBe(1);
    const detail = (await (await get(`/api/v1/findings/${before.items[0]!.id}`)).json()) as {
      status: string;
      lastSeen: string;
      history: { kind: string; fromStatus: string | null; toStatus: string | null }[];
    };
    expect(detail.status).toBe('unsupported');
    expect(detail.lastSeen).toBe('2024-09-01T10:00:00.000Z');
    expect(detail.history.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['opened', null, 'upcoming'],
      ['changed', 'upcoming', 'unsupported'],
    ]);
  });

  it('re-evaluates when the data pack changes', async () => {
    const pack = {
      ...testPack,
      hash: 'fixture2',
      products: testPack.products.filter((p) => p.id !== 'kaspersky-endpoint-security-windows'),
    };
    const ctx = createServerContext({ store: h.ctx.store, pack, now: () => h.clock.now });
    expect(await scheduleReevaluations(ctx)).toBe(1);
    await runJobs(ctx);
    const after = (await (await get('/api/v1/findings?host=ws-7')).json()) as {
      items: { product: { id: string } }[];
    };
    // Without the specific product the vendor-wide fallback decides, on the same stored evidence.
    expect(after.items.map((i) => i.product.id)).not.toContain('kaspersky-endpoint-security-windows');
  });
});
