import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, hasRole } from '../../src/server/auth/roles.js';
import { ROUTE_ACCESS } from '../../src/server/routes/define.js';
import { bearer, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

/** Every route x every role x the other tenant, derived from the route table so no route is missed. */
describe.each(STORES)('authorisation matrix on %s', (kind) => {
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await createHarness(kind, { postInterval: 0 });
    const up = await h.app.request('/api/v1/hosts/secret-host/inventories', {
      method: 'POST',
      body: inventory('secret-host', '2025-03-01T00:00:00Z', [KES]),
      headers: bearer(h.tokens['acme:agent']!),
    });
    ids.finding = ((await up.json()) as { findings: { id: string }[] }).findings[0]!.id;
    const w = await h.app.request('/api/v1/waivers', {
      method: 'POST',
      headers: bearer(h.tokens['acme:analyst']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({
        scope: { host: 'secret-host' },
        reason: 'secret reason of acme',
        expires: '2026-01-01',
      }),
    });
    ids.waiver = ((await w.json()) as { id: string }).id;
    const c = await h.app.request(`/api/v1/findings/${ids.finding}/comments`, {
      method: 'POST',
      headers: bearer(h.tokens['acme:viewer']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({ body: 'secret comment' }),
    });
    ids.comment = ((await c.json()) as { id: string }).id;
    const t = await h.app.request('/api/v1/tokens', {
      method: 'POST',
      headers: bearer(h.tokens['acme:admin']!, { 'content-type': 'application/json' }),
      body: JSON.stringify({ name: 'to-revoke', role: 'viewer' }),
    });
    ids.token = ((await t.json()) as { id: string }).id;
  });
  afterAll(async () => h?.close());

  const protectedRoutes = () => ROUTE_ACCESS.filter((r) => r.role !== 'public');
  const pathFor = (path: string) =>
    path
      .replace('{host}', 'secret-host')
      .replace(/\/findings\/\{id\}/, `/findings/${ids.finding}`)
      .replace(/\/waivers\/\{id\}/, `/waivers/${ids.waiver}`)
      .replace(/\/comments\/\{id\}/, `/comments/${ids.comment}`)
      .replace(/\/tokens\/\{id\}/, `/tokens/${ids.token}`)
      .replace('{id}', 'kaspersky-endpoint-security-windows');
  const call = (r: { method: string; path: string }, headers: Record<string, string>) =>
    h.app.request(pathFor(r.path), {
      method: r.method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(r.method === 'GET' || r.method === 'DELETE'
        ? {}
        : { body: r.path.includes('inventories') ? '{"not":"an inventory"}' : '{}' }),
    });

  it('covers every route of the OpenAPI document', async () => {
    const doc = (await (await h.app.request('/api/v1/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.sort()).toEqual(ROUTE_ACCESS.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('answers 401 to every protected route without credentials or with a bad token', async () => {
    for (const r of protectedRoutes()) {
      expect((await call(r, {})).status, `${r.method} ${r.path}`).toBe(401);
      expect((await call(r, bearer('idt_forged'))).status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('answers 403 exactly when the role is too weak', async () => {
    for (const r of protectedRoutes()) {
      for (const role of ROLES) {
        const status = (await call(r, bearer(h.tokens[`acme:${role}`]!))).status;
        // Uploads follow no rank: of the harness tokens only the import token (agent) may.
        const allowed =
          r.role === 'upload' ? role === 'agent' : hasRole(role, r.role as (typeof ROLES)[number]);
        if (allowed) expect([401, 403], `${role} ${r.method} ${r.path} got ${status}`).not.toContain(status);
        else expect(status, `${role} ${r.method} ${r.path}`).toBe(403);
      }
    }
  });

  it('never shows or changes one tenant’s data to another tenant’s admin', async () => {
    for (const r of protectedRoutes()) {
      const res = await call(r, bearer(h.tokens['other:admin']!));
      const text = await res.text();
      // An upload names the caller's own host of that name, in its own tenant.
      if (r.path.includes('inventories')) continue;
      // A 404 may echo the name asked for; nothing else of acme may appear in any answer.
      expect(text, `${r.method} ${r.path}`).not.toMatch(
        res.ok ? /secret-host|secret reason|secret comment/ : /secret reason|secret comment/,
      );
      if (r.path.includes('{') && !r.path.includes('products') && !r.path.includes('determinations')) {
        expect([400, 404, 422], `${r.method} ${r.path} got ${res.status}`).toContain(res.status);
      }
    }
    const w = await h.app.request('/api/v1/waivers', { headers: bearer(h.tokens['acme:viewer']!) });
    expect(((await w.json()) as { items: { state: string }[] }).items[0]!.state).toBe('requested');
  });
});
