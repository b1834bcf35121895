import { tmpdir } from 'node:os';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { DIFF_FORMAT, DIFF_MEDIA_TYPE, ResyncNeeded } from '../ingest/diff-document.js';
import { HOST_NAME, ingestInventory } from '../ingest/ingest.js';
import { FULL_RESYNC_EVERY, ingestDiff } from '../ingest/ingest-diff.js';
import { UploadRejected } from '../ingest/parse-upload.js';
import { spoolBody, type SpooledBody } from '../ingest/spool-body.js';
import { listFindings, toFindingItem } from '../queries/findings.js';
import { containsText } from '../queries/like.js';
import { decodeCursor, defineRoute, encodeCursor, errorSchema, json, pageQuery } from './define.js';
import { findingItem, hostItem } from './schemas.js';

export const hostsRoutes = new OpenAPIHono<AppEnv>();

/** Open findings returned with an upload, most severe first. */
const UPLOAD_FINDINGS_LIMIT = 500;

const hostParam = z.object({
  host: z
    .string()
    .regex(HOST_NAME, 'host names are letters, digits and . _ : -')
    .openapi({ param: { name: 'host', in: 'path' } }),
});

/** How the agent should send its next inventory: a diff against this one, or whole again. */
const checkin = z.object({
  next: z.enum(['diff', 'full']),
  base: z.string().openapi({ description: 'The inventory id a next diff names as its base' }),
});
const accepted = z.object({
  id: z.string(),
  contentHash: z.string().openapi({ description: 'sha256 of the bytes accepted' }),
  findings: z.array(findingItem),
  errors: z.array(z.unknown()),
  current: z.boolean(),
  checkin,
});

const upload = defineRoute('upload', {
  method: 'post',
  path: '/api/v1/hosts/{host}/inventories',
  summary: 'Upload an inventory of a host (any supported input format, or interdict/inventory@1 JSON)',
  description:
    'Needs the credential of this host (from enrolment) or the bulk-import right. Idempotent by content hash: 201 when new, 200 with the same id when these exact bytes were already accepted (re-applied when another inventory came since). A differential check-in (content type application/vnd.interdict.inventory-diff+json, schema interdict/inventory-diff@1) sends only what changed since the inventory `base` the server acknowledged; 409 with `resync: true` asks for the whole inventory instead.',
  request: {
    params: hostParam,
    query: z.object({
      format: z.string().max(64).optional().openapi({ description: 'Input format id; detected when absent' }),
    }),
    body: {
      content: {
        'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
      },
      required: true,
    },
  },
  responses: {
    201: json(accepted, 'Accepted'),
    200: json(accepted, 'Already accepted'),
    403: json(errorSchema, 'Not this host’s credential, nor bulk-import'),
    409: json(
      errorSchema.extend({ resync: z.literal(true) }),
      'A diff whose base is not the host’s current inventory, or that does not give the set the agent holds: send the whole inventory',
    ),
    413: json(errorSchema, 'Too large'),
    422: json(errorSchema.extend({ errors: z.array(z.unknown()) }), 'Nothing readable'),
  },
});
hostsRoutes.openapi(upload, async (c) => {
  const ctx = c.get('ctx');
  const principal = principalOf(c);
  const { host } = c.req.valid('param');
  if (principal.hostName !== undefined && principal.hostName !== host)
    return c.json(
      { error: 'forbidden', message: `this credential uploads for host ${principal.hostName} only` },
      403,
    );
  let spooled: SpooledBody | undefined;
  try {
    spooled = await spoolBody(c.req.raw.body, {
      dir: ctx.config.uploadDir ?? tmpdir(),
      limit: ctx.config.bodyLimit,
    });
    const body = { sha256: spooled.sha256, bytes: spooled.bytes };
    const format = c.req.valid('query').format;
    const isDiff = format === DIFF_FORMAT || (c.req.header('content-type') ?? '').startsWith(DIFF_MEDIA_TYPE);
    const result = isDiff
      ? await ingestDiff(ctx, principal, host, body)
      : await ingestInventory(ctx, principal, host, body, format);
    // What `listFindings` would read back for the same query, taken from the upload itself.
    const items = result.openFindings
      ? result.openFindings
          .sort((a, b) => a.severity_rank - b.severity_rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
          .slice(0, UPLOAD_FINDINGS_LIMIT)
          .map(toFindingItem)
      : (
          await listFindings(ctx.store.db, ctx.store.caps, principal.tenantId, {
            host,
            state: 'open',
            sort: 'severity',
            limit: UPLOAD_FINDINGS_LIMIT,
          })
        ).items;
    const payload = {
      id: result.id,
      contentHash: spooled.sha256,
      checkin: {
        next: result.current && result.chain < FULL_RESYNC_EVERY ? ('diff' as const) : ('full' as const),
        base: result.id,
      },
      format: result.format,
      records: result.records,
      errors: result.errors,
      current: result.current,
      findings: items as z.infer<typeof findingItem>[],
    };
    return result.created ? c.json(payload, 201) : c.json(payload, 200);
  } catch (error) {
    if (error instanceof ResyncNeeded) {
      ctx.metrics.inc('interdict_inventories_total', { result: 'resync' });
      return c.json({ error: 'resync', message: error.message, resync: true as const }, 409);
    }
    if (error instanceof UploadRejected) {
      ctx.metrics.inc('interdict_inventories_total', { result: 'rejected' });
      return c.json({ error: 'rejected', message: error.message, errors: error.errors }, error.status);
    }
    throw error;
  } finally {
    await spooled?.remove();
  }
});

const list = defineRoute('viewer', {
  method: 'get',
  path: '/api/v1/hosts',
  summary: 'List hosts (search by name, cursor paging by name)',
  request: {
    query: z.object({
      q: z.string().max(200).optional(),
      withFindings: z.enum(['true', 'false']).optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(hostItem), total: z.number(), next: z.string().nullable() }),
      'Hosts',
    ),
  },
});
hostsRoutes.openapi(list, async (c) => {
  const { db, caps } = c.get('ctx').store;
  const q = c.req.valid('query');
  const base = db
    .selectFrom('hosts')
    .where('tenant_id', '=', principalOf(c).tenantId)
    .$if(!!q.q, (qb) => qb.where(containsText(caps, 'name', q.q!)))
    .$if(q.withFindings === 'true', (qb) => qb.where('open_findings', '>', 0));
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = base.selectAll();
  if (q.cursor) page = page.where('name', '>', decodeCursor(q.cursor, 'string')[0]);
  const rows = await page
    .orderBy('name')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map(toHost);
  const last = items.at(-1);
  return c.json(
    {
      items,
      total: Number(total.n),
      next: rows.length > q.limit && last ? encodeCursor(last.name, last.id) : null,
    },
    200,
  );
});

const one = defineRoute('viewer', {
  method: 'get',
  path: '/api/v1/hosts/{host}',
  summary: 'One host with its recent inventories',
  request: { params: hostParam },
  responses: {
    200: json(
      hostItem.extend({
        inventories: z.array(
          z.object({
            id: z.string(),
            format: z.string(),
            collectedAt: z.string(),
            receivedAt: z.string(),
            records: z.number(),
            errors: z.number(),
            findings: z.number(),
            current: z.boolean(),
          }),
        ),
      }),
      'The host',
    ),
    404: json(errorSchema, 'No such host in your tenant'),
  },
});
hostsRoutes.openapi(one, async (c) => {
  const { db } = c.get('ctx').store;
  const tenantId = principalOf(c).tenantId;
  const { host } = c.req.valid('param');
  const row = await db
    .selectFrom('hosts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('name', '=', host)
    .executeTakeFirst();
  if (!row) return c.json({ error: 'not-found', message: `no host ${host}` }, 404);
  const inventories = await db
    .selectFrom('inventories')
    .select([
      'id',
      'format',
      'collected_at',
      'received_at',
      'records',
      'error_count',
      'findings',
      'superseded',
    ])
    .where('tenant_id', '=', tenantId)
    .where('host_id', '=', row.id)
    .orderBy('received_at', 'desc')
    .limit(50)
    .execute();
  return c.json(
    {
      ...toHost(row),
      inventories: inventories.map((i) => ({
        id: i.id,
        format: i.format,
        collectedAt: i.collected_at,
        receivedAt: i.received_at,
        records: i.records,
        errors: i.error_count,
        findings: i.findings,
        current: i.superseded === 0,
      })),
    },
    200,
  );
});

function toHost(row: {
  id: string;
  name: string;
  first_seen: string;
  last_seen: string;
  last_collected_at: string | null;
  open_findings: number;
}) {
  return {
    id: row.id,
    name: row.name,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    lastCollectedAt: row.last_collected_at,
    openFindings: Number(row.open_findings),
  };
}
