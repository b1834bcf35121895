import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Finding } from '../../core/finding.js';
import { isAtOrAbove, type Severity } from '../../core/status.js';
import { writeAudit } from '../audit.js';
import type { Database } from '../db/types.js';
import { eventFinding, MAX_LISTED, trimSlash, type WebhookEvent } from './payload.js';
import { WebhookError } from './webhooks.js';

type Webhook = Database['webhooks'];

/**
 * Writes one delivery into the outbox, in the caller's transaction: it commits with the change it
 * reports, or not at all. A second event with the same key for this webhook is dropped.
 */
export async function enqueue(
  trx: Kysely<Database>,
  webhook: Pick<Webhook, 'id' | 'tenant_id'>,
  event: WebhookEvent,
  dedupeKey: string,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('webhook_deliveries')
    .values({
      id: event.id,
      tenant_id: webhook.tenant_id,
      webhook_id: webhook.id,
      event: event.type,
      dedupe_key: dedupeKey,
      payload: JSON.stringify(event),
      state: 'pending',
      attempts: 0,
      next_attempt_at: event.time,
      claimed_until: null,
      last_status: null,
      last_error: null,
      created_at: event.time,
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['webhook_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function tenantRef(db: Kysely<Database>, tenantId: string) {
  const row = await db
    .selectFrom('tenants')
    .select(['id', 'slug'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return { id: row.id, slug: row.slug };
}

export interface OpenedFindings {
  tenantId: string;
  host: { id: string; name: string };
  inventoryId: string;
  /** Findings this upload opened or reopened, with their ids. */
  opened: { id: string; finding: Finding }[];
  at: string;
  publicUrl: string;
}

/**
 * One event per upload and webhook listing the new findings at or above its severity, written in
 * the ingest transaction. A retried identical upload is a no-op before this point; the upload
 * running again (a shared transaction that failed, then alone) writes under the same key.
 */
export async function enqueueOpenedFindings(trx: Kysely<Database>, o: OpenedFindings): Promise<number> {
  if (!o.opened.length) return 0;
  const webhooks = await trx.selectFrom('webhooks').selectAll().where('tenant_id', '=', o.tenantId).execute();
  if (!webhooks.length) return 0;
  let tenant: { id: string; slug: string } | undefined;
  let written = 0;
  for (const webhook of webhooks) {
    const relevant = o.opened
      .filter((f) => isAtOrAbove(f.finding.severity, webhook.min_severity as Severity))
      .sort(
        (a, b) => a.finding.product.name.localeCompare(b.finding.product.name) || a.id.localeCompare(b.id),
      );
    if (!relevant.length) continue;
    tenant ??= await tenantRef(trx, o.tenantId);
    const worst = relevant.some((f) => f.finding.severity === 'critical')
      ? 'critical'
      : relevant[0]!.finding.severity;
    const event: WebhookEvent = {
      schema: 'interdict/webhook@1',
      type: 'findings.opened',
      id: randomUUID(),
      time: o.at,
      tenant,
      summary: `${relevant.length} new ${worst} finding(s) on ${o.host.name}`,
      host: { id: o.host.id, name: o.host.name, inventory: o.inventoryId },
      findings: relevant
        .slice(0, MAX_LISTED)
        .map((f) => eventFinding(o.publicUrl, f.id, o.host.name, f.finding)),
      total: relevant.length,
      dashboard: `${trimSlash(o.publicUrl)}/hosts/${encodeURIComponent(o.host.name)}`,
    };
    // The inventory and the time it was received: the same bytes sent again after another inventory
    // (applied again, findings reopened) are a new event, a retry of one transaction is not.
    if (await enqueue(trx, webhook, event, `findings:${o.inventoryId}:${o.at}`)) written++;
  }
  return written;
}

/** `admin webhook test`: a test event, sent like any other. */
export async function enqueueTest(
  db: Kysely<Database>,
  o: { tenantId: string; webhookId: string; now: Date; publicUrl: string; actor: string },
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const webhook = await trx
      .selectFrom('webhooks')
      .select(['id', 'tenant_id'])
      .where('tenant_id', '=', o.tenantId)
      .where('id', '=', o.webhookId)
      .executeTakeFirst();
    if (!webhook) throw new WebhookError(`webhook ${o.webhookId}: no such webhook in this tenant`, 404);
    const event: WebhookEvent = {
      schema: 'interdict/webhook@1',
      type: 'test',
      id: randomUUID(),
      time: o.now.toISOString(),
      tenant: await tenantRef(trx, o.tenantId),
      summary: 'interdict test notification: this webhook receives events',
      dashboard: trimSlash(o.publicUrl),
    };
    await enqueue(trx, webhook, event, `test:${event.id}`);
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'webhook.test',
      subjectType: 'webhook',
      subjectId: webhook.id,
      after: { delivery: event.id },
      at: o.now,
    });
    return event.id;
  });
}
