import { randomBytes, randomUUID } from 'node:crypto';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql, type Kysely } from 'kysely';
import { writeAudit } from '../audit.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import type { Principal } from '../auth/principal.js';
import { hasRole } from '../auth/roles.js';
import type { Database } from '../db/types.js';
import { runJobs, scheduleReevaluations } from '../jobs.js';
import { claimPostSlot } from '../post-slots.js';
import { defineRoute, errorSchema, json } from './define.js';
import { commentItem, waiverItem, waiverScope, idParam } from './schemas.js';
import { isoDay } from '../../core/dates.js';

export const collaborationRoutes = new OpenAPIHono<AppEnv>();

const notFound = json(errorSchema, 'Not found in your tenant');
const tooSoon = json(errorSchema, 'Rate limited: `retryAfter` seconds to wait');
const conflict = json(errorSchema, 'Not in a state that allows this');

type PostKind = 'comments' | 'waivers';

/** Four eyes need to know the person: a token of nobody (or a host credential) cannot take part. */
function noPerson(c: Context<AppEnv>) {
  return c.json(
    {
      error: 'forbidden',
      message: 'waivers need a person: log in, or use a token created by a logged-in user',
    },
    403,
  );
}

/**
 * One comment and one waiver request per user per interval; the answer says how long to wait. This
 * read is the cheap early answer (and covers posts from before the post_slots table); the binding
 * check is `claimSlot`, inside the transaction that stores the post.
 */
async function checkInterval(c: Context<AppEnv>, table: PostKind, principal: Principal) {
  const ctx = c.get('ctx');
  const interval = ctx.config.postInterval;
  if (interval <= 0) return undefined;
  const since = new Date(ctx.now().getTime() - interval * 1000).toISOString();
  const last =
    table === 'comments'
      ? await ctx.store.db
          .selectFrom('comments')
          .select('created_at as at')
          .where('author_id', '=', principal.id)
          .where('created_at', '>', since)
          .orderBy('created_at', 'desc')
          .executeTakeFirst()
      : await ctx.store.db
          .selectFrom('waivers')
          .select('requested_at as at')
          // Per person, like four eyes: a second token does not buy a second waiver request.
          .where('requested_by_user', '=', principal.userId ?? '')
          .where('requested_at', '>', since)
          .orderBy('requested_at', 'desc')
          .executeTakeFirst();
  return last ? rateLimited(c, table, last.at) : undefined;
}

/** Takes this user's post slot atomically (the row lock holds across servers); the last post's time when taken. */
async function claimSlot(c: Context<AppEnv>, trx: Kysely<Database>, table: PostKind, principal: Principal) {
  const ctx = c.get('ctx');
  const key =
    table === 'comments' ? `comment:${principal.id}` : `waiver:${principal.userId ?? principal.actor}`;
  return claimPostSlot(trx, key, ctx.now(), ctx.config.postInterval);
}

function rateLimited(c: Context<AppEnv>, table: PostKind, lastAt: string) {
  const ctx = c.get('ctx');
  const interval = ctx.config.postInterval;
  const retryAfter = Math.max(
    1,
    Math.ceil((Date.parse(lastAt) + interval * 1000 - ctx.now().getTime()) / 1000),
  );
  c.header('Retry-After', String(retryAfter));
  const what = table === 'comments' ? 'comment' : 'waiver request';
  return c.json(
    {
      error: 'rate-limited',
      message: `one ${what} per ${interval} seconds; wait ${retryAfter} seconds`,
      retryAfter,
    },
    429,
  );
}

function toWaiver(r: Database['waivers']) {
  return {
    id: r.public_id,
    scope: JSON.parse(r.scope) as Record<string, string>,
    reason: r.reason,
    expires: r.expires,
    state: r.state as 'requested' | 'approved' | 'rejected' | 'revoked',
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    findingId: r.finding_id,
  };
}

async function findWaiver(c: Context<AppEnv>, id: string) {
  return c
    .get('ctx')
    .store.db.selectFrom('waivers')
    .selectAll()
    .where('tenant_id', '=', principalOf(c).tenantId)
    .where('public_id', '=', id)
    .executeTakeFirst();
}

collaborationRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/waivers',
    summary: 'Waivers of your tenant',
    request: {
      query: z.object({ state: z.enum(['requested', 'approved', 'rejected', 'revoked']).optional() }),
    },
    responses: { 200: json(z.object({ items: z.array(waiverItem) }), 'Waivers') },
  }),
  async (c) => {
    const { state } = c.req.valid('query');
    const rows = await c
      .get('ctx')
      .store.db.selectFrom('waivers')
      .selectAll()
      .where('tenant_id', '=', principalOf(c).tenantId)
      .$if(state !== undefined, (qb) => qb.where('state', '=', state!))
      .orderBy('requested_at', 'desc')
      .limit(1000)
      .execute();
    return c.json({ items: rows.map(toWaiver) }, 200);
  },
);

collaborationRoutes.openapi(
  defineRoute('analyst', {
    method: 'post',
    path: '/api/v1/waivers',
    summary: 'Request a waiver (an approver decides)',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.strictObject({
              scope: waiverScope,
              reason: z.string().min(10).max(4000),
              expires: z.iso.date(),
              findingId: z.string().max(64).optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: {
      201: json(waiverItem, 'Requested'),
      403: json(errorSchema, 'Not a person: a token of nobody'),
      404: notFound,
      422: json(errorSchema, 'Invalid waiver'),
      429: tooSoon,
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const body = c.req.valid('json');
    if (!principal.userId) return noPerson(c);
    const limited = await checkInterval(c, 'waivers', principal);
    if (limited) return limited;
    const now = ctx.now();
    if (body.expires <= isoDay(now)) {
      return c.json({ error: 'invalid', message: 'expires must lie in the future' }, 422);
    }
    if (body.findingId) {
      const f = await ctx.store.db
        .selectFrom('findings')
        .select('id')
        .where('tenant_id', '=', principal.tenantId)
        .where('id', '=', body.findingId)
        .executeTakeFirst();
      if (!f) return c.json({ error: 'not-found', message: `no finding ${body.findingId}` }, 404);
    }
    const row: Database['waivers'] = {
      id: randomUUID(),
      tenant_id: principal.tenantId,
      public_id: `W-${randomBytes(5).toString('hex').toUpperCase()}`,
      scope: JSON.stringify(body.scope),
      reason: body.reason,
      expires: body.expires,
      state: 'requested',
      requested_by: principal.actor,
      requested_by_user: principal.userId,
      requested_at: now.toISOString(),
      decided_by: null,
      decided_at: null,
      decision_note: null,
      finding_id: body.findingId ?? null,
    };
    const taken = await ctx.store.db.transaction().execute(async (trx) => {
      const last = await claimSlot(c, trx, 'waivers', principal);
      if (last) return last;
      await trx.insertInto('waivers').values(row).execute();
      await writeAudit(trx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'waiver.request',
        subjectType: 'waiver',
        subjectId: row.public_id,
        after: toWaiver(row),
        at: now,
      });
      return undefined;
    });
    if (taken) return rateLimited(c, 'waivers', taken);
    return c.json(toWaiver(row), 201);
  },
);

collaborationRoutes.openapi(
  defineRoute('approver', {
    method: 'post',
    path: '/api/v1/waivers/{id}/decision',
    summary: 'Approve, reject or revoke a waiver (not your own request)',
    request: {
      params: idParam(),
      body: {
        content: {
          'application/json': {
            schema: z.strictObject({
              decision: z.enum(['approve', 'reject', 'revoke']),
              note: z.string().max(4000).optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: {
      200: json(waiverItem, 'Decided'),
      403: json(errorSchema, 'Four eyes: not your own request'),
      404: notFound,
      409: conflict,
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const { decision, note } = c.req.valid('json');
    const waiver = await findWaiver(c, c.req.valid('param').id);
    if (!waiver) return c.json({ error: 'not-found', message: 'no such waiver' }, 404);
    if (!principal.userId) return noPerson(c);
    // Per person: a second token of the requester is still the requester. Waivers from before
    // tokens had owners fall back to the actor string.
    const own = waiver.requested_by_user
      ? waiver.requested_by_user === principal.userId
      : waiver.requested_by === principal.actor;
    if (own) {
      return c.json(
        { error: 'forbidden', message: 'a waiver needs an approver other than the person who requested it' },
        403,
      );
    }
    const allowed = decision === 'revoke' ? waiver.state === 'approved' : waiver.state === 'requested';
    if (!allowed)
      return c.json(
        { error: 'conflict', message: `cannot ${decision} a waiver that is ${waiver.state}` },
        409,
      );
    const now = ctx.now();
    const state = { approve: 'approved', reject: 'rejected', revoke: 'revoked' }[decision];
    const after: Database['waivers'] = {
      ...waiver,
      state,
      decided_by: principal.actor,
      decided_at: now.toISOString(),
      decision_note: note ?? null,
    };
    await ctx.store.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('waivers')
        .set({
          state,
          decided_by: after.decided_by,
          decided_at: after.decided_at,
          decision_note: after.decision_note,
        })
        .where('id', '=', waiver.id)
        .where('state', '=', waiver.state)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new Error('waiver changed concurrently');
      if (decision !== 'reject') {
        await trx
          .updateTable('tenants')
          .set({ waiver_version: sql`waiver_version + 1` })
          .where('id', '=', principal.tenantId)
          .execute();
      }
      await writeAudit(trx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: `waiver.${decision}`,
        subjectType: 'waiver',
        subjectId: waiver.public_id,
        before: toWaiver(waiver),
        after: toWaiver(after),
        at: now,
      });
    });
    if (decision !== 'reject' && ctx.config.backgroundJobs) {
      // Findings follow the decision in the background; the response does not wait for them.
      void scheduleReevaluations(ctx)
        .then(() => runJobs(ctx))
        .catch((error: unknown) =>
          ctx.logger.error({ err: error }, 're-evaluation after waiver decision failed'),
        );
    }
    return c.json(toWaiver(after), 200);
  },
);

for (const subject of ['findings', 'waivers'] as const) {
  const subjectType = subject === 'findings' ? 'finding' : 'waiver';
  async function resolveSubject(c: Context<AppEnv>, id: string): Promise<string | undefined> {
    if (subject === 'waivers') return (await findWaiver(c, id))?.id;
    const row = await c
      .get('ctx')
      .store.db.selectFrom('findings')
      .select('id')
      .where('tenant_id', '=', principalOf(c).tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.id;
  }

  collaborationRoutes.openapi(
    defineRoute('viewer', {
      method: 'get',
      path: `/api/v1/${subject}/{id}/comments`,
      summary: `Comment thread of a ${subjectType} (pending comments only for their author and approvers)`,
      request: { params: idParam() },
      responses: { 200: json(z.object({ items: z.array(commentItem) }), 'Comments'), 404: notFound },
    }),
    async (c) => {
      const principal = principalOf(c);
      const subjectId = await resolveSubject(c, c.req.valid('param').id);
      if (!subjectId) return c.json({ error: 'not-found', message: `no such ${subjectType}` }, 404);
      const moderator = hasRole(principal.role, 'approver');
      const rows = await c
        .get('ctx')
        .store.db.selectFrom('comments')
        .selectAll()
        .where('tenant_id', '=', principal.tenantId)
        .where('subject_type', '=', subjectType)
        .where('subject_id', '=', subjectId)
        .$if(!moderator, (qb) =>
          qb.where((eb) => eb.or([eb('state', '=', 'visible'), eb('author_id', '=', principal.id)])),
        )
        .orderBy('created_at')
        .execute();
      return c.json({ items: rows.map(toComment) }, 200);
    },
  );

  collaborationRoutes.openapi(
    defineRoute('viewer', {
      method: 'post',
      path: `/api/v1/${subject}/{id}/comments`,
      summary: `Comment on a ${subjectType}; comments of non-approvers wait for approval`,
      request: {
        params: idParam(),
        body: {
          content: {
            'application/json': { schema: z.strictObject({ body: z.string().trim().min(1).max(10_000) }) },
          },
          required: true,
        },
      },
      responses: { 201: json(commentItem, 'Posted'), 404: notFound, 429: tooSoon },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const principal = principalOf(c);
      const subjectId = await resolveSubject(c, c.req.valid('param').id);
      if (!subjectId) return c.json({ error: 'not-found', message: `no such ${subjectType}` }, 404);
      const limited = await checkInterval(c, 'comments', principal);
      if (limited) return limited;
      const now = ctx.now();
      const row: Database['comments'] = {
        id: randomUUID(),
        tenant_id: principal.tenantId,
        subject_type: subjectType,
        subject_id: subjectId,
        author_id: principal.id,
        author_name: principal.actor,
        body: c.req.valid('json').body,
        state: hasRole(principal.role, 'approver') ? 'visible' : 'pending',
        created_at: now.toISOString(),
        moderated_by: null,
      };
      const taken = await ctx.store.db.transaction().execute(async (trx) => {
        const last = await claimSlot(c, trx, 'comments', principal);
        if (last) return last;
        await trx.insertInto('comments').values(row).execute();
        await writeAudit(trx, {
          tenantId: principal.tenantId,
          actor: principal.actor,
          action: 'comment.create',
          subjectType,
          subjectId,
          after: toComment(row),
          at: now,
        });
        return undefined;
      });
      if (taken) return rateLimited(c, 'comments', taken);
      return c.json(toComment(row), 201);
    },
  );
}

collaborationRoutes.openapi(
  defineRoute('approver', {
    method: 'post',
    path: '/api/v1/comments/{id}/moderation',
    summary: 'Publish or reject a pending comment',
    request: {
      params: idParam(),
      body: {
        content: {
          'application/json': { schema: z.strictObject({ decision: z.enum(['approve', 'reject']) }) },
        },
        required: true,
      },
    },
    responses: { 200: json(commentItem, 'Moderated'), 404: notFound, 409: conflict },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const { db } = ctx.store;
    const row = await db
      .selectFrom('comments')
      .selectAll()
      .where('tenant_id', '=', principal.tenantId)
      .where('id', '=', c.req.valid('param').id)
      .executeTakeFirst();
    if (!row) return c.json({ error: 'not-found', message: 'no such comment' }, 404);
    if (row.state !== 'pending')
      return c.json({ error: 'conflict', message: `comment is already ${row.state}` }, 409);
    const state = c.req.valid('json').decision === 'approve' ? 'visible' : 'rejected';
    const after = { ...row, state, moderated_by: principal.actor };
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('comments')
        .set({ state, moderated_by: principal.actor })
        .where('id', '=', row.id)
        .execute();
      await writeAudit(trx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: `comment.${state === 'visible' ? 'approve' : 'reject'}`,
        subjectType: 'comment',
        subjectId: row.id,
        before: toComment(row),
        after: toComment(after),
        at: ctx.now(),
      });
    });
    return c.json(toComment(after), 200);
  },
);

function toComment(r: Database['comments']) {
  return {
    id: r.id,
    author: r.author_name,
    body: r.body,
    state: r.state as 'visible' | 'pending' | 'rejected',
    createdAt: r.created_at,
  };
}
