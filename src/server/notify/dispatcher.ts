import type { ServerContext as FullContext } from '../context.js';
import type { Database } from '../db/types.js';
import { renderBody, type WebhookEvent } from './payload.js';
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign.js';

export interface DeliveryOptions {
  /** The HTTP client: Node's global fetch unless a test gives another. */
  fetch?: typeof fetch;
  /** 0..1, for the jitter; tests pass a constant. */
  random?: () => number;
  /** Milliseconds one POST may take, answer included. */
  timeoutMs?: number;
  /** Attempts before a delivery is marked failed. */
  maxAttempts?: number;
  /** Milliseconds after the event past which it is not retried any more. */
  maxAgeMs?: number;
  /** First retry delay in milliseconds; each further one doubles, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Deliveries claimed and sent per pass. */
  batch?: number;
  /** Only these deliveries (`admin webhook test` sends its own at once). */
  ids?: string[];
  /** Stops after the batch in flight: the server is shutting down. */
  signal?: AbortSignal;
}

const DEFAULTS: Required<Omit<DeliveryOptions, 'fetch' | 'ids' | 'signal'>> &
  Pick<DeliveryOptions, 'ids' | 'signal'> = {
  random: Math.random,
  timeoutMs: 10_000,
  maxAttempts: 10,
  maxAgeMs: 24 * 3600_000,
  baseDelayMs: 30_000,
  maxDelayMs: 3600_000,
  batch: 10,
};

/** What sending needs of a server context: the CLI builds one without a data pack. */
export type ServerContext = Pick<FullContext, 'store' | 'now' | 'metrics' | 'logger'>;

type Claimed = Database['webhook_deliveries'] & { claimedUntil: string };

/**
 * Takes due deliveries by pushing their next attempt past a lease, in one short transaction
 * (`FOR UPDATE SKIP LOCKED` where rows lock, so servers sharing PostgreSQL never take the same
 * row). No transaction stays open while sending; a server that dies mid-send lets the lease lapse,
 * and another sends again: delivery is at least once, and `X-Interdict-Delivery` lets receivers
 * drop a repeat.
 */
async function claim(ctx: ServerContext, o: typeof DEFAULTS): Promise<Claimed[]> {
  const now = ctx.now();
  const claimedUntil = new Date(now.getTime() + o.timeoutMs + 60_000).toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .limit(o.batch);
    if (o.ids) query = query.where('id', 'in', o.ids);
    if (ctx.store.caps.rowLocks) query = query.forUpdate().skipLocked();
    const rows = await query.execute();
    if (!rows.length) return [];
    await trx
      .updateTable('webhook_deliveries')
      .set({ claimed_until: claimedUntil, next_attempt_at: claimedUntil })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => ({ ...r, claimedUntil }));
  });
}

type Outcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status: number | null; error: string; retryAfterMs?: number }
  | { kind: 'failed'; status: number | null; error: string };

/** 408, 429 and 5xx may pass; another 4xx (or a redirect, never followed) will not. */
export function classify(status: number, retryAfter: string | null, now: Date): Outcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return {
      kind: 'retry',
      status,
      error: `HTTP ${status}`,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  const why = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
  return { kind: 'failed', status, error: `HTTP ${status}${why}` };
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

async function send(
  row: Claimed,
  webhook: Database['webhooks'],
  o: typeof DEFAULTS & { fetch: typeof fetch },
  now: Date,
): Promise<Outcome> {
  const event = JSON.parse(row.payload) as WebhookEvent;
  const body = renderBody(webhook.format, event);
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'interdict-webhook/1',
    'x-interdict-event': row.event,
    'x-interdict-delivery': row.id,
    [TIMESTAMP_HEADER]: String(timestamp),
  };
  if (webhook.secret) headers[SIGNATURE_HEADER] = signBody(webhook.secret, timestamp, body);
  try {
    const res = await o.fetch(webhook.url, {
      method: 'POST',
      headers,
      body,
      // A redirect could point anywhere, an internal address included: it is an error instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    return classify(res.status, res.headers.get('retry-after'), now);
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const why =
      e.name === 'TimeoutError' ? `no answer within ${o.timeoutMs} ms` : (e.cause?.code ?? e.message);
    return { kind: 'retry', status: null, error: why };
  }
}

/** Exponential backoff with jitter (half fixed, half random), so failed receivers are not hit in step. */
function backoffMs(attempt: number, o: Pick<typeof DEFAULTS, 'baseDelayMs' | 'maxDelayMs' | 'random'>) {
  const delay = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(delay / 2 + (delay / 2) * o.random());
}

async function record(ctx: ServerContext, row: Claimed, outcome: Outcome, o: typeof DEFAULTS) {
  const now = ctx.now();
  const attempts = row.attempts + 1;
  let set: Partial<Database['webhook_deliveries']>;
  let result: string = outcome.kind;
  if (outcome.kind === 'retry') {
    const delay = Math.max(outcome.retryAfterMs ?? 0, backoffMs(attempts, o));
    const next = new Date(now.getTime() + delay);
    const expired = next.getTime() > Date.parse(row.created_at) + o.maxAgeMs;
    if (attempts >= o.maxAttempts || expired) {
      result = 'failed';
      set = {
        state: 'failed',
        finished_at: now.toISOString(),
        last_error: `${outcome.error}; gave up after ${attempts} attempt(s)`,
      };
    } else set = { next_attempt_at: next.toISOString(), last_error: outcome.error };
  } else if (outcome.kind === 'failed')
    set = { state: 'failed', finished_at: now.toISOString(), last_error: outcome.error };
  else set = { state: 'delivered', finished_at: now.toISOString(), last_error: null };
  // Only while the lease is ours: a server that took the row over after it lapsed owns it now.
  await ctx.store.db
    .updateTable('webhook_deliveries')
    .set({ ...set, attempts, last_status: outcome.status, claimed_until: null })
    .where('id', '=', row.id)
    .where('claimed_until', '=', row.claimedUntil)
    .execute();
  ctx.metrics.inc('interdict_webhook_attempts_total', { result: outcome.kind });
  if (result !== 'retry') ctx.metrics.inc('interdict_webhook_deliveries_total', { result });
  if (result === 'failed')
    ctx.logger.warn(
      { delivery: row.id, webhook: row.webhook_id, error: set.last_error },
      'webhook delivery failed',
    );
}

/** Sends every delivery due now, one batch after another; returns how many were attempted. */
export async function deliverDue(ctx: ServerContext, options: DeliveryOptions = {}): Promise<number> {
  const o = { ...DEFAULTS, ...options, fetch: options.fetch ?? globalThis.fetch };
  let attempted = 0;
  while (!o.signal?.aborted) {
    const rows = await claim(ctx, o);
    if (!rows.length) return attempted;
    const ids = [...new Set(rows.map((r) => r.webhook_id))];
    const webhooks = new Map(
      (await ctx.store.db.selectFrom('webhooks').selectAll().where('id', 'in', ids).execute()).map((w) => [
        w.id,
        w,
      ]),
    );
    await Promise.all(
      rows.map(async (row) => {
        const webhook = webhooks.get(row.webhook_id);
        // Removed meanwhile: its deliveries went with it.
        if (!webhook) return;
        await record(ctx, row, await send(row, webhook, o, ctx.now()), o);
      }),
    );
    attempted += rows.length;
    if (rows.length < o.batch) return attempted;
  }
  return attempted;
}

export interface Dispatcher {
  /** Lets the batch in flight finish (each POST ends within its timeout and is recorded), then stops. */
  stop(): Promise<void>;
}

/** The delivery loop of a server process: a pass every `intervalMs`, never two at once. */
export function startDispatcher(
  ctx: ServerContext,
  intervalMs: number,
  options: DeliveryOptions = {},
): Dispatcher {
  let current: Promise<void> | undefined;
  const stopping = new AbortController();
  const pass = () => {
    if (current || stopping.signal.aborted) return;
    current = deliverDue(ctx, { ...options, signal: stopping.signal })
      .then(() => undefined)
      .catch((error: unknown) => ctx.logger.error({ err: error }, 'webhook delivery pass failed'))
      .finally(() => {
        current = undefined;
      });
  };
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await current;
    },
  };
}
