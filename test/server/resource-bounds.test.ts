import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/accounts.js';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

const PASSWORD = 'correct horse battery staple';
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

/** Waits (by turns of the event loop, not by time) until the server has queued what was sent. */
async function until(condition: () => boolean) {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((r) => setImmediate(r));
  expect(condition()).toBe(true);
}

/** A body sent in pieces without Content-Length, as a chunked upload arrives. */
function chunked(text: string, pieces = 8): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / pieces);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += size)));
    },
  });
}

describe.each(STORES)('resource bounds on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(kind, {
      bodyLimit: 64 * 1024,
      maxParses: 1,
      parseQueue: 1,
      maxPasswordChecks: 1,
      passwordQueue: 1,
      retryAfter: 7,
    });
    await createUser(h.ctx.store.db, {
      tenantId: h.tenants['acme']!,
      name: 'dana',
      role: 'viewer',
      password: PASSWORD,
      actor: 'test',
    });
  });
  afterAll(async () => h?.close());

  const upload = (host: string, body: string | ReadableStream<Uint8Array>) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!, { 'content-type': 'application/json' }),
      ...(typeof body === 'string' ? {} : { duplex: 'half' }),
    } as RequestInit);
  const login = (name: string, password: string, address: string) =>
    h.app.request(
      '/api/v1/auth/login',
      {
        method: 'POST',
        body: JSON.stringify({ name, password }),
        headers: { 'content-type': 'application/json' },
      },
      from(address),
    );
  const big = () =>
    inventory(
      'big-001',
      '2025-03-01T09:00:00Z',
      Array.from({ length: 1000 }, (_, i) => ({ name: `Contoso Tool ${i}`, publisher: 'Contoso Ltd.' })),
    );

  it('answers 413 for a body over the limit, with or without Content-Length', async () => {
    expect(big().length).toBeGreaterThan(64 * 1024);
    const declared = await upload('big-001', big());
    expect(declared.status).toBe(413);
    const streamed = await upload('big-001', chunked(big()));
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: 'too-large' });
    // A streamed body under the limit is accepted whole.
    const small = inventory('chunk-001', '2025-03-01T09:00:00Z', [KES, CHROME]);
    const ok = await upload('chunk-001', chunked(small));
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  it('parses a bounded number of uploads at once, queues a few, refuses the rest with 503 + Retry-After', async () => {
    const gate = h.ctx.gates.parse;
    // A parse in progress holds the only slot.
    const release = await gate.acquire();
    const queued = upload('queued-001', inventory('queued-001', '2025-03-01T09:00:00Z', [KES]));
    await until(() => gate.waiting === 1);
    const refused = await upload('refused-001', inventory('refused-001', '2025-03-01T09:00:00Z', [KES]));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(await refused.json()).toMatchObject({ error: 'overloaded', retryAfter: 7 });
    // Health answers while parses wait, and says so.
    const health = await h.app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', parsing: 1, parsesQueued: 1 });
    release();
    expect((await queued).status).toBe(201);
    expect(gate.running).toBe(0);
    // The refused upload goes through once there is room, as an agent's retry would.
    expect(
      (await upload('refused-001', inventory('refused-001', '2025-03-01T09:00:00Z', [KES]))).status,
    ).toBe(201);
  });

  it('runs one password check at a time and answers 429 + Retry-After beyond the login queue', async () => {
    const gate = h.ctx.gates.password;
    const release = await gate.acquire();
    const waiting = login('dana', PASSWORD, '192.0.2.31');
    await until(() => gate.waiting === 1);
    // An unknown name waits for the same slot: its decoy hash costs what a real check costs.
    const refused = await login('nobody-7f3a', 'a guess that is long enough', '192.0.2.32');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    // Uploads do not wait behind logins.
    expect(
      (await upload('during-login', inventory('during-login', '2025-03-01T09:00:00Z', [CHROME]))).status,
    ).toBe(201);
    release();
    expect((await waiting).status).toBe(200);
    const unknown = login('nobody-7f3a', 'a guess that is long enough', '192.0.2.32');
    await until(() => gate.running === 1);
    expect((await unknown).status).toBe(401);
    expect(gate.running).toBe(0);
  });
});
