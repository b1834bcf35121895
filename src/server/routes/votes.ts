import { OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { writeAudit } from '../audit.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { hasRole } from '../auth/roles.js';
import { withVotes } from '../db/vote-types.js';
import { defineRoute, errorSchema, json } from './define.js';
import { idParam } from './schemas.js';

export const votesRoutes = new OpenAPIHono<AppEnv>();

const tally = z.object({ correct: z.number().int(), incorrect: z.number().int() });
const voteState = z
  .object({
    mine: z
      .boolean()
      .nullable()
      .openapi({ description: 'Your vote: true = correct, false = false positive, null = none' }),
    tally: tally.nullable().openapi({ description: 'All votes; shown to analysts and above only' }),
  })
  .openapi('FindingVotes');

async function readVotes(c: Parameters<Parameters<typeof votesRoutes.openapi>[1]>[0], findingId: string) {
  const principal = principalOf(c);
  const db = withVotes(c.get('ctx').store.db);
  const rows = await db
    .selectFrom('finding_votes')
    .select(['voter_id', 'correct'])
    .where('tenant_id', '=', principal.tenantId)
    .where('finding_id', '=', findingId)
    .execute();
  const mine = rows.find((r) => r.voter_id === principal.id);
  const correct = rows.filter((r) => Number(r.correct) === 1).length;
  return {
    mine: mine ? Number(mine.correct) === 1 : null,
    tally: hasRole(principal.role, 'analyst') ? { correct, incorrect: rows.length - correct } : null,
  };
}

async function findingExists(c: Parameters<typeof readVotes>[0], id: string) {
  const row = await c
    .get('ctx')
    .store.db.selectFrom('findings')
    .select('id')
    .where('tenant_id', '=', principalOf(c).tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return !!row;
}

votesRoutes.openapi(
  defineRoute('viewer', {
    method: 'get',
    path: '/api/v1/findings/{id}/votes',
    summary: 'Was this finding correct? Your vote, and the tally for analysts',
    request: { params: idParam() },
    responses: { 200: json(voteState, 'Votes'), 404: json(errorSchema, 'No such finding in your tenant') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    if (!(await findingExists(c, id)))
      return c.json({ error: 'not-found', message: `no finding ${id}` }, 404);
    return c.json(await readVotes(c, id), 200);
  },
);

votesRoutes.openapi(
  defineRoute('viewer', {
    method: 'put',
    path: '/api/v1/findings/{id}/vote',
    summary: 'Vote whether this finding is correct (one vote per person; voting again replaces it)',
    request: {
      params: idParam(),
      body: {
        content: {
          'application/json': {
            schema: z.strictObject({ correct: z.boolean(), note: z.string().max(2000).optional() }),
          },
        },
        required: true,
      },
    },
    responses: { 200: json(voteState, 'Recorded'), 404: json(errorSchema, 'No such finding in your tenant') },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    if (!(await findingExists(c, id)))
      return c.json({ error: 'not-found', message: `no finding ${id}` }, 404);
    const now = ctx.now();
    const row = {
      tenant_id: principal.tenantId,
      finding_id: id,
      voter_id: principal.id,
      voter: principal.actor,
      correct: body.correct ? 1 : 0,
      note: body.note ?? null,
      voted_at: now.toISOString(),
    };
    await ctx.store.db.transaction().execute(async (trx) => {
      await withVotes(trx)
        .insertInto('finding_votes')
        .values(row)
        .onConflict((oc) =>
          oc
            .columns(['finding_id', 'voter_id'])
            .doUpdateSet({ correct: row.correct, note: row.note, voted_at: row.voted_at, voter: row.voter }),
        )
        .execute();
      await writeAudit(trx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'finding.vote',
        subjectType: 'finding',
        subjectId: id,
        after: { correct: body.correct, note: row.note },
        at: now,
      });
    });
    return c.json(await readVotes(c, id), 200);
  },
);

const suspect = z
  .object({
    id: z.string(),
    host: z.string(),
    product: z.object({ id: z.string(), name: z.string() }),
    status: z.string(),
    state: z.string(),
    correct: z.number().int(),
    incorrect: z.number().int(),
    lastVote: z.string(),
  })
  .openapi('SuspectedFalsePositive');

votesRoutes.openapi(
  defineRoute('analyst', {
    method: 'get',
    path: '/api/v1/suspected-false-positives',
    summary: 'Findings that at least `min` people voted incorrect, most disputed first',
    request: {
      query: z.object({
        min: z.coerce.number().int().min(1).max(100).default(1),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(suspect) }), 'Suspected false positives') },
  }),
  async (c) => {
    const { min, limit } = c.req.valid('query');
    const tenantId = principalOf(c).tenantId;
    const db = withVotes(c.get('ctx').store.db);
    const incorrect = sql<number>`sum(case when v.correct = 0 then 1 else 0 end)`;
    const rows = await db
      .selectFrom('finding_votes as v')
      .innerJoin('findings as f', 'f.id', 'v.finding_id')
      .select([
        'f.id',
        'f.host_name',
        'f.product_id',
        'f.product_name',
        'f.status',
        'f.state',
        incorrect.as('incorrect'),
        sql<number>`sum(v.correct)`.as('correct'),
        sql<string>`max(v.voted_at)`.as('last_vote'),
      ])
      .where('v.tenant_id', '=', tenantId)
      .where('f.tenant_id', '=', tenantId)
      .groupBy(['f.id', 'f.host_name', 'f.product_id', 'f.product_name', 'f.status', 'f.state'])
      .having(incorrect, '>=', min)
      .orderBy(incorrect, 'desc')
      .orderBy('f.id')
      .limit(limit)
      .execute();
    return c.json(
      {
        items: rows.map((r) => ({
          id: r.id,
          host: r.host_name,
          product: { id: r.product_id, name: r.product_name },
          status: r.status,
          state: r.state,
          correct: Number(r.correct),
          incorrect: Number(r.incorrect),
          lastVote: r.last_vote,
        })),
      },
      200,
    );
  },
);
