import { setTimeout as delay } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/db/dialect.js';
import { inventory, KES, PG_URL, STORES } from './harness.js';
import { runCli, spawnServe, type SpawnedServer } from './spawn-server.js';

const HOSTS = 40;
const PROGRAMS = 1500;
const hostName = (i: number) => `crash-${String(i).padStart(3, '0')}`;
/** Every third host carries Kaspersky; the rest are clean. */
const hasKaspersky = (i: number) => i % 3 === 0;

function bodyOf(i: number): string {
  const programs = Array.from({ length: PROGRAMS }, (_, n) => ({
    name: `Contoso Line-of-Business Tool ${n}`,
    publisher: 'Contoso Ltd.',
    version: `${i}.${n}.0`,
  }));
  if (hasKaspersky(i)) programs[PROGRAMS - 1] = KES;
  return inventory(hostName(i), '2025-03-01T09:00:00Z', programs);
}

type Outcome = { status: number; id?: string } | { error: string };

async function upload(url: string, token: string, i: number): Promise<Outcome> {
  try {
    const res = await fetch(`${url}/api/v1/hosts/${hostName(i)}/inventories`, {
      method: 'POST',
      body: bodyOf(i),
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    const json = (await res.json()) as { id?: string };
    return { status: res.status, ...(json.id ? { id: json.id } : {}) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Reads the store as the restarted server sees it and checks that no inventory is partial. */
async function inspect(db: string) {
  const store = await openStore(db, { poolSize: 1 });
  try {
    const inventories = await store.db
      .selectFrom('inventories')
      .innerJoin('hosts', 'hosts.id', 'inventories.host_id')
      .select([
        'inventories.id',
        'hosts.name as host',
        'inventories.records',
        'inventories.findings',
        'inventories.observations',
      ])
      .execute();
    const hosts = await store.db
      .selectFrom('hosts')
      .select(['id', 'name', 'open_findings', 'last_inventory_id'])
      .execute();
    const open = await store.db
      .selectFrom('findings')
      .select(['host_name', 'inventory_id'])
      .where('state', '=', 'open')
      .execute();
    const opened = await store.db
      .selectFrom('finding_events')
      .innerJoin('findings', 'findings.id', 'finding_events.finding_id')
      .select('findings.host_name')
      .where('finding_events.kind', '=', 'opened')
      .execute();
    for (const inv of inventories) {
      const i = Number(inv.host.slice('crash-'.length));
      expect(inv.records, inv.host).toBe(PROGRAMS);
      // The stored evidence is whole: the gzip stream ends and holds every observation.
      const stored = JSON.parse(
        gunzipSync(Buffer.from(inv.observations, 'base64')).toString('utf8'),
      ) as unknown[];
      expect(stored.length, inv.host).toBe(PROGRAMS);
      expect(inv.findings > 0, inv.host).toBe(hasKaspersky(i));
    }
    for (const host of hosts) {
      const mine = open.filter((f) => f.host_name === host.name);
      const inv = inventories.find((x) => x.id === host.last_inventory_id);
      // A host row exists only with its inventory: no host without evidence, no evidence without findings.
      expect(inv, host.name).toBeDefined();
      expect(Number(host.open_findings), host.name).toBe(inv!.findings);
      expect(mine.length, host.name).toBe(inv!.findings);
      expect(mine.every((f) => f.inventory_id === inv!.id)).toBe(true);
      expect(opened.filter((e) => e.host_name === host.name).length, host.name).toBe(inv!.findings);
    }
    const counts = new Map<string, number>();
    for (const inv of inventories) counts.set(inv.host, (counts.get(inv.host) ?? 0) + 1);
    return {
      byHost: new Map(inventories.map((x) => [x.host, x.id])),
      perHost: Math.max(0, ...counts.values()),
      hosts: hosts.length,
    };
  } finally {
    await store.close();
  }
}

describe.each(STORES)('SIGKILL of serve in the middle of ingesting, on %s', (kind) => {
  let db: string;
  let cleanup: () => Promise<void>;
  let server: SpawnedServer | undefined;
  beforeAll(async () => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'interdict-crash-'));
      db = `sqlite:${join(dir, 'crash.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `crash_${randomBytes(5).toString('hex')}`;
      db = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}schema=${schema}`;
      cleanup = async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      };
    }
  });
  afterAll(async () => {
    await server?.stop();
    await cleanup?.();
  });

  it('loses nothing accepted, shows nothing half-written, and converges when every upload is sent again', async () => {
    const token = runCli([
      'admin',
      'token',
      'create',
      '--name',
      'fleet-import',
      '--role',
      'agent',
      '--bulk-import',
      '--db',
      db,
    ]);
    server = await spawnServe(db);
    const first = server;
    let killed = false;
    const outcomes = await Promise.all(
      // Staggered starts: with group commit, uploads that all arrive at once can share the first
      // commit, so spreading them guarantees some are mid-request or mid-transaction at the kill.
      Array.from({ length: HOSTS }, (_, i) =>
        delay(i * 15)
          .then(() => upload(first.url, token, i))
          .then((outcome) => {
            // Kill at the first acceptance: the others are queued or inside their transaction.
            if ('status' in outcome && outcome.status === 201 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
            return outcome;
          }),
      ),
    );
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    const accepted = new Map<number, string>();
    outcomes.forEach((o, i) => {
      if ('status' in o && (o.status === 201 || o.status === 200)) accepted.set(i, o.id!);
    });
    const failed = outcomes.filter((o) => 'error' in o).length;
    expect(accepted.size).toBeGreaterThan(0);
    expect(failed, 'the kill must land while uploads are in flight').toBeGreaterThan(0);

    // The restarted server opens the same database: crash recovery is the database's own.
    server = await spawnServe(db);
    const afterCrash = await inspect(db);
    for (const [i, id] of accepted) expect(afterCrash.byHost.get(hostName(i)), hostName(i)).toBe(id);
    expect(afterCrash.perHost).toBeLessThanOrEqual(1);

    // What the agents' retry does: send everything again, in parallel.
    const again = await Promise.all(Array.from({ length: HOSTS }, (_, i) => upload(server!.url, token, i)));
    again.forEach((o, i) => {
      expect('status' in o && o.status, hostName(i)).toBe(afterCrash.byHost.has(hostName(i)) ? 200 : 201);
      if (accepted.has(i)) expect('id' in o && o.id).toBe(accepted.get(i));
    });
    const final = await inspect(db);
    expect(final.hosts).toBe(HOSTS);
    expect(final.byHost.size).toBe(HOSTS);
    expect(final.perHost).toBe(1);
    for (const [host, id] of afterCrash.byHost) expect(final.byHost.get(host)).toBe(id);
  }, 120_000);
});
