import pino from 'pino';
import { AccountError, ensureTenant } from '../../server/accounts.js';
import { openStore } from '../../server/db/dialect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createMetrics } from '../../server/metrics.js';
import { deliverDue } from '../../server/notify/dispatcher.js';
import { enqueueTest } from '../../server/notify/outbox.js';
import {
  createWebhook,
  listDeliveries,
  listWebhooks,
  parseDaysBefore,
  removeWebhook,
  WebhookError,
} from '../../server/notify/webhooks.js';
import { UsageError, type CliIO } from '../io.js';

export interface WebhookFlags {
  db: string;
  tenant: string;
  url?: string;
  format?: string;
  minSeverity?: string;
  daysBefore?: string;
  secret?: boolean;
  publicUrl?: string;
  json?: boolean;
}

export type WebhookCommand = 'add' | 'list' | 'remove' | 'test';

/** `interdict admin webhook add|list|remove|test`, straight on the store like the other admin commands. */
export async function runWebhook(
  what: WebhookCommand,
  flags: WebhookFlags,
  id: string | undefined,
  io: CliIO,
): Promise<number> {
  const store = await openStore(flags.db);
  const actor = 'shell:admin';
  try {
    await migrateToLatest(store);
    const tenantId = await ensureTenant(store.db, flags.tenant, actor);
    if (what === 'add') {
      const { webhook, secret } = await createWebhook(store.db, {
        tenantId,
        url: flags.url!,
        format: flags.format,
        minSeverity: flags.minSeverity,
        ...(flags.daysBefore !== undefined ? { daysBefore: parseDaysBefore(flags.daysBefore) } : {}),
        secret: flags.secret === true,
        actor,
      });
      io.stdout.write(`${webhook.id}\n`);
      // The only time the secret is shown: the receiver needs it to check signatures.
      if (secret) io.stdout.write(`secret: ${secret}\n`);
      return 0;
    }
    if (what === 'list') {
      const webhooks = await listWebhooks(store.db, tenantId);
      const deliveries = await listDeliveries(store.db, { tenantId, limit: 20 });
      if (flags.json) {
        io.stdout.write(`${JSON.stringify({ webhooks, deliveries }, null, 2)}\n`);
        return 0;
      }
      for (const w of webhooks)
        io.stdout.write(
          `${w.id}  ${w.format}  >=${w.minSeverity}  days-before=${w.daysBefore.join(',') || '-'}  ${
            w.signed ? 'signed' : 'unsigned'
          }  ${w.url}\n`,
        );
      if (!webhooks.length) io.stdout.write('no webhooks\n');
      if (deliveries.length) io.stdout.write('\nlatest deliveries:\n');
      for (const d of deliveries)
        io.stdout.write(
          `${d.createdAt}  ${d.id}  ${d.event}  ${d.state}  attempts=${d.attempts}${
            d.lastStatus ? `  HTTP ${d.lastStatus}` : ''
          }${d.lastError ? `  ${d.lastError}` : ''}${d.nextAttemptAt ? `  next ${d.nextAttemptAt}` : ''}\n`,
        );
      return 0;
    }
    if (what === 'remove') {
      await removeWebhook(store.db, { tenantId, id: id!, actor });
      io.stdout.write(`${id}\n`);
      return 0;
    }
    const now = new Date();
    const deliveryId = await enqueueTest(store.db, {
      tenantId,
      webhookId: id!,
      now,
      actor,
      publicUrl: flags.publicUrl ?? 'http://localhost:8080',
    });
    const ctx = {
      store,
      now: () => new Date(),
      metrics: createMetrics(),
      logger: pino({ level: 'silent' }),
    };
    await deliverDue(ctx, { ids: [deliveryId] });
    const [delivery] = await listDeliveries(store.db, { tenantId, webhookId: id!, limit: 1 });
    const line = `${delivery?.state ?? 'unknown'}${delivery?.lastStatus ? ` HTTP ${delivery.lastStatus}` : ''}${
      delivery?.lastError ? `: ${delivery.lastError}` : ''
    }`;
    // A retryable failure stays queued: the server retries it with the other deliveries.
    io.stdout.write(
      `${deliveryId} ${line}${delivery?.state === 'pending' ? ' (the server retries it)' : ''}\n`,
    );
    return delivery?.state === 'delivered' ? 0 : 1;
  } catch (error) {
    if (error instanceof AccountError || error instanceof WebhookError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
