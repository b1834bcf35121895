import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, ensureTenant } from '../../src/server/accounts.js';
import { openStore } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import type { WebhookEvent } from '../../src/server/notify/payload.js';
import { createWebhook } from '../../src/server/notify/webhooks.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { inventory, KES, testPack } from './harness.js';
import { startReceiver } from './webhook-receiver.js';

/** Until `check` holds; the test's own timeout bounds the wait, no duration is asserted. */
async function eventually(check: () => boolean) {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the server sends webhooks from its own delivery loop', () => {
  let dir: string;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let token: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'interdict-webhook-'));
    const db = `sqlite:${join(dir, 'server.db')}`;
    const store = await openStore(db);
    await migrateToLatest(store);
    const tenantId = await ensureTenant(store.db, 'default', 'test');
    await createWebhook(store.db, { tenantId, url: receiver.url, daysBefore: [], actor: 'test' });
    token = (
      await createToken(store.db, { tenantId, name: 'a', role: 'agent', bulkImport: true, actor: 'test' })
    ).token;
    await store.close();
    server = await startServer({
      db,
      port: 0,
      host: '127.0.0.1',
      pack: testPack,
      logger: pino({ level: 'silent' }),
      config: { secureCookies: false, publicUrl: 'https://fleet.example.org' },
      notifyInterval: 0.05,
    });
  });
  afterAll(async () => {
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers an upload’s new finding without being asked, then stops with the server', async () => {
    const res = await fetch(`${server.url}/api/v1/hosts/srv-1/inventories`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: inventory('srv-1', new Date().toISOString(), [KES]),
    });
    expect(res.status).toBe(201);
    await eventually(() => receiver.received.length > 0);
    const event = JSON.parse(receiver.received[0]!.body) as WebhookEvent;
    expect(event).toMatchObject({ type: 'findings.opened', host: { name: 'srv-1' }, total: 1 });
    expect(event.findings![0]!.url).toMatch(/^https:\/\/fleet\.example\.org\/findings\//);
    await server.close();
    expect(receiver.received).toHaveLength(1);
  }, 30_000);
});
