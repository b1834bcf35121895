import type { Kysely } from 'kysely';
import type { StoreCapabilities } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { afterCursor, encodeCursor } from '../routes/define.js';
import type { FindingsQuery } from '../routes/schemas.js';
import { containsText } from './like.js';

type Row = Database['findings'];
const SORT_COLUMNS = {
  severity: 'severity_rank',
  lastSeen: 'last_seen',
  firstSeen: 'first_seen',
  host: 'host_name',
  product: 'product_name',
} as const satisfies Record<FindingsQuery['sort'], keyof Row>;
const DEFAULT_ORDER: Record<FindingsQuery['sort'], 'asc' | 'desc'> = {
  severity: 'asc',
  lastSeen: 'desc',
  firstSeen: 'desc',
  host: 'asc',
  product: 'asc',
};

/**
 * One page of a tenant's findings, keyset-paged (stable under inserts, no OFFSET scans). Every
 * filter value travels as a bound parameter; nothing a user sends becomes SQL text.
 */
export async function listFindings(
  db: Kysely<Database>,
  caps: StoreCapabilities,
  tenantId: string,
  q: FindingsQuery,
) {
  const column = SORT_COLUMNS[q.sort];
  const order = q.order ?? DEFAULT_ORDER[q.sort];
  const filtered = db
    .selectFrom('findings')
    .where('findings.tenant_id', '=', tenantId)
    .$if(q.state !== 'all', (qb) => qb.where('state', '=', q.state))
    .$if(!!q.status?.length, (qb) => qb.where('status', 'in', q.status!))
    .$if(!!q.severity?.length, (qb) => qb.where('severity', 'in', q.severity!))
    .$if(q.host !== undefined, (qb) => qb.where('host_name', '=', q.host!))
    .$if(q.product !== undefined, (qb) => qb.where('product_id', '=', q.product!))
    .$if(q.since !== undefined, (qb) => qb.where('last_seen', '>=', q.since!))
    .$if(q.until !== undefined, (qb) => qb.where('first_seen', '<=', endOf(q.until!)))
    .$if(q.determination !== undefined, (qb) =>
      qb.where((eb) =>
        eb.exists(
          eb
            .selectFrom('finding_determinations as fd')
            .select('fd.finding_id')
            .whereRef('fd.finding_id', '=', 'findings.id')
            .where('fd.tenant_id', '=', tenantId)
            .where('fd.determination_id', '=', q.determination!),
        ),
      ),
    )
    .$if(!!q.q, (qb) =>
      qb.where((eb) =>
        eb.or([containsText(caps, 'product_name', q.q!), containsText(caps, 'host_name', q.q!)]),
      ),
    );

  const countRow = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = filtered.select([
    'id',
    'host_name',
    'state',
    'first_seen',
    'last_seen',
    'resolved_at',
    'finding',
    column,
  ]);
  if (q.cursor)
    page = page.where(afterCursor(column, order, q.cursor, column === 'severity_rank' ? 'number' : 'string'));
  const rows = await page
    .orderBy(column, order)
    .orderBy('id', order)
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map(toFindingItem),
    total: Number(countRow.n),
    next: more && last ? encodeCursor((last as Record<string, string | number>)[column]!, last.id) : null,
  };
}

/** A bare date as an upper bound means the whole of that day. */
function endOf(value: string): string {
  return value.length === 10 ? `${value}T23:59:59.999Z` : new Date(value).toISOString();
}

export function toFindingItem(
  row: Pick<Row, 'id' | 'host_name' | 'state' | 'first_seen' | 'last_seen' | 'resolved_at' | 'finding'>,
) {
  // The stored scan finding (`FindingItem` in schemas.ts names this shape for the dashboard).
  return {
    ...(JSON.parse(row.finding) as Record<string, unknown>),
    id: row.id,
    host: row.host_name,
    state: row.state as 'open' | 'resolved',
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    resolvedAt: row.resolved_at,
  };
}
