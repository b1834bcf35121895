import { OpenAPIHono, z } from '@hono/zod-openapi';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { enqueueTest } from '../notify/outbox.js';
import {
  createWebhook,
  listDeliveries,
  listWebhooks,
  removeWebhook,
  WebhookError,
} from '../notify/webhooks.js';
import { changeById, defineRoute, errorSchema, json } from './define.js';
import { idParam } from './schemas.js';

export const webhookRoutes = new OpenAPIHono<AppEnv>();

const webhookItem = z
  .object({
    id: z.string(),
    url: z.string(),
    format: z.string(),
    minSeverity: z.string(),
    daysBefore: z.array(z.number()),
    signed: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Webhook');

const deliveryItem = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    event: z.string(),
    state: z.string(),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('WebhookDelivery');

const failure = (error: unknown) => {
  if (!(error instanceof WebhookError)) throw error;
  return {
    body: { error: error.status === 404 ? 'not-found' : 'invalid', message: error.message },
    status: error.status,
  };
};

webhookRoutes.openapi(
  defineRoute('admin', {
    method: 'post',
    path: '/api/v1/webhooks',
    summary: 'Add a webhook of your tenant; with `secret: true` the signing secret is in this response only',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.strictObject({
              url: z.string().min(1).max(2000),
              format: z.enum(['json', 'slack']).optional(),
              minSeverity: z.enum(['critical', 'high', 'medium', 'low', 'info']).optional(),
              daysBefore: z.array(z.number().int().min(1).max(366)).max(20).optional(),
              secret: z.boolean().optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: {
      201: json(z.object({ webhook: webhookItem, secret: z.string().optional() }), 'Created'),
      422: json(errorSchema, 'Not an http(s) URL'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    try {
      const created = await createWebhook(ctx.store.db, {
        ...c.req.valid('json'),
        tenantId: principal.tenantId,
        actor: principal.actor,
        now: ctx.now(),
      });
      return c.json(created, 201);
    } catch (error) {
      const f = failure(error);
      return c.json(f.body, 422);
    }
  },
);

webhookRoutes.openapi(
  defineRoute('admin', {
    method: 'get',
    path: '/api/v1/webhooks',
    summary: 'Webhooks of your tenant (never their secrets) and the latest deliveries',
    responses: {
      200: json(z.object({ items: z.array(webhookItem), deliveries: z.array(deliveryItem) }), 'Webhooks'),
    },
  }),
  async (c) => {
    const { db } = c.get('ctx').store;
    const tenantId = principalOf(c).tenantId;
    const items = await listWebhooks(db, tenantId);
    const deliveries = await listDeliveries(db, { tenantId, limit: 50 });
    return c.json({ items, deliveries }, 200);
  },
);

webhookRoutes.openapi(
  defineRoute('admin', {
    method: 'delete',
    path: '/api/v1/webhooks/{id}',
    summary: 'Remove a webhook and its pending deliveries',
    request: { params: idParam() },
    responses: { 204: { description: 'Removed' }, 404: json(errorSchema, 'No such webhook in your tenant') },
  }),
  async (c) => {
    try {
      await removeWebhook(c.get('ctx').store.db, changeById(c, c.req.valid('param').id));
      return c.body(null, 204);
    } catch (error) {
      return c.json(failure(error).body, 404);
    }
  },
);

webhookRoutes.openapi(
  defineRoute('admin', {
    method: 'post',
    path: '/api/v1/webhooks/{id}/test',
    summary: 'Queue a test event for the webhook; the delivery loop sends it within seconds',
    request: { params: idParam() },
    responses: {
      202: json(z.object({ delivery: z.string() }), 'Queued'),
      404: json(errorSchema, 'No such webhook in your tenant'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    try {
      const delivery = await enqueueTest(ctx.store.db, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        webhookId: c.req.valid('param').id,
        now: ctx.now(),
        publicUrl: ctx.config.publicUrl,
      });
      return c.json({ delivery }, 202);
    } catch (error) {
      return c.json(failure(error).body, 404);
    }
  },
);
