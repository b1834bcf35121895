import { randomUUID } from 'node:crypto';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { writeAudit } from '../audit.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { hasRole } from '../auth/roles.js';
import type { Database } from '../db/types.js';
import { defineRoute, json } from './define.js';
import { checkInterval, claimSlot, conflict, notFound, rateLimited, tooSoon } from './post-limits.js';
import { commentItem, idParam } from './schemas.js';
import { findWaiver } from './waivers.js';

export const commentRoutes = new OpenAPIHono<AppEnv>();

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

  commentRoutes.openapi(
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

  commentRoutes.openapi(
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

commentRoutes.openapi(
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
