import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

describe.each(STORES)('host enrolment on %s', (kind) => {
  let h: Harness;
  let secret: string;
  beforeAll(async () => {
    h = await createHarness(kind, { postInterval: 0 });
    const res = await h.app.request('/api/v1/enroll-secrets', {
      method: 'POST',
      headers: bearer(h.tokens['acme:admin']!, json),
      body: JSON.stringify({ name: 'laptops-2025' }),
    });
    expect(res.status).toBe(201);
    secret = ((await res.json()) as { secret: string }).secret;
  });
  afterAll(async () => h?.close());

  const json = { 'content-type': 'application/json' };
  const enrol = (host: string, s = secret) =>
    h.app.request('/api/v1/enroll', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ secret: s, host }),
    });
  const upload = (host: string, body: string, token: string) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(token, json),
    });
  const credentialOf = async (res: Response) => ((await res.json()) as { token: string }).token;
  const audit = async () =>
    (
      (await (
        await h.app.request('/api/v1/audit?limit=1000', { headers: bearer(h.tokens['acme:admin']!) })
      ).json()) as { items: { actor: string; action: string; subjectId: string }[] }
    ).items;

  it('gives an enrolled host a credential that uploads for that host only', async () => {
    const fin = await enrol('ws-fin-014');
    expect(fin.status).toBe(201);
    const finToken = await credentialOf(fin);
    const laptop = await credentialOf(await enrol('ws-lap-007'));
    const real = inventory('ws-fin-014', '2025-03-01T08:00:00Z', [KES, CHROME]);
    expect((await upload('ws-fin-014', real, finToken)).status).toBe(201);
    // The laptop's own credential cannot write ws-fin-014's record.
    const forged = await upload(
      'ws-fin-014',
      inventory('ws-fin-014', '2025-03-01T09:00:00Z', [CHROME]),
      laptop,
    );
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { message: string }).message).toContain('ws-lap-007');
    const findings = (await (
      await h.app.request('/api/v1/findings?host=ws-fin-014&state=open', {
        headers: bearer(h.tokens['acme:viewer']!),
      })
    ).json()) as { total: number };
    expect(findings.total).toBe(1);
    expect(
      (await upload('ws-lap-007', inventory('ws-lap-007', '2025-03-01T09:00:00Z', [CHROME]), laptop)).status,
    ).toBe(201);
    // A host credential reads nothing.
    expect((await h.app.request('/api/v1/findings', { headers: bearer(laptop) })).status).toBe(403);
    const entry = (await audit()).find(
      (a) => a.action === 'inventory.accept' && a.subjectId === 'ws-fin-014',
    );
    expect(entry?.actor).toBe('host:ws-fin-014');
  });

  it('refuses a second enrolment of a taken name until an admin revokes its credential', async () => {
    const taken = await enrol('ws-fin-014');
    expect(taken.status).toBe(409);
    const tokens = (await (
      await h.app.request('/api/v1/tokens', { headers: bearer(h.tokens['acme:admin']!) })
    ).json()) as { items: { id: string; host: string | null; role: string; revokedAt: string | null }[] };
    const credential = tokens.items.find((t) => t.host === 'ws-fin-014' && !t.revokedAt)!;
    expect(credential.role).toBe('agent');
    const revoke = await h.app.request(`/api/v1/tokens/${credential.id}`, {
      method: 'DELETE',
      headers: bearer(h.tokens['acme:admin']!),
    });
    expect(revoke.status).toBe(204);
    expect((await enrol('ws-fin-014')).status).toBe(201);
  });

  it('refuses an unknown, revoked or other tenant’s secret, and bad host names', async () => {
    expect((await enrol('ws-new-001', 'idenroll_not-issued')).status).toBe(401);
    expect((await enrol('bad name!')).status).toBe(422);
    const made = await h.app.request('/api/v1/enroll-secrets', {
      method: 'POST',
      headers: bearer(h.tokens['other:admin']!, json),
      body: JSON.stringify({ name: 'other-fleet' }),
    });
    const other = (await made.json()) as { id: string; secret: string };
    const otherHost = await credentialOf(await enrol('ws-fin-014', other.secret));
    // Same name, other tenant: its credential writes that tenant's host, never acme's.
    expect(
      (await upload('ws-fin-014', inventory('ws-fin-014', '2025-03-01T10:00:00Z', []), otherHost)).status,
    ).toBe(201);
    const acmeHost = (await (
      await h.app.request('/api/v1/hosts/ws-fin-014', { headers: bearer(h.tokens['acme:viewer']!) })
    ).json()) as { openFindings: number };
    expect(acmeHost.openFindings).toBe(1);
    const listed = (await (
      await h.app.request('/api/v1/enroll-secrets', { headers: bearer(h.tokens['other:admin']!) })
    ).json()) as { items: { name: string }[] };
    expect(listed.items.map((i) => i.name)).toEqual(['other-fleet']);
    const del = (token: string) =>
      h.app.request(`/api/v1/enroll-secrets/${other.id}`, { method: 'DELETE', headers: bearer(token) });
    expect((await del(h.tokens['acme:admin']!)).status).toBe(404);
    expect((await del(h.tokens['other:admin']!)).status).toBe(204);
    expect((await enrol('ws-new-002', other.secret)).status).toBe(401);
  });

  it('lets a bulk-import token upload for named hosts and audits each with actor and host', async () => {
    const made = await h.app.request('/api/v1/tokens', {
      method: 'POST',
      headers: bearer(h.tokens['acme:admin']!, json),
      body: JSON.stringify({ name: 'fleet-import', role: 'agent', bulkImport: true }),
    });
    expect(made.status).toBe(201);
    const importer = ((await made.json()) as { token: string }).token;
    for (const host of ['fl-01', 'fl-02'])
      expect((await upload(host, inventory(host, '2025-03-01T08:00:00Z', [KES]), importer)).status).toBe(201);
    expect((await upload('fl-01', inventory('fl-01', '2025-03-01T08:00:00Z', [KES]), importer)).status).toBe(
      200,
    );
    const bulk = (await audit()).filter((a) => a.action === 'inventory.bulk-import');
    expect(bulk.map((a) => [a.actor, a.subjectId])).toEqual([
      ['token:fleet-import', 'fl-01'],
      ['token:fleet-import', 'fl-02'],
      ['token:fleet-import', 'fl-01'],
    ]);
    // An agent token without bulk-import or a host is refused: credentials come from enrolment.
    const plain = await h.app.request('/api/v1/tokens', {
      method: 'POST',
      headers: bearer(h.tokens['acme:admin']!, json),
      body: JSON.stringify({ name: 'agents', role: 'agent' }),
    });
    expect(plain.status).toBe(422);
  });
});
