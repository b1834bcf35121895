import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import {
  AgentAuthError,
  collectToSpool,
  flushSpool,
  type AgentOptions,
} from '../../src/server/agent/agent.js';
import { createSpool, type Spool } from '../../src/server/agent/spool.js';
import { createHarness, inventory, KES, type Harness } from './harness.js';

/** Serves `fetch` on 127.0.0.1 on a free port; the agent talks to it over real TCP. */
async function listen(fetch: (req: Request) => Response | Promise<Response>) {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('agent spool against a real local server', () => {
  let h: Harness;
  let dir: string;
  let spool: Spool;
  const closers: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    h = await createHarness('sqlite', { bodyLimit: 256 * 1024 });
  });
  afterAll(async () => h?.close());
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Agent options with a recorded sleep, pinned jitter and a request counter. */
  function agent(server: string, token = h.tokens['acme:agent']!) {
    dir = mkdtempSync(join(tmpdir(), 'interdict-spool-'));
    spool = createSpool(dir);
    const waits: number[] = [];
    const calls: number[] = [];
    const options: AgentOptions = {
      server,
      token,
      spool,
      host: 'ws-agent',
      collect: async function* () {},
      log: () => undefined,
      retry: { baseMs: 100, maxMs: 1000, attempts: 5 },
      random: () => 1,
      sleep: async (ms) => void waits.push(ms),
      fetch: async (url, init) => {
        const res = await fetch(url, init);
        calls.push(res.status);
        return res;
      },
    };
    return { options, waits, calls };
  }
  const pending = () => readdirSync(dir).filter((f) => f.endsWith('.inventory.json'));
  const rejected = () => (existsSync(join(dir, 'rejected')) ? readdirSync(join(dir, 'rejected')) : []);

  it('keeps the inventory while nothing listens, backs off exponentially, sends it once the server is up', async () => {
    const gone = await listen(() => new Response(null));
    await gone.close();
    const { options, waits, calls } = agent(gone.url);
    await spool.add(
      '2025-03-01T09-00-00-000Z-ws-agent',
      inventory('ws-agent', '2025-03-01T09:00:00Z', [KES]),
    );
    expect(await flushSpool(options)).toBe(1);
    expect(calls).toEqual([]);
    expect(waits).toEqual([100, 200, 400, 800, 1000]);
    expect(pending()).toHaveLength(1);

    const up = await listen(h.app.fetch);
    closers.push(up.close);
    expect(await flushSpool({ ...options, server: up.url })).toBe(0);
    expect(calls).toEqual([201]);
    expect(pending()).toEqual([]);
  });

  it('retries on 5xx, deleting the file only after the 201, and once again gets 200 for the same bytes', async () => {
    let failures = 3;
    let presentDuringFailures = true;
    const flaky = await listen((req) =>
      failures-- > 0 ? new Response('database restarting', { status: 503 }) : h.app.fetch(req),
    );
    closers.push(flaky.close);
    const { options, waits, calls } = agent(flaky.url);
    const body = inventory('ws-agent', '2025-03-01T10:00:00Z', [KES]);
    await spool.add('a', body);
    const sleep = options.sleep!;
    options.sleep = async (ms) => {
      presentDuringFailures &&= pending().length === 1;
      await sleep(ms);
    };
    expect(await flushSpool(options)).toBe(0);
    expect(presentDuringFailures).toBe(true);
    expect(calls).toEqual([503, 503, 503, 201]);
    expect(waits).toEqual([100, 200, 400]);
    // The agent crashed after the server committed but before it deleted the file: the resend is a no-op.
    await spool.add('b', body);
    expect(await flushSpool(options)).toBe(0);
    expect(calls.at(-1)).toBe(200);
    expect(pending()).toEqual([]);
  });

  it('believes Retry-After on 429 within its ceiling', async () => {
    let busy = 1;
    const server = await listen((req) =>
      busy-- > 0
        ? new Response('slow down', { status: 429, headers: { 'retry-after': '0.25' } })
        : h.app.fetch(req),
    );
    closers.push(server.close);
    const { options, waits, calls } = agent(server.url);
    await spool.add('a', inventory('ws-agent', '2025-03-01T11:00:00Z', [KES]));
    expect(await flushSpool(options)).toBe(0);
    expect(calls).toEqual([429, 201]);
    expect(waits).toEqual([250]);
  });

  it.each([
    ['422 (nothing readable)', 'this is not an inventory in any format\n', 422],
    ['413 (too large)', inventory('ws-agent', '2025-03-01T12:00:00Z', [KES]).padEnd(300 * 1024, ' '), 413],
  ])('sets aside a %s without retrying, and goes on with the next file', async (_label, body, status) => {
    const server = await listen(h.app.fetch);
    closers.push(server.close);
    const { options, waits, calls } = agent(server.url);
    await spool.add('1-bad', body);
    await spool.add('2-good', inventory('ws-agent', '2025-03-02T12:00:00Z', [KES]));
    const log: string[] = [];
    expect(await flushSpool({ ...options, log: (m) => log.push(m) })).toBe(0);
    expect(calls).toEqual([status, expect.any(Number)]);
    expect(waits).toEqual([]);
    expect(rejected()).toEqual(['1-bad.inventory.json']);
    expect(pending()).toEqual([]);
    expect(log.join('\n')).toContain(`server rejected 1-bad.inventory.json (${status})`);
  });

  it('stops on 401 with a clear error and keeps the inventory for when the token is fixed', async () => {
    const server = await listen(h.app.fetch);
    closers.push(server.close);
    const { options, waits, calls } = agent(server.url, 'idt_revoked-or-mistyped');
    await spool.add('a', inventory('ws-agent', '2025-03-03T12:00:00Z', [KES]));
    await expect(flushSpool(options)).rejects.toThrow(AgentAuthError);
    expect(calls).toEqual([401]);
    expect(waits).toEqual([]);
    expect(pending()).toHaveLength(1);
  });

  it('collects into the spool atomically and uploads the normalised inventory', async () => {
    const server = await listen(h.app.fetch);
    closers.push(server.close);
    const { options, calls } = agent(server.url);
    const observation: Observation = {
      kind: 'program',
      ...KES,
      origin: {
        source: 'ws-agent',
        format: 'windows-registry',
        locator: 'HKLM\\SOFTWARE\\x',
        collector: 'windows',
      },
    } as Observation;
    options.collect = async function* () {
      yield observation;
    };
    const path = await collectToSpool(options);
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await flushSpool(options)).toBe(0);
    expect(calls).toEqual([201]);
    const host = (await (
      await h.app.request('/api/v1/hosts/ws-agent', {
        headers: { authorization: `Bearer ${h.tokens['acme:viewer']!}` },
      })
    ).json()) as { openFindings: number };
    expect(host.openFindings).toBeGreaterThan(0);
  });
});
