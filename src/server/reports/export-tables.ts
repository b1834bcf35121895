import type { Role } from '../auth/roles.js';
import type { ServerContext } from '../context.js';
import { withVotes } from '../db/vote-types.js';
import { listFindings } from '../queries/findings.js';
import type { FindingsQuery } from '../routes/schemas.js';
import type { Column, ExportTable } from './exports.js';

const PAGE = 500;

interface Source<T> {
  role: Role;
  columns: Column<T>[];
  pages: AsyncIterable<T[]>;
  toJson(row: T): unknown;
}

type Row = Record<string, unknown>;
const col = (header: string, value: (r: Row) => unknown): Column<Row> => ({
  header,
  value: (r) => {
    const v = value(r);
    return v === null || v === undefined
      ? ''
      : typeof v === 'object'
        ? JSON.stringify(v)
        : (v as string | number | boolean);
  },
});
const at = (path: string) => (r: Row) =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Row)[k] : undefined), r);

async function* pagesOf<T>(
  fetch: (offsetKey: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
) {
  let key: string | undefined;
  do {
    const page = await fetch(key);
    if (page.items.length) yield page.items;
    key = page.next;
  } while (key !== undefined);
}

/** One exportable table: who may export it, its columns, and how its pages are read. */
interface ExportDefinition {
  role: Role;
  columns: Column<Row>[];
  /** One page after `cursor` (all rows at once for small tables) and the next page's cursor. */
  fetch(scope: Scope, cursor: string | undefined): Promise<{ items: Row[]; next: string | undefined }>;
  toJson(row: Row): unknown;
}

interface Scope {
  db: ServerContext['store']['db'];
  caps: ServerContext['store']['caps'];
  pack: ServerContext['pack'];
  tenantId: string;
  filters: Partial<FindingsQuery>;
}

const findingsExport: ExportDefinition = {
  role: 'viewer',
  columns: [
    col('id', at('id')),
    col('host', at('host')),
    col('state', at('state')),
    col('status', at('status')),
    col('severity', at('severity')),
    col('product_id', at('product.id')),
    col('product', at('product.name')),
    col('vendor', at('product.vendor')),
    col('matched_on', at('match.on')),
    col('matched_value', at('match.value')),
    col('confidence', at('match.confidence')),
    col('determinations', (r) => ((r.determinations as { id: string }[]) ?? []).map((d) => d.id).join(' ')),
    col('observed_name', at('observation.name')),
    col('observed_version', at('observation.version')),
    col('observed_path', at('observation.path')),
    col('origin_source', at('observation.origin.source')),
    col('origin_format', at('observation.origin.format')),
    col('origin_locator', at('observation.origin.locator')),
    col('waiver', at('waiver.id')),
    col('first_seen', at('firstSeen')),
    col('last_seen', at('lastSeen')),
    col('resolved_at', at('resolvedAt')),
    col('remediation', at('remediation')),
  ],
  fetch: async ({ db, caps, tenantId, filters }, cursor) => {
    const page = await listFindings(db, caps, tenantId, {
      state: 'all',
      sort: 'severity',
      ...filters,
      limit: PAGE,
      ...(cursor ? { cursor } : {}),
    } as FindingsQuery);
    return { items: page.items as Row[], next: page.next ?? undefined };
  },
  toJson: (r) => r,
};

const hostsExport: ExportDefinition = {
  role: 'viewer',
  columns: [
    col('name', at('name')),
    col('first_seen', at('first_seen')),
    col('last_seen', at('last_seen')),
    col('last_collected_at', at('last_collected_at')),
    col('open_findings', at('open_findings')),
  ],
  fetch: async ({ db, tenantId }, after) => {
    const rows = await db
      .selectFrom('hosts')
      .select(['name', 'first_seen', 'last_seen', 'last_collected_at', 'open_findings'])
      .where('tenant_id', '=', tenantId)
      .$if(after !== undefined, (qb) => qb.where('name', '>', after!))
      .orderBy('name')
      .limit(PAGE)
      .execute();
    return {
      items: rows.map((r) => ({ ...r, open_findings: Number(r.open_findings) })),
      next: rows.length === PAGE ? rows.at(-1)!.name : undefined,
    };
  },
  toJson: (r) => ({
    name: r.name,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    lastCollectedAt: r.last_collected_at,
    openFindings: r.open_findings,
  }),
};

const waiversExport: ExportDefinition = {
  role: 'viewer',
  columns: [
    'public_id',
    'state',
    'scope',
    'reason',
    'expires',
    'requested_by',
    'requested_at',
    'decided_by',
    'decided_at',
    'decision_note',
    'finding_id',
  ].map((k) => col(k === 'public_id' ? 'id' : k, at(k))),
  fetch: async ({ db, tenantId }) => {
    const rows = await db
      .selectFrom('waivers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('requested_at')
      .execute();
    return { items: rows.map((r) => ({ ...r, scope: JSON.parse(r.scope) as Row })), next: undefined };
  },
  toJson: ({ id: _internal, tenant_id: _tenant, ...r }) => r,
};

const productsExport: ExportDefinition = {
  role: 'viewer',
  columns: ['id', 'name', 'vendor', 'category', 'legacy', 'platforms', 'sources'].map((k) =>
    col(k, (r) => (Array.isArray(r[k]) ? (r[k] as string[]).join(' ') : r[k])),
  ),
  fetch: async ({ pack }) => ({
    items: pack.products.map((p) => ({ ...p }) as Row),
    next: undefined,
  }),
  toJson: (r) => r,
};

const determinationsExport: ExportDefinition = {
  role: 'viewer',
  columns: [
    col('id', at('id')),
    col('title', at('title')),
    col('authority', at('authority')),
    col('kind', at('kind')),
    col('published', at('published')),
    col('profiles', (r) => (r.profiles as string[]).join(' ')),
    col('phases', (r) =>
      (r.phases as { id: string; since: string }[]).map((p) => `${p.id}@${p.since}`).join(' '),
    ),
    col('citations', (r) => (r.citations as string[]).join('; ')),
  ],
  fetch: async ({ pack }) => ({
    items: pack.determinations.map((d) => ({ ...d }) as Row),
    next: undefined,
  }),
  toJson: (r) => r,
};

const votesExport: ExportDefinition = {
  role: 'analyst',
  columns: ['finding_id', 'host_name', 'product_name', 'voter', 'correct', 'note', 'voted_at'].map((k) =>
    col(k, at(k)),
  ),
  fetch: async ({ db, tenantId }) => {
    const rows = await withVotes(db)
      .selectFrom('finding_votes as v')
      .innerJoin('findings as f', 'f.id', 'v.finding_id')
      .select([
        'v.finding_id',
        'f.host_name',
        'f.product_name',
        'v.voter',
        'v.correct',
        'v.note',
        'v.voted_at',
      ])
      .where('v.tenant_id', '=', tenantId)
      .orderBy('v.voted_at')
      .execute();
    return { items: rows.map((r) => ({ ...r, correct: Number(r.correct) === 1 })), next: undefined };
  },
  toJson: (r) => r,
};

const auditExport: ExportDefinition = {
  role: 'admin',
  columns: ['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'before', 'after'].map((k) =>
    col(k, at(k)),
  ),
  fetch: async ({ db, tenantId }, after) => {
    const rows = await db
      .selectFrom('audit_log')
      .select(['id', 'at', 'actor', 'action', 'subject_type', 'subject_id', 'before', 'after'])
      .where('tenant_id', '=', tenantId)
      .$if(after !== undefined, (qb) => qb.where('id', '>', Number(after)))
      .orderBy('id')
      .limit(PAGE)
      .execute();
    return {
      items: rows.map((r) => ({ ...r, id: Number(r.id) })),
      next: rows.length === PAGE ? String(rows.at(-1)!.id) : undefined,
    };
  },
  toJson: (r) => ({
    ...r,
    before: r.before ? JSON.parse(String(r.before)) : null,
    after: r.after ? JSON.parse(String(r.after)) : null,
  }),
};

const EXPORTS: Record<ExportTable, ExportDefinition> = {
  findings: findingsExport,
  hosts: hostsExport,
  waivers: waiversExport,
  products: productsExport,
  determinations: determinationsExport,
  votes: votesExport,
  audit: auditExport,
};

/** Where each exportable table's rows come from, keyset-paged, and the least role that may export it. */
export function openExport(
  ctx: ServerContext,
  tenantId: string,
  table: ExportTable,
  filters: Partial<FindingsQuery>,
): Source<Row> {
  const { role, columns, fetch, toJson } = EXPORTS[table];
  const scope: Scope = { db: ctx.store.db, caps: ctx.store.caps, pack: ctx.pack, tenantId, filters };
  return { role, columns, pages: pagesOf((cursor) => fetch(scope, cursor)), toJson };
}
