import { OpenAPIHono, z } from '@hono/zod-openapi';
import { sql, type RawBuilder } from 'kysely';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { containsText } from '../queries/like.js';
import { afterCursor, defineRoute, encodeCursor, json, pageQuery } from './define.js';
import { hostItem } from './schemas.js';

/** The dashboard's host table: like GET /hosts, plus sorting by any column, keyset-paged. */
export const hostListRoutes = new OpenAPIHono<AppEnv>();

const HOST_SORTS = ['name', 'openFindings', 'lastSeen', 'lastCollectedAt'] as const;
// NULL sorts differently on SQLite and PostgreSQL; an empty string sorts first on both.
const COLUMNS: Record<(typeof HOST_SORTS)[number], RawBuilder<string | number>> = {
  name: sql`name`,
  openFindings: sql`open_findings`,
  lastSeen: sql`last_seen`,
  lastCollectedAt: sql`coalesce(last_collected_at, '')`,
};
const NATURAL = { name: 'asc', openFindings: 'desc', lastSeen: 'desc', lastCollectedAt: 'asc' } as const;

hostListRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/host-list',
    summary: 'Hosts with search, a filter, sorting by any column and cursor paging (the dashboard table)',
    request: {
      query: z.object({
        q: z.string().max(200).optional(),
        withFindings: z.enum(['true', 'false']).optional(),
        sort: z.enum(HOST_SORTS).default('name'),
        order: z.enum(['asc', 'desc']).optional(),
        ...pageQuery,
      }),
    },
    responses: {
      200: json(
        z.object({ items: z.array(hostItem), total: z.number(), next: z.string().nullable() }),
        'Hosts',
      ),
    },
  }),
  async (c) => {
    const { db, caps } = c.get('ctx').store;
    const q = c.req.valid('query');
    const column = COLUMNS[q.sort];
    const order = q.order ?? NATURAL[q.sort];
    const base = db
      .selectFrom('hosts')
      .where('tenant_id', '=', principalOf(c).tenantId)
      .$if(!!q.q, (qb) => qb.where(containsText(caps, 'name', q.q!)))
      .$if(q.withFindings === 'true', (qb) => qb.where('open_findings', '>', 0));
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    let page = base.select([
      'id',
      'name',
      'first_seen',
      'last_seen',
      'last_collected_at',
      'open_findings',
      column.as('sort_key'),
    ]);
    if (q.cursor)
      page = page.where(
        afterCursor(column, order, q.cursor, q.sort === 'openFindings' ? 'number' : 'string'),
      );
    const rows = await page
      .orderBy(column, order)
      .orderBy('id', order)
      .limit(q.limit + 1)
      .execute();
    const items = rows.slice(0, q.limit);
    const last = items.at(-1);
    return c.json(
      {
        items: items.map((r) => ({
          id: r.id,
          name: r.name,
          firstSeen: r.first_seen,
          lastSeen: r.last_seen,
          lastCollectedAt: r.last_collected_at,
          openFindings: Number(r.open_findings),
        })),
        total: Number(total.n),
        next:
          rows.length > q.limit && last
            ? encodeCursor(q.sort === 'openFindings' ? Number(last.sort_key) : String(last.sort_key), last.id)
            : null,
      },
      200,
    );
  },
);
