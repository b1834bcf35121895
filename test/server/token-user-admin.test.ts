import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, createUser } from '../../src/server/accounts.js';
import { setUserDisabled, setUserRole } from '../../src/server/auth/user-admin.js';
import { verifyAuditChain } from '../../src/server/audit-verify.js';
import { bearer, createHarness, STORES, type Harness } from './harness.js';

const PASSWORD = 'correct horse battery staple';
const HOUR = 3_600_000;

interface Token {
  id: string;
  name: string;
  role: string;
  user: string | null;
  expiresAt: string | null;
  state: string;
}
interface User {
  id: string;
  name: string;
  role: string;
  disabled: boolean;
}

/** Expiry, listing, revocation and disabling over the HTTP API, each audited and tenant-scoped. */
describe.each(STORES)('managing tokens and users on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, { postInterval: 0 });
  });
  afterAll(async () => h?.close());

  const call = (token: string, method: string, path: string, body?: unknown) =>
    h.app.request(`/api/v1${path}`, {
      method,
      headers: bearer(token, { 'content-type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const admin = (method: string, path: string, body?: unknown) =>
    call(h.tokens['acme:admin']!, method, path, body);
  const tokens = async (tenant = 'acme') =>
    ((await (await call(h.tokens[`${tenant}:admin`]!, 'GET', '/tokens')).json()) as { items: Token[] }).items;
  const users = async (tenant = 'acme') =>
    ((await (await call(h.tokens[`${tenant}:admin`]!, 'GET', '/users')).json()) as { items: User[] }).items;
  const userId = async (name: string) => (await users()).find((u) => u.name === name)!.id;
  const auditOf = async (subjectId: string) =>
    (
      await h.ctx.store.db
        .selectFrom('audit_log')
        .select(['action', 'actor', 'tenant_id', 'before', 'after'])
        .where('subject_id', '=', subjectId)
        .orderBy('seq')
        .execute()
    ).map((r) => ({ ...r, before: JSON.parse(r.before ?? 'null'), after: JSON.parse(r.after ?? 'null') }));
  const create = async (body: Record<string, unknown>) => {
    const res = await admin('POST', '/tokens', body);
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { id: string; token: string; expiresAt: string | null };
  };
  const later = (ms: number) => new Date(h.clock.now.getTime() + ms).toISOString();

  it('refuses a token once its expiry passed, saying so, on the clock of the server', async () => {
    const t = await create({ name: 'ci-90d', role: 'viewer', expiresAt: later(2 * HOUR) });
    expect(t.expiresAt).toBe(later(2 * HOUR));
    expect((await call(t.token, 'GET', '/summary')).status).toBe(200);
    const start = h.clock.now;
    try {
      h.clock.now = new Date(start.getTime() + 2 * HOUR - 1);
      expect((await call(t.token, 'GET', '/summary')).status).toBe(200);
      h.clock.now = new Date(start.getTime() + 2 * HOUR);
      const res = await call(t.token, 'GET', '/summary');
      expect(res.status).toBe(401);
      expect(((await res.json()) as { message: string }).message).toMatch(/^this token expired at 2025-/);
      expect((await tokens()).find((x) => x.id === t.id)).toMatchObject({
        state: 'expired',
        user: 'acme-admin',
      });
    } finally {
      h.clock.now = start;
    }
    expect((await auditOf(t.id))[0]).toMatchObject({
      action: 'token.create',
      actor: 'token:acme-admin',
      after: { expires_at: later(2 * HOUR) },
    });
  });

  it('refuses an expiry in the past, and tokens without one never expire', async () => {
    const past = await admin('POST', '/tokens', { name: 'late', role: 'viewer', expiresAt: later(-1000) });
    expect(past.status).toBe(422);
    expect(((await past.json()) as { message: string }).message).toContain('not in the future');
    expect((await admin('POST', '/tokens', { name: 'x', role: 'viewer', expiresAt: 'soon' })).status).toBe(
      400,
    );
    const forever = await create({ name: 'forever', role: 'viewer' });
    expect(forever.expiresAt).toBeNull();
    const start = h.clock.now;
    try {
      h.clock.now = new Date(start.getTime() + 3650 * 24 * HOUR);
      expect((await call(forever.token, 'GET', '/summary')).status).toBe(200);
    } finally {
      h.clock.now = start;
    }
  });

  it('expires a live token now or later, audited; an expired one stays expired', async () => {
    const t = await create({ name: 'to-expire', role: 'viewer' });
    const soon = await admin('PATCH', `/tokens/${t.id}`, { expiresAt: later(HOUR) });
    expect(await soon.json()).toEqual({ id: t.id, expiresAt: later(HOUR) });
    expect((await call(t.token, 'GET', '/summary')).status).toBe(200);
    const now = await admin('PATCH', `/tokens/${t.id}`, { expiresAt: 'now' });
    expect(now.status).toBe(200);
    expect((await call(t.token, 'GET', '/summary')).status).toBe(401);
    const revive = await admin('PATCH', `/tokens/${t.id}`, { expiresAt: later(HOUR) });
    expect(revive.status).toBe(422);
    expect(((await revive.json()) as { message: string }).message).toContain('create a new one');
    expect((await auditOf(t.id)).map((e) => [e.action, e.before, e.after])).toEqual([
      [
        'token.create',
        null,
        { name: 'to-expire', role: 'viewer', host_id: null, user_id: expect.any(String), bulk_import: 0 },
      ],
      ['token.expire', { expires_at: null }, { expires_at: later(HOUR) }],
      ['token.expire', { expires_at: later(HOUR) }, { expires_at: h.clock.now.toISOString() }],
    ]);
  });

  it('revokes a token once, audited; a second revoke and an unknown id are 404', async () => {
    const t = await create({ name: 'to-revoke', role: 'viewer' });
    expect((await admin('DELETE', `/tokens/${t.id}`)).status).toBe(204);
    expect((await call(t.token, 'GET', '/summary')).status).toBe(401);
    expect((await admin('DELETE', `/tokens/${t.id}`)).status).toBe(404);
    expect((await admin('DELETE', '/tokens/no-such-token')).status).toBe(404);
    expect((await admin('PATCH', '/tokens/no-such-token', { expiresAt: 'now' })).status).toBe(404);
    expect((await auditOf(t.id)).map((e) => e.action)).toEqual(['token.create', 'token.revoke']);
    expect((await tokens()).find((x) => x.id === t.id)!.state).toBe('revoked');
  });

  it('disables a user: sessions end, tokens are refused until enabled again', async () => {
    await createUser(h.ctx.store.db, {
      tenantId: h.tenants['acme']!,
      name: 'dora',
      role: 'analyst',
      password: PASSWORD,
      actor: 'test',
    });
    const login = await h.app.request('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ name: 'dora', password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await h.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
    const analyst = h.tokens['acme:analyst']!;
    const doraId = await userId('dora');
    const analystId = await userId('acme-analyst');

    const off = await admin('PATCH', `/users/${doraId}`, { disabled: true });
    expect(await off.json()).toMatchObject({ name: 'dora', disabled: true });
    expect((await h.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect((await admin('PATCH', `/users/${analystId}`, { disabled: true })).status).toBe(200);
    const refused = await call(analyst, 'GET', '/summary');
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toContain('belongs to is disabled');
    expect((await tokens()).find((t) => t.name === 'acme-analyst')!.state).toBe('owner-disabled');
    // A disabled user cannot log in either.
    const again = await h.app.request('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ name: 'dora', password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
    });
    expect(again.status).toBe(401);

    expect((await admin('PATCH', `/users/${analystId}`, { disabled: false })).status).toBe(200);
    expect((await call(analyst, 'GET', '/summary')).status).toBe(200);
    // Ended sessions stay ended: the person logs in anew.
    await admin('PATCH', `/users/${doraId}`, { disabled: false });
    expect((await h.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
    expect((await auditOf('dora')).map((e) => [e.action, e.after])).toEqual([
      ['user.create', { name: 'dora', role: 'analyst' }],
      ['session.login', null],
      ['user.disable', { disabled: true, sessionsEnded: 1 }],
      ['user.enable', { disabled: false }],
    ]);
  });

  it('demotes a user and their tokens with them; keeps the last admin and the caller', async () => {
    const approverId = await userId('acme-approver');
    const approver = h.tokens['acme:approver']!;
    const me = async () => ((await (await call(approver, 'GET', '/me')).json()) as { role: string }).role;
    expect(await me()).toBe('approver');
    const down = await admin('PATCH', `/users/${approverId}`, { role: 'viewer' });
    expect(await down.json()).toMatchObject({ role: 'viewer' });
    expect(await me()).toBe('viewer');
    expect((await call(approver, 'POST', '/waivers', {})).status).toBe(403);
    await admin('PATCH', `/users/${approverId}`, { role: 'approver' });
    expect(await me()).toBe('approver');

    const adminId = await userId('acme-admin');
    for (const body of [{ disabled: true }, { role: 'viewer' }]) {
      const res = await admin('PATCH', `/users/${adminId}`, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(((await res.json()) as { message: string }).message).toMatch(/yourself/);
    }
    // A second admin may disable the first; then the second is the last one and stays.
    const erin = await admin('POST', '/users', { name: 'erin', password: PASSWORD, role: 'admin' });
    const erinId = ((await erin.json()) as { id: string }).id;
    const { token: erinToken } = await createToken(h.ctx.store.db, {
      tenantId: h.tenants['acme']!,
      name: 'erin-admin',
      role: 'admin',
      userId: erinId,
      actor: 'test',
    });
    expect((await call(erinToken, 'PATCH', `/users/${adminId}`, { disabled: true })).status).toBe(200);
    expect((await admin('GET', '/users')).status).toBe(401);
    const change = { tenantId: h.tenants['acme']!, user: { id: erinId }, actor: 'test', now: h.clock.now };
    await expect(setUserDisabled(h.ctx.store.db, { ...change, disabled: true })).rejects.toThrow(
      'erin is the last enabled admin of this tenant',
    );
    await expect(setUserRole(h.ctx.store.db, { ...change, role: 'viewer' })).rejects.toThrow(
      'last enabled admin',
    );
    expect((await call(erinToken, 'PATCH', `/users/${adminId}`, { disabled: false })).status).toBe(200);
    expect((await admin('PATCH', `/users/${erinId}`, { disabled: true })).status).toBe(200);
    // A token cannot be made above its owner's role.
    await expect(
      createToken(h.ctx.store.db, { ...change, name: 'too-strong', role: 'admin', userId: approverId }),
    ).rejects.toThrow("a token with the admin role is above acme-approver's role approver");
    expect((await admin('PATCH', `/users/${approverId}`, {})).status).toBe(400);
  });

  it('never lists or changes another tenant’s tokens and users', async () => {
    const acmeTokens = await tokens('acme');
    const acmeUsers = await users('acme');
    const otherTokens = await tokens('other');
    const otherUsers = await users('other');
    expect(otherTokens.length).toBeGreaterThan(0);
    expect(otherTokens.map((t) => t.id)).not.toEqual(expect.arrayContaining([acmeTokens[0]!.id]));
    expect(otherTokens.every((t) => t.name.startsWith('other-'))).toBe(true);
    expect(otherUsers.every((u) => u.name.startsWith('other-'))).toBe(true);
    const victimToken = acmeTokens.find((t) => t.name === 'acme-viewer')!;
    const victimUser = acmeUsers.find((u) => u.name === 'acme-viewer')!;
    const other = (method: string, path: string, body?: unknown) =>
      call(h.tokens['other:admin']!, method, path, body);
    expect((await other('DELETE', `/tokens/${victimToken.id}`)).status).toBe(404);
    expect((await other('PATCH', `/tokens/${victimToken.id}`, { expiresAt: 'now' })).status).toBe(404);
    expect((await other('PATCH', `/users/${victimUser.id}`, { disabled: true })).status).toBe(404);
    expect((await other('PATCH', `/users/${victimUser.id}`, { role: 'admin' })).status).toBe(404);
    expect((await call(h.tokens['acme:viewer']!, 'GET', '/summary')).status).toBe(200);
    expect((await users('acme')).find((u) => u.name === 'acme-viewer')).toMatchObject({
      role: 'viewer',
      disabled: false,
    });
    expect(
      await h.ctx.store.db
        .selectFrom('audit_log')
        .select('id')
        .where('subject_id', 'in', [victimToken.id, victimUser.name])
        .where('action', '!=', 'token.create')
        .execute(),
    ).toEqual([]);
  });

  it('gives the tenant admin only: 403 for every other role', async () => {
    for (const role of ['viewer', 'analyst', 'approver']) {
      const token = h.tokens[`acme:${role}`]!;
      expect((await call(token, 'GET', '/tokens')).status).toBe(403);
      expect((await call(token, 'GET', '/users')).status).toBe(403);
      expect(
        (await call(token, 'PATCH', `/users/${await userId('acme-viewer')}`, { disabled: true })).status,
      ).toBe(403);
    }
  });

  it('leaves one valid audit chain', async () => {
    expect(await verifyAuditChain(h.ctx.store.db)).toMatchObject({ ok: true });
  });
});
