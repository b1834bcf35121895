import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, createToken } from '../../src/server/accounts.js';
import { createApp } from '../../src/server/app.js';
import { createServerContext } from '../../src/server/create-context.js';
import { openStore, type Store } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { bearer, PG_URL, testPack } from './harness.js';

/** A TCP hop in front of PostgreSQL that a test can cut and restore: a real outage and recovery. */
class Hop {
  #server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  port = 0;
  async open(): Promise<void> {
    const target = new URL(PG_URL!);
    this.#server = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('error', () => s.destroy());
        s.on('close', () => this.#sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }
  /** The database goes away: every connection is cut and new ones are refused. */
  async cut(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server!.close(() => resolve()));
  }
}

describe.skipIf(!PG_URL)('the server while PostgreSQL is away', () => {
  const hop = new Hop();
  const schema = `outage_${randomBytes(5).toString('hex')}`;
  const lost: Error[] = [];
  let store: Store;
  let app: ReturnType<typeof createApp>;
  let token: string;

  beforeAll(async () => {
    await hop.open();
    const url = new URL(PG_URL!);
    url.host = `127.0.0.1:${hop.port}`;
    url.searchParams.set('schema', schema);
    // Named, so the test kills its own connections and no other test's.
    url.searchParams.set('application_name', schema);
    store = await openStore(url.toString(), { poolSize: 4, onConnectionError: (e) => lost.push(e) });
    await migrateToLatest(store);
    const ctx = createServerContext({
      store,
      pack: testPack,
      config: { secureCookies: false, backgroundJobs: false },
    });
    app = createApp(ctx);
    const tenantId = await createTenant(store.db, { slug: 'acme', actor: 'test' });
    token = (await createToken(store.db, { tenantId, name: 'viewer', role: 'viewer', actor: 'test' })).token;
  });
  afterAll(async () => {
    await store?.close().catch(() => {});
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  const findings = () => app.request('/api/v1/findings', { headers: bearer(token) });

  it('answers 503 with Retry-After and says so on /healthz, then recovers by itself', async () => {
    expect((await findings()).status).toBe(200);
    await hop.cut();
    // Idle pooled connections die under the server: that must not end the process.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const away = await findings();
    expect(away.status).toBe(503);
    expect(away.headers.get('retry-after')).toBe('5');
    expect(await away.json()).toMatchObject({ error: 'unavailable' });
    const health = await app.request('/healthz');
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'unavailable', db: 'unreachable' });

    await hop.open();
    expect((await findings()).status).toBe(200);
    expect((await app.request('/healthz')).status).toBe(200);
    expect(lost.length).toBeGreaterThan(0);
  });

  it('survives pg_terminate_backend on its connections', async () => {
    expect((await findings()).status).toBe(200);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [schema],
    );
    expect(killed.rowCount).toBeGreaterThan(0);
    await admin.end();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first request may meet a connection that died; the next ones get fresh ones.
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await findings()).status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
  });
});
