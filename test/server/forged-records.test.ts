import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

/** The ws-fin-014 story of issue 15: who may write a host's record, and what a resend does. */
describe.each(STORES)('compliance record on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { postInterval: 0 });
  });
  afterAll(async () => h?.close());

  const json = { 'content-type': 'application/json' };
  const upload = (host: string, body: string, token: string) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(token, json),
    });
  const openFindings = async (host: string) =>
    (
      (await (
        await h.app.request(`/api/v1/findings?host=${host}&state=open`, {
          headers: bearer(h.tokens['acme:viewer']!),
        })
      ).json()) as { total: number }
    ).total;
  const realExport = inventory('ws-fin-014', '2025-03-01T08:00:00Z', [KES, CHROME]);

  it('refuses an upload from every person role that does not hold bulk-import', async () => {
    for (const role of ['viewer', 'analyst', 'approver', 'admin']) {
      const res = await upload('ws-fin-014', realExport, h.tokens[`acme:${role}`]!);
      expect(res.status, role).toBe(403);
    }
    const hosts = (await (
      await h.app.request('/api/v1/hosts', { headers: bearer(h.tokens['acme:viewer']!) })
    ).json()) as { total: number };
    expect(hosts.total).toBe(0);
  });

  it('re-applies the real inventory when it is sent again after a different one', async () => {
    const realExport15 = inventory('ws-fin-015', '2025-03-01T08:00:00Z', [KES, CHROME]);
    const importer = h.tokens['acme:agent']!;
    expect((await upload('ws-fin-015', realExport15, importer)).status).toBe(201);
    expect(await openFindings('ws-fin-015')).toBe(1);
    const forged = inventory('ws-fin-015', '2025-03-01T09:00:00Z', [CHROME]);
    expect((await upload('ws-fin-015', forged, importer)).status).toBe(201);
    expect(await openFindings('ws-fin-015')).toBe(0);
    const again = await upload('ws-fin-015', realExport15, importer);
    expect(again.status).toBe(200);
    const body = (await again.json()) as { current: boolean; findings: { host: string; state: string }[] };
    expect(body.current).toBe(true);
    expect(body.findings.map((f) => [f.host, f.state])).toEqual([['ws-fin-015', 'open']]);
    expect(await openFindings('ws-fin-015')).toBe(1);
    // An immediate retry of the latest bytes stays a no-op: no new finding events, same answer.
    const retry = await upload('ws-fin-015', realExport15, importer);
    expect(retry.status).toBe(200);
    const host = (await (
      await h.app.request('/api/v1/hosts/ws-fin-015', { headers: bearer(h.tokens['acme:viewer']!) })
    ).json()) as { inventories: { current: boolean }[]; openFindings: number };
    expect(host.openFindings).toBe(1);
    expect(host.inventories).toHaveLength(2);
  });

  it('keeps four eyes per person: a second token of the requester cannot approve', async () => {
    const admin = h.tokens['acme:admin']!;
    const w = await h.app.request('/api/v1/waivers', {
      method: 'POST',
      headers: bearer(admin, json),
      body: JSON.stringify({ scope: { host: 'ws-fin-014' }, reason: 'lab machine', expires: '2026-01-01' }),
    });
    expect(w.status).toBe(201);
    const waiver = (await w.json()) as { id: string };
    const minted = await h.app.request('/api/v1/tokens', {
      method: 'POST',
      headers: bearer(admin, json),
      body: JSON.stringify({ name: 'my-second-token', role: 'admin' }),
    });
    expect(minted.status).toBe(201);
    const second = ((await minted.json()) as { token: string }).token;
    const decide = (token: string) =>
      h.app.request(`/api/v1/waivers/${waiver.id}/decision`, {
        method: 'POST',
        headers: bearer(token, json),
        body: JSON.stringify({ decision: 'approve' }),
      });
    expect((await decide(second)).status).toBe(403);
    expect((await decide(h.tokens['acme:approver']!)).status).toBe(200);
  });

  it('limits waiver requests per person, not per token', async () => {
    const limited = await createHarness(kind, { postInterval: 300 });
    try {
      const admin = limited.tokens['acme:admin']!;
      const request = (token: string) =>
        limited.app.request('/api/v1/waivers', {
          method: 'POST',
          headers: bearer(token, json),
          body: JSON.stringify({
            scope: { host: 'ws-fin-014' },
            reason: 'lab machine on the isolated bench',
            expires: '2026-01-01',
          }),
        });
      const first = await request(admin);
      expect(first.status, await first.clone().text()).toBe(201);
      const minted = await limited.app.request('/api/v1/tokens', {
        method: 'POST',
        headers: bearer(admin, json),
        body: JSON.stringify({ name: 'my-other-token', role: 'analyst' }),
      });
      const second = ((await minted.json()) as { token: string }).token;
      expect((await request(second)).status).toBe(429);
      expect((await request(limited.tokens['acme:analyst']!)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});
