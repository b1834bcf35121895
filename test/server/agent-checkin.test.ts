import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { collectToSpool, flushSpool, type AgentOptions } from '../../src/server/agent/agent.js';
import { CHECKIN_STATE_FILE } from '../../src/server/agent/checkin-state.js';
import { createSpool } from '../../src/server/agent/spool.js';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

const program = (p: { name: string; publisher?: string; version?: string }, n: number): Observation => ({
  kind: 'program',
  ...p,
  origin: {
    source: 'ws-checkin',
    format: 'windows-registry',
    locator: `HKLM\\x\\${n}`,
    collector: 'windows',
  },
});
const SEVEN_ZIP = { name: '7-Zip', publisher: 'Igor Pavlov', version: '23.01' };

describe.each(STORES)('agent check-ins against a real local server on %s', (kind) => {
  let h: Harness;
  let server: ServerType;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    h = await createHarness(kind);
    server = await new Promise((resolve) => {
      const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    dir = mkdtempSync(join(tmpdir(), 'interdict-checkin-'));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
    await h?.close();
  });

  it('sends diffs once acknowledged, and its whole inventory at once when the server asks (409)', async () => {
    const sent: string[] = [];
    let collected: Observation[] = [];
    const options: AgentOptions = {
      server: url,
      token: h.tokens['acme:agent']!,
      spool: createSpool(dir),
      host: 'ws-checkin',
      collect: async function* () {
        yield* collected;
      },
      log: () => undefined,
      retry: { baseMs: 1, maxMs: 1, attempts: 3 },
      sleep: async () => undefined,
      fetch: async (target, init) => {
        const res = await fetch(target, init);
        sent.push(`${(init?.headers as Record<string, string>)['content-type']} ${res.status}`);
        return res;
      },
    };
    const round = async (programs: { name: string; publisher?: string; version?: string }[]) => {
      collected = programs.map(program);
      await collectToSpool(options);
      expect(await flushSpool(options)).toBe(0);
    };
    const openFindings = async () =>
      (await (
        await h.app.request('/api/v1/hosts/ws-checkin', { headers: bearer(h.tokens['acme:viewer']!) })
      ).json()) as { openFindings: number; inventories: { records: number; current: boolean }[] };

    await round([KES, CHROME]);
    expect(sent).toEqual(['application/json 201']);
    expect(statSync(join(dir, CHECKIN_STATE_FILE)).mode & 0o777).toBe(0o600);
    expect((await openFindings()).openFindings).toBe(1);

    await round([CHROME]);
    expect(sent.at(-1)).toBe('application/vnd.interdict.inventory-diff+json 201');
    expect((await openFindings()).openFindings).toBe(0);

    // Another inventory of the host reaches the server (an import, a second agent): the base is stale.
    const other = await h.app.request('/api/v1/hosts/ws-checkin/inventories', {
      method: 'POST',
      body: inventory('ws-checkin', h.clock.now.toISOString(), [KES]),
      headers: bearer(h.tokens['acme:agent']!, { 'content-type': 'application/json' }),
    });
    expect(other.status).toBe(201);
    expect((await openFindings()).openFindings).toBe(1);

    sent.length = 0;
    await round([CHROME, SEVEN_ZIP]);
    expect(sent).toEqual(['application/vnd.interdict.inventory-diff+json 409', 'application/json 201']);
    const host = await openFindings();
    expect(host.openFindings).toBe(0);
    expect(host.inventories.find((i) => i.current)?.records).toBe(2);

    // Acknowledged again: the next round is a diff once more.
    sent.length = 0;
    await round([CHROME]);
    expect(sent).toEqual(['application/vnd.interdict.inventory-diff+json 201']);
  });
});
