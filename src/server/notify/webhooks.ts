import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SEVERITIES, type Severity } from '../../core/status.js';
import { writeAudit } from '../audit.js';
import type { Database } from '../db/types.js';

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 422 = 422,
  ) {
    super(message);
  }
}

const FORMATS = ['json', 'slack'] as const;

export interface WebhookInput {
  tenantId: string;
  url: string;
  format?: string;
  minSeverity?: string;
  /** Days before a phase date to remind; an empty list: no reminders. */
  daysBefore?: number[];
  /** Sign bodies with a new random secret, returned once. */
  secret?: boolean;
  actor: string;
  now?: Date;
}

/** What lists show: never the secret, only whether there is one. */
export interface WebhookView {
  id: string;
  url: string;
  format: string;
  minSeverity: string;
  daysBefore: number[];
  signed: boolean;
  createdBy: string;
  createdAt: string;
}

/**
 * Only http and https: a webhook is fetched by the server, so `file:`, `data:` or another scheme
 * must never reach fetch. Credentials in the URL would be shown by every list; they are refused.
 */
export function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookError(`--url ${raw}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WebhookError(`--url ${raw}: only http:// and https:// webhooks are sent`);
  if (url.username || url.password)
    throw new WebhookError(`--url: no user or password in the URL; sign with --secret instead`);
  if (raw.length > 2000) throw new WebhookError('--url: longer than 2000 characters');
  return url.toString();
}

export function parseDaysBefore(text: string): number[] {
  if (!text.trim()) return [];
  const days = text.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 1 || n > 366)
      throw new WebhookError(`--days-before ${text}: "${part}" is not a whole number of days from 1 to 366`);
    return n;
  });
  return [...new Set(days)].sort((a, b) => b - a);
}

function viewOf(row: Database['webhooks']): WebhookView {
  return {
    id: row.id,
    url: row.url,
    format: row.format,
    minSeverity: row.min_severity,
    daysBefore: parseDaysBefore(row.days_before),
    signed: row.secret !== null,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** Stores a webhook and audits it in one transaction; returns its id and the secret (shown once). */
export async function createWebhook(
  db: Kysely<Database>,
  input: WebhookInput,
): Promise<{ webhook: WebhookView; secret?: string }> {
  const url = checkWebhookUrl(input.url);
  const format = input.format ?? 'json';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new WebhookError(`--format ${format}: expected ${FORMATS.join(' or ')}`);
  const minSeverity = input.minSeverity ?? 'high';
  if (!(SEVERITIES as readonly string[]).includes(minSeverity))
    throw new WebhookError(`--min-severity ${minSeverity}: expected one of ${SEVERITIES.join(', ')}`);
  const daysBefore = [...new Set(input.daysBefore ?? [30, 7, 1])].sort((a, b) => b - a);
  for (const d of daysBefore)
    if (!Number.isInteger(d) || d < 1 || d > 366)
      throw new WebhookError(`--days-before: ${d} is not a whole number of days from 1 to 366`);
  const secret = input.secret ? randomBytes(32).toString('base64url') : undefined;
  const now = input.now ?? new Date();
  const row: Database['webhooks'] = {
    id: randomUUID(),
    tenant_id: input.tenantId,
    url,
    format,
    min_severity: minSeverity as Severity,
    days_before: daysBefore.join(','),
    secret: secret ?? null,
    created_by: input.actor,
    created_at: now.toISOString(),
  };
  const webhook = viewOf(row);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('webhooks').values(row).execute();
    await writeAudit(trx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'webhook.create',
      subjectType: 'webhook',
      subjectId: row.id,
      after: webhook,
      at: now,
    });
  });
  return { webhook, ...(secret ? { secret } : {}) };
}

export async function listWebhooks(db: Kysely<Database>, tenantId: string): Promise<WebhookView[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(viewOf);
}

/** Deletes a webhook of the tenant with its deliveries (pending ones are never sent). */
export async function removeWebhook(
  db: Kysely<Database>,
  o: { tenantId: string; id: string; actor: string; now?: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('webhooks')
      .selectAll()
      .where('tenant_id', '=', o.tenantId)
      .where('id', '=', o.id)
      .executeTakeFirst();
    if (!row) throw new WebhookError(`webhook ${o.id}: no such webhook in this tenant`, 404);
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', o.id).execute();
    await trx.deleteFrom('webhooks').where('id', '=', o.id).execute();
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'webhook.remove',
      subjectType: 'webhook',
      subjectId: o.id,
      before: viewOf(row),
      at: o.now ?? new Date(),
    });
  });
}

export interface DeliveryView {
  id: string;
  webhookId: string;
  event: string;
  state: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The latest deliveries of the tenant (of one webhook when given), newest first. */
export async function listDeliveries(
  db: Kysely<Database>,
  o: { tenantId: string; webhookId?: string; limit?: number },
): Promise<DeliveryView[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('tenant_id', '=', o.tenantId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(o.limit ?? 20);
  if (o.webhookId) query = query.where('webhook_id', '=', o.webhookId);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    webhookId: r.webhook_id,
    event: r.event,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }));
}
