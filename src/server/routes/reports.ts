import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Finding } from '../../core/finding.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { hasRole } from '../auth/roles.js';
import { toFindingItem } from '../queries/findings.js';
import { buildAttestation } from '../reports/attestation.js';
import { openExport } from '../reports/export-tables.js';
import { EXPORT_TABLES, streamExport } from '../reports/exports.js';
import { buildFarReport } from '../reports/far-report.js';
import { defineRoute, errorSchema, json } from './define.js';
import { findingsQuery, idParam } from './schemas.js';
import { isoDay } from '../../core/dates.js';

/** Reports for auditors and the dashboard's aggregate views: attestation, FAR draft, exports, stats. */
export const reportsRoutes = new OpenAPIHono<AppEnv>();

const report = z.looseObject({ kind: z.string() });

reportsRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/reports/attestation',
    summary:
      'Attestation for a date: what was scanned and when, coverage, open and resolved findings, waivers and approvers, endpoints affected',
    request: {
      query: z.object({
        date: z.iso.date().optional().openapi({ description: 'Report date (YYYY-MM-DD); today when absent' }),
        staleDays: z.coerce.number().int().min(1).max(365).default(30),
      }),
    },
    responses: { 200: json(report, 'interdict/attestation@1'), 422: json(errorSchema, 'Date in the future') },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const q = c.req.valid('query');
    const today = isoDay(ctx.now());
    const date = q.date ?? today;
    if (date > today)
      return c.json(
        {
          error: 'invalid',
          message: `date ${date} lies in the future; an attestation speaks for what was known`,
        },
        422,
      );
    const body = await buildAttestation(ctx.store.db, principal.tenantId, {
      date,
      staleDays: q.staleDays,
      now: ctx.now(),
      pack: ctx.pack,
      generatedBy: principal.actor,
    });
    return c.json(body, 200);
  },
);

reportsRoutes.openapi(
  defineRoute('analyst', {
    method: 'get',
    path: '/api/v1/findings/{id}/far-report',
    summary: 'Draft of the FAR 52.204-23(c) report for a finding, with its 3- and 10-business-day clocks',
    request: {
      params: idParam(),
    },
    responses: {
      200: json(report, 'interdict/far-52.204-23-report@1'),
      404: json(errorSchema, 'No such finding in your tenant'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const row = await ctx.store.db
      .selectFrom('findings')
      .selectAll()
      .where('tenant_id', '=', principal.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return c.json({ error: 'not-found', message: `no finding ${id}` }, 404);
    const tenant = await ctx.store.db
      .selectFrom('tenants')
      .select(['name', 'profile'])
      .where('id', '=', principal.tenantId)
      .executeTakeFirstOrThrow();
    const finding = toFindingItem(row) as unknown as Finding & {
      id: string;
      host: string;
      firstSeen: string;
      state: string;
      resolvedAt: string | null;
    };
    return c.json(buildFarReport({ finding, tenant, pack: ctx.pack, now: ctx.now() }), 200);
  },
);

reportsRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/exports/{table}',
    summary:
      'Export a whole table as CSV or JSON (findings take the same filters as /findings; state defaults to all)',
    request: {
      params: z.object({ table: z.enum(EXPORT_TABLES).openapi({ param: { name: 'table', in: 'path' } }) }),
      query: findingsQuery.omit({ limit: true, cursor: true, state: true }).extend({
        format: z.enum(['csv', 'json']).default('csv'),
        state: z.enum(['open', 'resolved', 'all']).default('all'),
      }),
    },
    responses: {
      200: {
        description: 'The table',
        content: {
          'text/csv': { schema: z.string() },
          'application/json': { schema: z.looseObject({ table: z.string(), items: z.array(z.unknown()) }) },
        },
      },
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const { table } = c.req.valid('param');
    const { format, ...filters } = c.req.valid('query');
    const source = openExport(ctx, principal.tenantId, table, filters);
    if (!hasRole(principal.role, source.role)) {
      return c.json(
        {
          error: 'forbidden',
          message: `exporting ${table} needs the ${source.role} role; you have ${principal.role}`,
        },
        403,
      ) as never;
    }
    const now = ctx.now();
    const stream = streamExport(format, { table, generatedAt: now.toISOString(), ...source });
    const name = `interdict-${table}-${isoDay(now)}.${format}`;
    return c.body(stream, 200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
    }) as never;
  },
);

const counts = z.record(z.string(), z.object({ open: z.number(), hosts: z.number() }));
reportsRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/stats',
    summary:
      'Your organisation and its profile; open findings and affected hosts per catalog product and per determination',
    responses: {
      200: json(
        z
          .object({
            tenant: z.object({ name: z.string(), profile: z.string() }),
            products: counts,
            determinations: counts,
          })
          .openapi('Stats'),
        'Counts',
      ),
    },
  }),
  async (c) => {
    const { db } = c.get('ctx').store;
    const tenantId = principalOf(c).tenantId;
    const [tenant, products, determinations] = await Promise.all([
      db
        .selectFrom('tenants')
        .select(['name', 'profile'])
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('findings')
        .select([
          'product_id as key',
          (eb) => eb.fn.countAll<number>().as('open'),
          (eb) => eb.fn.count<number>('host_id').distinct().as('hosts'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('state', '=', 'open')
        .groupBy('product_id')
        .execute(),
      db
        .selectFrom('finding_determinations as fd')
        .innerJoin('findings as f', 'f.id', 'fd.finding_id')
        .select([
          'fd.determination_id as key',
          (eb) => eb.fn.countAll<number>().as('open'),
          (eb) => eb.fn.count<number>('f.host_id').distinct().as('hosts'),
        ])
        .where('fd.tenant_id', '=', tenantId)
        .where('f.state', '=', 'open')
        .groupBy('fd.determination_id')
        .execute(),
    ]);
    const toMap = (rows: { key: string; open: number; hosts: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.key, { open: Number(r.open), hosts: Number(r.hosts) }]));
    return c.json({ tenant, products: toMap(products), determinations: toMap(determinations) }, 200);
  },
);
