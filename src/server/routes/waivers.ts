import { randomBytes, randomUUID } from 'node:crypto';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { sql } from 'kysely';
import { isoDay } from '../../core/dates.js';
import { writeAudit } from '../audit.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import type { Database } from '../db/types.js';
import { runJobs, scheduleReevaluations } from '../jobs.js';
import { defineRoute, errorSchema, json } from './define.js';
import { checkInterval, claimSlot, conflict, notFound, rateLimited, tooSoon } from './post-limits.js';
import { idParam, waiverItem, waiverScope } from './schemas.js';

export const waiverRoutes = new OpenAPIHono<AppEnv>();

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

export async function findWaiver(c: Context<AppEnv>, id: string) {
  return c
    .get('ctx')
    .store.db.selectFrom('waivers')
    .selectAll()
    .where('tenant_id', '=', principalOf(c).tenantId)
    .where('public_id', '=', id)
    .executeTakeFirst();
}

waiverRoutes.openapi(
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

waiverRoutes.openapi(
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

waiverRoutes.openapi(
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
