import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/server/auth/secrets.js';
import { Gate, ServerBusy } from '../../src/server/gate.js';
import { parsingGateOf } from '../../src/server/ingest/ingest.js';
import { bearer, createHarness, inventory, KES, type Harness } from './harness.js';

describe('a gate', () => {
  it('runs at most its concurrency, queues up to its bound and refuses the rest at once', async () => {
    const gate = new Gate('jobs', 2, 1);
    const release: (() => void)[] = [];
    const job = (weight = 1) => gate.run(() => new Promise<void>((resolve) => release.push(resolve)), weight);
    const running = [job(), job(), job()];
    expect(gate.running).toBe(2);
    expect(gate.waiting).toBe(1);
    await expect(job()).rejects.toBeInstanceOf(ServerBusy);
    while (release.length) {
      release.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(running);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('lets one job heavier than its capacity run alone, and others wait for it', async () => {
    const gate = new Gate('bytes', 10, 4);
    const release: (() => void)[] = [];
    const job = (weight: number) =>
      gate.run(() => new Promise<void>((resolve) => release.push(resolve)), weight);
    const heavy = job(50);
    const light = job(1);
    expect([gate.running, gate.waiting]).toEqual([1, 1]);
    release.shift()!();
    await heavy;
    expect([gate.running, gate.waiting]).toEqual([1, 0]);
    release.shift()!();
    await light;
  });
});

describe('a flood of logins', () => {
  it('hashes one password at a time and refuses what would queue past its bound', async () => {
    // 40 logins with random names, as in the load test that starved uploads.
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => verifyPassword(`guess-${i}-password`, null)),
    );
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof ServerBusy);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(17);
    expect(refused).toHaveLength(23);
  });
});

describe('uploads beyond what the server parses at once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite', { parseBudget: 1, parseQueue: 1 });
  });
  afterAll(async () => h?.close());

  it('get 503 with Retry-After while /healthz still answers', async () => {
    const gate = parsingGateOf(h.ctx);
    // Hold the only parsing slot and the only place in the queue.
    let free!: () => void;
    const held = gate.run(() => new Promise<void>((resolve) => (free = resolve)));
    const queued = gate.run(async () => {});
    const res = await h.app.request('/api/v1/hosts/ws-1/inventories', {
      method: 'POST',
      body: inventory('ws-1', '2025-03-01T09:00:00Z', [KES]),
      headers: bearer(h.tokens['acme:agent']!, { 'content-type': 'application/json' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: 'busy' });
    expect((await h.app.request('/healthz')).status).toBe(200);
    free();
    await Promise.all([held, queued]);
    const again = await h.app.request('/api/v1/hosts/ws-1/inventories', {
      method: 'POST',
      body: inventory('ws-1', '2025-03-01T09:00:00Z', [KES]),
      headers: bearer(h.tokens['acme:agent']!, { 'content-type': 'application/json' }),
    });
    expect(again.status).toBe(201);
  });
});
