import { OpenAPIHono, z } from '@hono/zod-openapi';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { listFindings, toFindingItem } from '../queries/findings.js';
import { readSummary } from '../queries/summary.js';
import { defineRoute, json } from './define.js';
import { findingEvent, findingItem, findingPage, findingsQuery, idParam } from './schemas.js';

export const findingsRoutes = new OpenAPIHono<AppEnv>();

const list = defineRoute('viewer', {
  method: 'get',
  path: '/api/v1/findings',
  summary: 'List findings (filter, search, sort, cursor paging)',
  request: { query: findingsQuery },
  responses: { 200: json(findingPage, 'One page of findings') },
});
findingsRoutes.openapi(list, async (c) => {
  const ctx = c.get('ctx');
  const page = await listFindings(
    ctx.store.db,
    ctx.store.caps,
    principalOf(c).tenantId,
    c.req.valid('query'),
  );
  return c.json(page as z.infer<typeof findingPage>, 200);
});

const one = defineRoute('viewer', {
  method: 'get',
  path: '/api/v1/findings/{id}',
  summary: 'One finding with its history',
  request: { params: idParam() },
  responses: {
    200: json(findingItem.extend({ history: z.array(findingEvent) }), 'The finding'),
    404: json(z.object({ error: z.string(), message: z.string() }), 'No such finding in your tenant'),
  },
});
findingsRoutes.openapi(one, async (c) => {
  const { db } = c.get('ctx').store;
  const tenantId = principalOf(c).tenantId;
  const { id } = c.req.valid('param');
  const row = await db
    .selectFrom('findings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return c.json({ error: 'not-found', message: `no finding ${id}` }, 404);
  const events = await db
    .selectFrom('finding_events')
    .select(['at', 'kind', 'from_status', 'to_status', 'cause'])
    .where('tenant_id', '=', tenantId)
    .where('finding_id', '=', id)
    .orderBy('id')
    .execute();
  const history = events.map((e) => ({
    at: e.at,
    kind: e.kind,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    cause: e.cause,
  }));
  return c.json({ ...(toFindingItem(row) as z.infer<typeof findingItem>), history }, 200);
});

const summaryPoint = z.object({
  date: z.string(),
  open: z.number(),
  byStatus: z.record(z.string(), z.number()),
});
const summary = defineRoute('viewer', {
  method: 'get',
  path: '/api/v1/summary',
  summary: 'Counts by status and severity, hosts, and daily history',
  request: { query: z.object({ days: z.coerce.number().int().min(1).max(730).default(90) }) },
  responses: {
    200: json(
      z
        .object({
          findings: z.number(),
          resolved: z.number(),
          byStatus: z.record(z.string(), z.number()),
          bySeverity: z.record(z.string(), z.number()),
          hosts: z.object({ total: z.number(), withFindings: z.number() }),
          history: z.array(summaryPoint),
        })
        .openapi('Summary'),
      'Summary',
    ),
  },
});
findingsRoutes.openapi(summary, async (c) => {
  const ctx = c.get('ctx');
  return c.json(
    await readSummary(ctx.store.db, principalOf(c).tenantId, c.req.valid('query').days, ctx.now()),
    200,
  );
});
