import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupLink, createUser } from '../../src/server/accounts.js';
import { createHarness, STORES, type Harness } from './harness.js';

const PASSWORD = 'correct horse battery staple';
/** What `@hono/node-server` passes as the app's env: the request's socket tells the peer address. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describe.each(STORES)('password sessions on %s', (kind) => {
  let h: Harness;
  let setupSecret: string | undefined;
  beforeAll(async () => {
    h = await createHarness(kind);
    // Before any user exists (the harness's token owners are removed): the link the first start prints.
    await h.ctx.store.db.deleteFrom('users').execute();
    setupSecret = await createSetupLink(h.ctx.store.db, h.clock.now);
    await createUser(h.ctx.store.db, {
      tenantId: h.tenants['acme']!,
      name: 'carol',
      role: 'admin',
      password: PASSWORD,
      actor: 'test',
    });
  });
  afterAll(async () => h?.close());

  const login = (name: string, password: string, address = '192.0.2.10') =>
    h.app.request(
      '/api/v1/auth/login',
      {
        method: 'POST',
        body: JSON.stringify({ name, password }),
        headers: { 'content-type': 'application/json' },
      },
      from(address),
    );
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

  it('sets an HttpOnly, SameSite=Strict session cookie, Secure unless configured off', async () => {
    const res = await login('carol', PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^interdict_session=ids_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).not.toContain('Secure');
    h.ctx.config.secureCookies = true;
    try {
      expect((await login('carol', PASSWORD)).headers.get('set-cookie')).toContain('Secure');
    } finally {
      h.ctx.config.secureCookies = false;
    }
  });

  it('refuses a state-changing session request without the CSRF token, accepts it with', async () => {
    const res = await login('carol', PASSWORD);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = cookieOf(res);
    const create = (headers: Record<string, string>) =>
      h.app.request('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'ci', role: 'viewer' }),
        headers: { 'content-type': 'application/json', cookie, ...headers },
      });
    const without = await create({});
    expect(without.status).toBe(403);
    expect(((await without.json()) as { message: string }).message).toContain('X-CSRF-Token');
    expect((await create({ 'x-csrf-token': 'x'.repeat(csrfToken.length) })).status).toBe(403);
    expect((await create({ 'x-csrf-token': csrfToken })).status).toBe(201);
    // Reads need no CSRF token.
    expect((await h.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
  });

  it('revokes the session on logout', async () => {
    const res = await login('carol', PASSWORD);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = cookieOf(res);
    const out = await h.app.request('/api/v1/auth/logout', {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/interdict_session=;.*Max-Age=0/);
    // The old cookie replayed by hand is dead on the server, not only deleted in the browser.
    expect((await h.app.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await login('carol', 'not the right passphrase', '192.0.2.20');
    const unknown = await login('nobody-here', 'not the right passphrase', '192.0.2.20');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('throttles a name and address after 5 failures, then lets it in once the delay passed', async () => {
    const address = '198.51.100.7';
    for (let i = 0; i < 5; i++) expect((await login('carol', `guess number ${i}`, address)).status).toBe(401);
    const blocked = await login('carol', PASSWORD, address);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('30');
    // Unknown names are throttled the same way, so 429 does not tell which names exist.
    for (let i = 0; i < 5; i++) await login('ghost', `guess number ${i}`, address);
    expect((await login('ghost', 'anything at all', address)).status).toBe(429);
    // Another address is not locked out by someone else's guessing.
    expect((await login('carol', PASSWORD, '198.51.100.8')).status).toBe(200);
    const start = h.clock.now;
    try {
      h.clock.now = new Date(start.getTime() + 31_000);
      expect((await login('carol', PASSWORD, address)).status).toBe(200);
      // A success clears the count: one new failure does not lock again.
      expect((await login('carol', 'wrong once more', address)).status).toBe(401);
      expect((await login('carol', PASSWORD, address)).status).toBe(200);
      // Failing again once the first delay passed doubles the next one.
      for (let i = 0; i < 5; i++) await login('carol', `guess again ${i}`, address);
      expect((await login('carol', PASSWORD, address)).headers.get('retry-after')).toBe('30');
      h.clock.now = new Date(start.getTime() + 62_000);
      expect((await login('carol', 'and wrong again', address)).status).toBe(401);
      expect((await login('carol', PASSWORD, address)).headers.get('retry-after')).toBe('60');
    } finally {
      h.clock.now = start;
    }
  });

  it('creates the first admin with the one-time setup link, which then no longer works', async () => {
    expect(setupSecret).toMatch(/^idsetup_/);
    const setup = (name: string) =>
      h.app.request('/api/v1/auth/setup', {
        method: 'POST',
        body: JSON.stringify({ token: setupSecret, name, password: PASSWORD }),
        headers: { 'content-type': 'application/json' },
      });
    const first = await setup('root-admin');
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ name: 'root-admin', role: 'admin' });
    expect((await setup('second-admin')).status).toBe(401);
    expect((await login('root-admin', PASSWORD, '203.0.113.1')).status).toBe(200);
    expect((await login('second-admin', PASSWORD, '203.0.113.1')).status).toBe(401);
    // Once a user exists, a restart prints no new link.
    expect(await createSetupLink(h.ctx.store.db, h.clock.now)).toBeUndefined();
  });
});
