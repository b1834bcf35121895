import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServerContext } from '../../src/server/create-context.js';
import { deliverDue } from '../../src/server/notify/dispatcher.js';
import type { WebhookEvent } from '../../src/server/notify/payload.js';
import { scheduleReminders } from '../../src/server/notify/reminders.js';
import { verifySignature } from '../../src/server/notify/sign.js';
import { startReceiver } from './webhook-receiver.js';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

const PUBLIC_URL = 'https://interdict.example.org/';
const HOUR = 3600_000;

describe.each(STORES)('webhooks (%s)', (kind) => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  // A constant jitter: backoff is then exactly half the nominal delay.
  const deliver = (ctx = h.ctx) => deliverDue(ctx, { random: () => 0 });
  const admin = () => bearer(h.tokens['acme:admin']!, { 'content-type': 'application/json' });
  const upload = (host: string, body: string) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!),
    });
  const addWebhook = async (body: Record<string, unknown>) => {
    const res = await h.app.request('/api/v1/webhooks', {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ url: receiver.url, ...body }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { webhook: { id: string }; secret?: string };
  };
  const deliveries = async () =>
    h.ctx.store.db.selectFrom('webhook_deliveries').selectAll().orderBy('created_at').execute();

  beforeAll(async () => {
    h = await createHarness(kind, { publicUrl: PUBLIC_URL });
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    receiver = await startReceiver();
    h.clock.now = new Date('2025-03-01T10:00:00Z');
  });
  afterEach(async () => {
    await h.ctx.store.db.deleteFrom('webhook_deliveries').execute();
    await h.ctx.store.db.deleteFrom('webhooks').execute();
    await receiver.close();
  });

  it('sends one signed event per upload listing its new high findings, and none for a re-sent inventory', async () => {
    const { webhook, secret } = await addWebhook({ secret: true, daysBefore: [] });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const body = inventory('ws-1', '2025-03-01T09:00:00Z', [KES, CHROME]);
    expect((await upload('ws-1', body)).status).toBe(201);
    expect(await deliver()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(
      verifySignature(
        secret!,
        {
          signature: got!.headers['x-interdict-signature'] as string,
          timestamp: got!.headers['x-interdict-timestamp'] as string,
        },
        got!.body,
        h.clock.now.getTime() / 1000,
      ),
    ).toBe(true);
    // One byte changed: the signature no longer holds.
    expect(
      verifySignature(
        secret!,
        {
          signature: got!.headers['x-interdict-signature'] as string,
          timestamp: got!.headers['x-interdict-timestamp'] as string,
        },
        got!.body.replace('ws-1', 'ws-2'),
        h.clock.now.getTime() / 1000,
      ),
    ).toBe(false);
    const event = JSON.parse(got!.body) as WebhookEvent;
    expect(event).toMatchObject({
      schema: 'interdict/webhook@1',
      type: 'findings.opened',
      tenant: { slug: 'acme' },
      host: { name: 'ws-1' },
      total: 1,
    });
    expect(event.findings).toHaveLength(1);
    const finding = event.findings![0]!;
    expect(finding).toMatchObject({
      host: 'ws-1',
      product: { id: 'kaspersky-endpoint-security-windows' },
      status: 'unsupported',
      severity: 'high',
      ruling: { phase: 'updates-resale-licensing', since: '2024-09-29' },
    });
    expect(finding.url).toBe(`https://interdict.example.org/findings/${finding.id}`);
    expect(got!.headers['x-interdict-event']).toBe('findings.opened');
    expect(got!.headers['x-interdict-delivery']).toBe(event.id);

    // The agent retries the same bytes: a no-op, so no second event; neither has a host without findings.
    expect((await upload('ws-1', body)).status).toBe(200);
    expect((await upload('ws-2', inventory('ws-2', '2025-03-01T09:00:00Z', [CHROME]))).status).toBe(201);
    expect(await deliver()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [row] = await deliveries();
    expect(row).toMatchObject({ webhook_id: webhook.id, state: 'delivered', attempts: 1, last_status: 200 });

    // Kaspersky removed, then the first inventory's bytes again: the finding reopens, a new event.
    h.clock.now = new Date('2025-03-01T11:00:00Z');
    expect((await upload('ws-1', inventory('ws-1', '2025-03-01T10:30:00Z', [CHROME]))).status).toBe(201);
    h.clock.now = new Date('2025-03-01T12:00:00Z');
    expect((await upload('ws-1', body)).status).toBe(200);
    expect(await deliver()).toBe(1);
    expect(receiver.received).toHaveLength(2);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ host: { name: 'ws-1' }, total: 1 });
  });

  it('retries 500 with backoff and delivers on the third attempt; honours Retry-After on 429', async () => {
    await addWebhook({ daysBefore: [] });
    receiver.answers.push({ status: 500 }, { status: 500 });
    await upload('rt-1', inventory('rt-1', '2025-03-01T09:00:00Z', [KES]));
    expect(await deliver()).toBe(1);
    let [row] = await deliveries();
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_status: 500, last_error: 'HTTP 500' });
    // First retry after half of 30 s (jitter 0), second after half of 60 s: on the fake clock.
    expect(row!.next_attempt_at).toBe(new Date(h.clock.now.getTime() + 15_000).toISOString());
    expect(await deliver()).toBe(0);
    h.clock.now = new Date(h.clock.now.getTime() + 15_000);
    expect(await deliver()).toBe(1);
    [row] = await deliveries();
    expect(row!.next_attempt_at).toBe(new Date(h.clock.now.getTime() + 30_000).toISOString());
    h.clock.now = new Date(h.clock.now.getTime() + 30_000);
    expect(await deliver()).toBe(1);
    [row] = await deliveries();
    expect(row).toMatchObject({ state: 'delivered', attempts: 3, last_status: 200, last_error: null });
    expect(receiver.received).toHaveLength(3);
    // Every attempt carries the same event.
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);

    receiver.answers.push({ status: 429, headers: { 'retry-after': '120' } });
    await upload('rt-2', inventory('rt-2', '2025-03-01T09:00:00Z', [KES]));
    expect(await deliver()).toBe(1);
    const limited = (await deliveries()).find((d) => d.state === 'pending')!;
    expect(limited.next_attempt_at).toBe(new Date(h.clock.now.getTime() + 120_000).toISOString());
  });

  it('marks 410 a permanent failure without retrying, and gives up on a receiver down for 24 hours', async () => {
    await addWebhook({ daysBefore: [] });
    receiver.answers.push({ status: 410 });
    await upload('gone-1', inventory('gone-1', '2025-03-01T09:00:00Z', [KES]));
    expect(await deliver()).toBe(1);
    h.clock.now = new Date(h.clock.now.getTime() + 48 * HOUR);
    expect(await deliver()).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries())[0]).toMatchObject({ state: 'failed', attempts: 1, last_error: 'HTTP 410' });

    // Always 503: retried until the next attempt would fall beyond 24 hours after the event.
    await h.ctx.store.db.deleteFrom('webhook_deliveries').execute();
    receiver.answers.push(...Array.from({ length: 20 }, () => ({ status: 503 })));
    await upload('down-1', inventory('down-1', '2025-03-01T09:00:00Z', [KES]));
    let attempts = 0;
    for (let i = 0; i < 20 && attempts < 20; i++) {
      attempts += await deliver();
      h.clock.now = new Date(h.clock.now.getTime() + 2 * HOUR);
    }
    const [row] = await deliveries();
    expect(row!.state).toBe('failed');
    expect(row!.last_error).toMatch(/^HTTP 503; gave up after \d+ attempt\(s\)$/);
    expect(row!.attempts).toBeGreaterThan(2);
    expect(receiver.received.length).toBe(1 + row!.attempts);
    expect(await h.ctx.metrics.render()).toMatch(/interdict_webhook_deliveries_total\{result="failed"\} 2/);
  });

  it('never sends one delivery twice from four server contexts on one store', async () => {
    await addWebhook({ daysBefore: [] });
    for (let i = 0; i < 12; i++)
      await upload(`pair-${i}`, inventory(`pair-${i}`, '2025-03-01T09:00:00Z', [KES]));
    // Four servers claiming one row at a time: their claims overlap, and each row must go to one.
    const servers = Array.from({ length: 4 }, () =>
      createServerContext({ store: h.ctx.store, pack: h.ctx.pack, now: () => h.clock.now }),
    );
    const counts = await Promise.all(servers.map((ctx) => deliverDue(ctx, { random: () => 0, batch: 1 })));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    expect(receiver.received).toHaveLength(12);
    const hosts = receiver.received.map((r) => (JSON.parse(r.body) as WebhookEvent).host!.name);
    expect(new Set(hosts).size).toBe(12);
  });

  it('reminds once per phase and configured day, however often and wherever the job runs', async () => {
    h.clock.now = new Date('2024-09-01T10:00:00Z');
    await addWebhook({ daysBefore: [30, 7, 1], format: 'json' });
    // Upcoming findings are medium: below the webhook's threshold, so no findings event.
    await upload('up-1', inventory('up-1', '2024-09-01T09:00:00Z', [KES]));
    await upload('up-2', inventory('up-2', '2024-09-01T09:00:00Z', [KES]));
    const other = createServerContext({ store: h.ctx.store, pack: h.ctx.pack, now: () => h.clock.now });
    expect(await scheduleReminders(h.ctx)).toBe(1);
    expect(await scheduleReminders(h.ctx)).toBe(0);
    expect(await scheduleReminders(other)).toBe(0);
    // 21 days left: still the 30-day reminder, already sent.
    h.clock.now = new Date('2024-09-08T10:00:00Z');
    expect(await scheduleReminders(h.ctx)).toBe(0);
    h.clock.now = new Date('2024-09-22T10:00:00Z');
    const [x, y] = await Promise.all([scheduleReminders(h.ctx), scheduleReminders(other)]);
    expect(x + y).toBe(1);
    expect(await deliver()).toBe(2);
    const events = receiver.received.map((r) => JSON.parse(r.body) as WebhookEvent);
    expect(events.map((e) => [e.type, e.phase?.daysBefore, e.phase?.daysLeft])).toEqual([
      ['phase.reminder', 30, 28],
      ['phase.reminder', 7, 7],
    ]);
    expect(events[1]!.phase).toMatchObject({
      date: '2024-09-29',
      ruling: { phase: 'updates-resale-licensing' },
      effect: 'no updates or licences',
      hosts: 2,
      findings: 2,
      sampleHosts: ['up-1', 'up-2'],
    });
    expect(events[1]!.summary).toMatch(
      /^2024-09-29 \(in 7 days\): .*; 2 host\(s\) still have 2 finding\(s\)/,
    );
    // The phase has passed: nothing more to remind of.
    h.clock.now = new Date('2024-09-29T10:00:00Z');
    expect(await scheduleReminders(h.ctx)).toBe(0);
  });

  it('sends a Slack body; refuses what is not http(s); keeps tenants apart; audits', async () => {
    const { webhook } = await addWebhook({ format: 'slack', daysBefore: [] });
    await upload('sl-1', inventory('sl-1', '2025-03-01T09:00:00Z', [KES]));
    expect(await deliver()).toBe(1);
    const slack = JSON.parse(receiver.received[0]!.body) as {
      text: string;
      blocks: { text?: { text: string } }[];
    };
    expect(slack.text).toBe('1 new high finding(s) on sl-1');
    expect(slack.blocks[1]!.text!.text).toContain('<https://interdict.example.org/findings/');
    expect(slack.blocks[1]!.text!.text).toContain('on `sl-1`');

    for (const url of [
      'file:///etc/passwd',
      'ftp://example.org/x',
      'javascript:alert(1)',
      'http://u:p@example.org/',
    ]) {
      const res = await h.app.request('/api/v1/webhooks', {
        method: 'POST',
        headers: admin(),
        body: JSON.stringify({ url }),
      });
      expect(res.status, url).toBe(422);
    }
    const analyst = await h.app.request('/api/v1/webhooks', { headers: bearer(h.tokens['acme:analyst']!) });
    expect(analyst.status).toBe(403);
    const foreign = await h.app.request(`/api/v1/webhooks/${webhook.id}`, {
      method: 'DELETE',
      headers: bearer(h.tokens['other:admin']!),
    });
    expect(foreign.status).toBe(404);
    const list = (await (await h.app.request('/api/v1/webhooks', { headers: admin() })).json()) as {
      items: { id: string; signed: boolean }[];
      deliveries: { state: string }[];
    };
    expect(list.items.map((w) => w.id)).toEqual([webhook.id]);
    expect(list.deliveries.map((d) => d.state)).toEqual(['delivered']);
    const test = await h.app.request(`/api/v1/webhooks/${webhook.id}/test`, {
      method: 'POST',
      headers: admin(),
    });
    expect(test.status).toBe(202);
    expect(await deliver()).toBe(1);
    expect(JSON.parse(receiver.received[1]!.body)).toMatchObject({ text: expect.stringContaining('test') });
    const removed = await h.app.request(`/api/v1/webhooks/${webhook.id}`, {
      method: 'DELETE',
      headers: admin(),
    });
    expect(removed.status).toBe(204);
    const audit = await h.ctx.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject_id', '=', webhook.id)
      .orderBy('seq')
      .execute();
    expect(audit).toEqual([
      { action: 'webhook.create', actor: 'token:acme-admin' },
      { action: 'webhook.test', actor: 'token:acme-admin' },
      { action: 'webhook.remove', actor: 'token:acme-admin' },
    ]);
  });
});
