import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROME, inventory, KES, PG_URL } from './harness.js';
import { runCli, spawnServe, type SpawnedServer } from './spawn-server.js';

/**
 * A TCP proxy in front of PostgreSQL that the test can take away and bring back: a real outage
 * (refused connections, cut sockets) without stopping the PostgreSQL other suites share.
 */
function createPgProxy(target: { host: string; port: number }) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        sockets.add(client).add(upstream);
        const drop = () => (client.destroy(), upstream.destroy());
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server!.address();
        if (typeof address === 'object' && address) port = address.port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (server) server.close(() => resolve());
      else resolve();
    });
  return {
    open,
    close,
    get port() {
      return port;
    },
  };
}

type Outcome = { status: number; retryAfter: string | null } | { error: string };

async function upload(url: string, token: string, host: string, programs = [CHROME]): Promise<Outcome> {
  try {
    const res = await fetch(`${url}/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body: inventory(host, '2025-03-01T09:00:00Z', programs),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

async function health(url: string) {
  const res = await fetch(`${url}/healthz`);
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as object,
  };
}

/** What a client may see while the database is away: accepted, or told to come back later. */
function expectAcceptedOrRetryLater(outcomes: Outcome[]) {
  for (const o of outcomes) {
    expect('status' in o, JSON.stringify(o)).toBe(true);
    if (!('status' in o)) continue;
    if (o.status === 503) expect(Number(o.retryAfter)).toBeGreaterThan(0);
    else expect([200, 201]).toContain(o.status);
  }
}

describe.skipIf(!PG_URL)('serve on PostgreSQL when the database goes away', () => {
  const database = `interdict_outage_${randomBytes(5).toString('hex')}`;
  const admin = () => new pg.Client({ connectionString: PG_URL });
  const direct = new URL(PG_URL ?? 'postgres://localhost/x');
  const proxy = createPgProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  let server: SpawnedServer | undefined;
  let token: string;

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    const own = new URL(PG_URL!);
    own.pathname = `/${database}`;
    // runCli blocks this process, and with it the proxy: the admin command goes to PostgreSQL directly.
    token = runCli([
      'admin',
      'token',
      'create',
      '--name',
      'agents',
      '--role',
      'agent',
      '--bulk-import',
      '--db',
      String(own),
    ]);
    await proxy.open();
    const viaProxy = new URL(own);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await spawnServe(String(viaProxy));
  });
  afterAll(async () => {
    await server?.stop();
    await proxy.close();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  });

  it('survives pg_terminate_backend during uploads, answers 503 with Retry-After while away, and recovers', async () => {
    const s = server!;
    const kill = async () => {
      const client = admin();
      await client.connect();
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      await client.end();
    };
    // Warm the pool so idle connections exist when they are terminated.
    expect(await upload(s.url, token, 'warm-000')).toMatchObject({ status: 201 });
    const during = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        upload(s.url, token, `term-${String(i).padStart(3, '0')}`, [KES]),
      ).concat([kill().then(() => ({ status: 201, retryAfter: null }))]),
    );
    await kill();
    expect(s.child.exitCode, 'the server process must survive terminated connections').toBeNull();
    expectAcceptedOrRetryLater(during);

    await proxy.close();
    const away = await health(s.url);
    expect(away.status).toBe(503);
    expect(away.body).toMatchObject({ status: 'degraded', db: 'unreachable' });
    expect(Number(away.retryAfter)).toBeGreaterThan(0);
    const refused = await upload(s.url, token, 'away-000');
    expect(refused).toMatchObject({ status: 503 });
    expectAcceptedOrRetryLater([refused]);
    expect(s.child.exitCode).toBeNull();

    await proxy.open();
    let back = await health(s.url);
    for (let i = 0; i < 50 && back.status !== 200; i++) {
      await delay(100);
      back = await health(s.url);
    }
    expect(back.body).toMatchObject({ status: 'ok' });
    const after = await Promise.all(
      Array.from({ length: 20 }, (_, i) => upload(s.url, token, `after-${String(i).padStart(3, '0')}`)),
    );
    for (const o of after) expect(o).toMatchObject({ status: 201 });
    expect(s.child.exitCode).toBeNull();
  }, 120_000);
});
