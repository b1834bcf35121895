import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createApp } from '../app.js';
import { createToken, createUser, ensureTenant, DEFAULT_TENANT } from '../accounts.js';
import type { ServerPack } from '../context.js';
import { createServerContext } from '../create-context.js';
import type { Store } from '../db/dialect.js';
import { runJobs, scheduleReevaluations } from '../jobs.js';
import { DAY_MS, isoDay } from '../../core/dates.js';

export interface DemoOptions {
  /** Folder with one inventory per host (`HOST.KIND.EXT`) and an `earlier/` folder of older ones. */
  fleetDir: string;
  /** The day the demo ends on; history is spread over the eight weeks before it. */
  now?: Date;
  password?: string;
  /** Extra generated hosts (interdict/inventory@1), to try the dashboard at fleet scale. */
  synthetic?: number;
  logger?: Logger;
}

const DEMO_USERS = [
  { name: 'admin', role: 'admin' },
  { name: 'alice', role: 'analyst' },
  { name: 'bob', role: 'approver' },
  { name: 'carol', role: 'approver' },
  { name: 'victor', role: 'viewer' },
] as const;

/**
 * Fills an empty store with a small fleet and eight weeks of history: hosts that had Kaspersky and
 * removed it (the burn-down), hosts that still have it, clean hosts, a waiver waiting for approval
 * and a few comments. Runs the real upload API with a clock set in the past.
 */
export async function seedDemo(store: Store, pack: ServerPack, o: DemoOptions) {
  const end = o.now ?? new Date();
  const password = o.password ?? 'interdict-demo-password';
  const clock = { now: new Date(end.getTime() - 56 * DAY_MS) };
  const ctx = createServerContext({
    store,
    pack,
    config: { secureCookies: false, backgroundJobs: false, postInterval: 0 },
    now: () => clock.now,
    ...(o.logger ? { logger: o.logger } : {}),
  });
  const app = createApp(ctx);
  const { db } = store;
  if (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) {
    throw new Error(`${store.location} already has users; seed the demo into an empty store`);
  }
  const tenantId = await ensureTenant(db, DEFAULT_TENANT, 'system:demo');
  await db
    .updateTable('tenants')
    .set({ name: 'Contoso Federal Services', profile: 'federal-contractor' })
    .where('id', '=', tenantId)
    .execute();
  for (const u of DEMO_USERS)
    await createUser(db, {
      tenantId,
      name: u.name,
      role: u.role,
      password,
      actor: 'system:demo',
      now: clock.now,
    });
  // The example fleet is many hosts' exports sent from one place: a bulk import, not agents.
  const agent = await createToken(db, {
    tenantId,
    name: 'demo-import',
    role: 'agent',
    bulkImport: true,
    actor: 'system:demo',
    now: clock.now,
  });

  const upload = async (host: string, body: Buffer | string, at: Date) => {
    clock.now = at;
    const res = await app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${agent.token}` },
    });
    if (res.status >= 300)
      throw new Error(`demo upload of ${host} failed: ${res.status} ${await res.text()}`);
  };
  const hostOf = (file: string) => file.split('.')[0]!.toLowerCase();
  const files = async (dir: string) =>
    (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();

  const earlier = await files(join(o.fleetDir, 'earlier')).catch(() => [] as string[]);
  const current = await files(o.fleetDir);
  const base = end.getTime() - 56 * DAY_MS;
  for (const [i, f] of earlier.entries())
    await upload(hostOf(f), await readFile(join(o.fleetDir, 'earlier', f)), new Date(base + i * 3600_000));
  const newcomers = current.filter((f) => !earlier.some((e) => hostOf(e) === hostOf(f)));
  for (const [i, f] of newcomers.entries())
    await upload(hostOf(f), await readFile(join(o.fleetDir, f)), new Date(base + 7 * DAY_MS + i * 3600_000));
  // Hosts that had Kaspersky remove it one by one, three weeks apart: the burn-down.
  for (const [i, f] of earlier.entries()) {
    const file = current.find((c) => hostOf(c) === hostOf(f));
    if (file)
      await upload(
        hostOf(f),
        await readFile(join(o.fleetDir, file)),
        new Date(base + (21 + i * 14) * DAY_MS),
      );
  }
  // Generated hosts join in the first week; half of those with Kaspersky replace it later.
  for (let i = 0; i < (o.synthetic ?? 0); i++) {
    const host = `pc-${String(i).padStart(5, '0')}`;
    const joined = new Date(base + (i % 7) * DAY_MS + 7200_000);
    await upload(host, syntheticInventory(host, i, joined, false), joined);
    if (i % 60 === 7) {
      const fixed = new Date(base + (14 + (i % 40)) * DAY_MS);
      await upload(host, syntheticInventory(host, i, fixed, true), fixed);
    }
  }

  const login = async (name: string) => {
    const res = await app.request('/api/v1/auth/login', {
      method: 'POST',
      body: JSON.stringify({ name, password }),
      headers: { 'content-type': 'application/json' },
    });
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      });
  };
  clock.now = new Date(end.getTime() - 2 * DAY_MS);
  const findings = await db
    .selectFrom('findings')
    .select(['id', 'host_name', 'product_id', 'product_name'])
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'open')
    .orderBy('host_name')
    .execute();
  const alice = await login('alice');
  const bob = await login('bob');
  const gateway = findings.find((f) => f.host_name.startsWith('gw-'));
  if (gateway) {
    const expires = isoDay(end.getTime() + 90 * DAY_MS);
    await alice('/api/v1/waivers', {
      scope: { product: gateway.product_id, host: gateway.host_name },
      reason:
        'The appliance vendor ships firmware 4.3 without the Kaspersky engine in Q1; the device is isolated on the lab network until then.',
      expires,
      findingId: gateway.id,
    });
    await alice(`/api/v1/findings/${gateway.id}/comments`, {
      body: 'Vendor ticket 88213 confirms the 4.3 firmware replaces the engine with their own.',
    });
  }
  const first = findings.find((f) => f.host_name.startsWith('ws-fin'));
  if (first)
    await bob(`/api/v1/findings/${first.id}/comments`, {
      body: 'Finance workstation: replacement scheduled with the next patch window.',
    });
  clock.now = end;
  await scheduleReevaluations(ctx);
  await runJobs(ctx);
  return {
    users: DEMO_USERS.map((u) => ({ ...u })),
    password,
    agentToken: agent.token,
    findings: findings.length,
  };
}

/** A believable Windows host: mostly clean, one in thirty with Kaspersky Endpoint Security until `replaced`. */
function syntheticInventory(host: string, i: number, at: Date, replaced: boolean): string {
  const programs = [
    { name: 'Google Chrome', publisher: 'Google LLC', version: '131.0.6778.86' },
    { name: 'Microsoft Edge', publisher: 'Microsoft Corporation', version: '131.0.2903.70' },
    i % 3 === 0
      ? { name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', version: '23.01' }
      : { name: 'Notepad++ (64-bit x64)', publisher: 'Notepad++ Team', version: '8.7.1' },
    i % 30 === 7 && !replaced
      ? {
          name: 'Kaspersky Endpoint Security for Windows',
          publisher: 'AO Kaspersky Lab',
          version: '12.3.0.493',
        }
      : {
          name: 'Microsoft Defender for Endpoint',
          publisher: 'Microsoft Corporation',
          version: '10.8760.22621.1',
        },
  ];
  return JSON.stringify({
    schema: 'interdict/inventory@1',
    host,
    collectedAt: at.toISOString(),
    agent: { name: 'interdict', version: '0.1.0' },
    observations: programs.map((p, n) => ({
      kind: 'program',
      ...p,
      origin: {
        source: host,
        format: 'windows-registry',
        locator: `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${n}`,
        collector: 'windows',
      },
    })),
  });
}
