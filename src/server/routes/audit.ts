import { OpenAPIHono, z } from '@hono/zod-openapi';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { defineRoute, json } from './define.js';

export const auditRoutes = new OpenAPIHono<AppEnv>();

const auditItem = z
  .object({
    id: z.number(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
  })
  .openapi('AuditEntry');
auditRoutes.openapi(
  defineRoute('admin', {
    method: 'get',
    path: '/api/v1/audit',
    summary: 'Audit log of your tenant, newest first (append-only)',
    request: {
      query: z.object({
        limit: z.coerce.number().int().min(1).max(1000).default(100),
        before: z.coerce.number().int().optional(),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(auditItem), next: z.number().nullable() }), 'Entries') },
  }),
  async (c) => {
    const { limit, before } = c.req.valid('query');
    const rows = await c
      .get('ctx')
      .store.db.selectFrom('audit_log')
      .selectAll()
      .where('tenant_id', '=', principalOf(c).tenantId)
      .$if(before !== undefined, (qb) => qb.where('id', '<', before!))
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map((r) => ({
      id: Number(r.id),
      at: r.at,
      actor: r.actor,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      before: r.before ? (JSON.parse(r.before) as unknown) : null,
      after: r.after ? (JSON.parse(r.after) as unknown) : null,
    }));
    return c.json({ items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null }, 200);
  },
);
