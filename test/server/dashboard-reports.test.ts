import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { createApp } from '../../src/server/app.js';
import type { ServerPack } from '../../src/server/context.js';
import { createServerContext } from '../../src/server/create-context.js';
import { openStore, type Store } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { seedDemo } from '../../src/server/demo/seed.js';

const END = new Date('2026-11-20T12:00:00Z');
const PASSWORD = 'interdict-demo-password';

describe('dashboard reports on the example fleet', () => {
  let store: Store;
  let dir: string;
  let app: ReturnType<typeof createApp>;
  const clock = { now: END };
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'interdict-demo-'));
    store = await openStore(`sqlite:${join(dir, 'demo.db')}`);
    await migrateToLatest(store);
    const data = await loadDataPack();
    const pack: ServerPack = {
      ...data,
      version: data.version ?? 'test',
      hash: 'demo',
      sources: [...data.sources.values()],
    } as ServerPack;
    await seedDemo(store, pack, { fleetDir: 'examples/fleet', now: END, password: PASSWORD });
    const ctx = createServerContext({
      store,
      pack,
      config: { secureCookies: false, backgroundJobs: false, postInterval: 300 },
      now: () => clock.now,
    });
    app = createApp(ctx);
    for (const name of ['alice', 'bob', 'victor', 'admin']) {
      const res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        body: JSON.stringify({ name, password: PASSWORD }),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      sessions[name] = {
        cookie: res.headers.get('set-cookie')!.split(';')[0]!,
        csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
      };
    }
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const call = (user: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    app.request(path, {
      method: init.method ?? 'GET',
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      headers: {
        cookie: sessions[user]!.cookie,
        'x-csrf-token': sessions[user]!.csrf,
        'content-type': 'application/json',
      },
    });
  const getJson = async <T>(user: string, path: string) => {
    const res = await call(user, path);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as T;
  };

  it('seeds hosts that removed Kaspersky (resolved) and hosts that still have it (open)', async () => {
    const open = await getJson<{ items: { host: string }[]; total: number }>(
      'victor',
      '/api/v1/findings?limit=500',
    );
    const hosts = new Set(open.items.map((i) => i.host));
    expect(hosts).toEqual(new Set(['ws-fin-014', 'ws-hr-022', 'gw-edge-01']));
    const resolved = await getJson<{ items: { host: string }[] }>(
      'victor',
      '/api/v1/findings?state=resolved&limit=500',
    );
    expect(new Set(resolved.items.map((i) => i.host))).toEqual(
      new Set(['ws-ops-031', 'ws-eng-118', 'srv-app-02']),
    );
  });

  it('attests a past date from the events: findings resolved later still count as open then', async () => {
    const then = await getJson<{
      findings: { open: number; resolved: number };
      endpoints: { affected: number };
      scanning: { hosts: number };
    }>('victor', '/api/v1/reports/attestation?date=2026-10-10');
    const now = await getJson<{
      findings: { open: number; resolved: number };
      endpoints: { affected: number; method: string[]; byProduct: { endpoints: number }[] };
      coverage: { current: number; stale: number; staleDays: number };
      scanning: { hosts: number; formats: { format: string }[] };
      waivers: unknown[];
    }>('victor', '/api/v1/reports/attestation?date=2026-11-20&staleDays=30');
    expect(now.endpoints.affected).toBe(3);
    expect(then.endpoints.affected).toBe(6);
    expect(now.findings.resolved).toBeGreaterThan(then.findings.resolved);
    expect(now.scanning.hosts).toBe(9);
    expect(now.scanning.formats.map((f) => f.format)).toEqual(
      expect.arrayContaining(['csv', 'cyclonedx-json', 'interdict-inventory']),
    );
    expect(now.coverage.current + now.coverage.stale).toBe(9);
    expect(now.endpoints.method.join(' ')).toMatch(/exempt findings/);
    expect(now.waivers).toEqual([]);
    const future = await call('victor', '/api/v1/reports/attestation?date=2099-01-01');
    expect(future.status).toBe(422);
  });

  it('does not cite a ruling in an attestation for a date before its publication', async () => {
    const cited = async (date: string) =>
      (
        await getJson<{ determinations: { id: string }[] }>(
          'victor',
          `/api/v1/reports/attestation?date=${date}`,
        )
      ).determinations.map((d) => d.id);
    expect(await cited('2024-06-01')).not.toContain('us-bis-icts-2021-002');
    expect(await cited('2024-06-01')).toContain('us-far-52-204-23');
    expect(await cited('2024-06-24')).toContain('us-bis-icts-2021-002');
  });

  it('lists an approved waiver with its approver in the attestation', async () => {
    const waivers = await getJson<{ items: { id: string; state: string }[] }>(
      'bob',
      '/api/v1/waivers?state=requested',
    );
    expect(waivers.items).toHaveLength(1);
    const decided = await call('bob', `/api/v1/waivers/${waivers.items[0]!.id}/decision`, {
      method: 'POST',
      body: { decision: 'approve', note: 'isolated lab network' },
    });
    expect(decided.status).toBe(200);
    const report = await getJson<{ waivers: { id: string; approvedBy: string; requestedBy: string }[] }>(
      'victor',
      '/api/v1/reports/attestation?date=2026-11-20',
    );
    expect(report.waivers).toEqual([
      expect.objectContaining({
        id: waivers.items[0]!.id,
        approvedBy: 'user:bob',
        requestedBy: 'user:alice',
      }),
    ]);
  });

  it('drafts the FAR 52.204-23(c) report with business-day clocks from discovery', async () => {
    const open = await getJson<{ items: { id: string; host: string; firstSeen: string }[] }>(
      'alice',
      '/api/v1/findings?host=ws-fin-014',
    );
    const f = open.items[0]!;
    const far = await getJson<{
      applies: boolean;
      clocks: { businessDays: number; from: string; due: string; overdue: boolean }[];
      initial: { key: string; value: string }[];
      submitTo: string;
    }>('alice', `/api/v1/findings/${f.id}/far-report`);
    expect(far.applies).toBe(true);
    expect(far.clocks.map((c) => c.businessDays)).toEqual([3, 10]);
    expect(far.clocks[0]!.from).toBe(f.firstSeen.slice(0, 10));
    expect(far.clocks.every((c) => c.overdue)).toBe(true);
    const fields = Object.fromEntries(far.initial.map((i) => [i.key, i.value]));
    expect(fields.supplierName).toBeTruthy();
    expect(fields.contractNumber).toBe('');
    expect(fields.itemDescription).toContain('ws-fin-014');
    expect(far.submitTo).toContain('dibnet.dod.mil');
    expect((await call('victor', `/api/v1/findings/${f.id}/far-report`)).status).toBe(403);
  });

  it('exports every table as CSV and JSON, and keeps the audit log for admins', async () => {
    const res = await call('victor', '/api/v1/exports/findings?format=csv');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="interdict-findings-2026-11-20.csv"',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,host,state,status,severity,product_id/);
    expect(lines.length - 1).toBe(6 + 3);
    const json = (await (await call('victor', '/api/v1/exports/hosts?format=json')).json()) as {
      table: string;
      items: { name: string }[];
    };
    expect(json.table).toBe('hosts');
    expect(json.items).toHaveLength(9);
    for (const table of ['waivers', 'products', 'determinations'])
      expect((await call('victor', `/api/v1/exports/${table}`)).status).toBe(200);
    expect((await call('victor', '/api/v1/exports/audit')).status).toBe(403);
    expect((await call('victor', '/api/v1/exports/votes')).status).toBe(403);
    const audit = await (await call('admin', '/api/v1/exports/audit?format=csv')).text();
    expect(audit).toContain('waiver.approve');
  });

  it('records one vote per person, shows the tally to analysts only, and lists suspected false positives', async () => {
    const open = await getJson<{ items: { id: string }[] }>('victor', '/api/v1/findings?host=ws-hr-022');
    const id = open.items[0]!.id;
    const mine = await call('victor', `/api/v1/findings/${id}/vote`, {
      method: 'PUT',
      body: { correct: false },
    });
    expect(await mine.json()).toEqual({ mine: false, tally: null });
    await call('victor', `/api/v1/findings/${id}/vote`, {
      method: 'PUT',
      body: { correct: false, note: 'personal laptop' },
    });
    await call('bob', `/api/v1/findings/${id}/vote`, { method: 'PUT', body: { correct: true } });
    expect(await getJson('alice', `/api/v1/findings/${id}/votes`)).toEqual({
      mine: null,
      tally: { correct: 1, incorrect: 1 },
    });
    const suspects = await getJson<{ items: { id: string; incorrect: number }[] }>(
      'alice',
      '/api/v1/suspected-false-positives',
    );
    expect(suspects.items).toEqual([expect.objectContaining({ id, incorrect: 1, correct: 1 })]);
    expect((await call('victor', '/api/v1/suspected-false-positives')).status).toBe(403);
    expect(
      (await call('victor', '/api/v1/findings/nope/vote', { method: 'PUT', body: { correct: true } })).status,
    ).toBe(404);
  });

  it('sorts hosts by any column and pages through all of them with cursors', async () => {
    type HostPage = {
      items: { name: string; openFindings: number; lastCollectedAt: string | null }[];
      total: number;
      next: string | null;
    };
    const walk = async (query: string) => {
      const names: HostPage['items'] = [];
      let next: string | null = null;
      do {
        const page: HostPage = await getJson<HostPage>(
          'victor',
          `/api/v1/host-list?limit=2&${query}${next ? `&cursor=${next}` : ''}`,
        );
        names.push(...page.items);
        next = page.next;
      } while (next);
      return names;
    };
    const byName = await walk('sort=name');
    expect(byName.map((h) => h.name)).toEqual([...byName.map((h) => h.name)].sort());
    expect(byName).toHaveLength(9);
    const byOpen = await walk('sort=openFindings');
    expect(byOpen.map((h) => h.openFindings)).toEqual(
      [...byOpen.map((h) => h.openFindings)].sort((a, b) => b - a),
    );
    expect(new Set(byOpen.map((h) => h.name)).size).toBe(9);
    const byCollected = await walk('sort=lastCollectedAt&order=desc');
    expect(byCollected.map((h) => h.lastCollectedAt)).toEqual(
      [...byCollected.map((h) => h.lastCollectedAt)].sort().reverse(),
    );
    const filtered = await getJson<HostPage>(
      'victor',
      '/api/v1/host-list?withFindings=true&q=WS-&sort=openFindings',
    );
    expect(filtered.items.map((h) => h.name).sort()).toEqual(['ws-fin-014', 'ws-hr-022']);
    expect((await call('victor', '/api/v1/host-list?cursor=bogus')).status).toBe(400);
  });

  it('counts open findings per product and determination', async () => {
    const stats = await getJson<{
      products: Record<string, { open: number; hosts: number }>;
      determinations: Record<string, { open: number }>;
    }>('victor', '/api/v1/stats');
    expect(stats.products['kaspersky-endpoint-security-windows']).toEqual({ open: 1, hosts: 1 });
    expect(stats.determinations['us-far-52-204-23']!.open).toBeGreaterThan(0);
  });
});
