import { randomUUID } from 'node:crypto';
import { writeAudit } from './audit.js';
import type { ServerContext } from './context.js';
import { applyFindings } from './ingest/apply-findings.js';
import { lockHost } from './ingest/host-locks.js';
import { readObservations } from './ingest/ingest.js';

const HOST_BATCH = 100;
/** A job claimed longer ago than this belongs to a server that died; another may take it over. */
const STALE_CLAIM_MS = 10 * 60 * 1000;

/**
 * Queues a re-evaluation for every tenant whose findings were computed under another stamp (new
 * data pack, a phase date passed, a waiver decided or expired). The unique (tenant, kind, stamp)
 * key makes this safe to run from every server at once.
 */
export async function scheduleReevaluations(ctx: ServerContext): Promise<number> {
  const { db } = ctx.store;
  const now = ctx.now();
  const tenants = await db.selectFrom('tenants').select(['id', 'eval_stamp']).execute();
  let queued = 0;
  for (const tenant of tenants) {
    const { stamp } = await ctx.evaluations.forTenant(db, tenant.id, now);
    if (tenant.eval_stamp === stamp) continue;
    const hosts = await db
      .selectFrom('hosts')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .limit(1)
      .executeTakeFirst();
    if (!hosts) {
      await db.updateTable('tenants').set({ eval_stamp: stamp }).where('id', '=', tenant.id).execute();
      continue;
    }
    const result = await db
      .insertInto('jobs')
      .values({
        id: randomUUID(),
        tenant_id: tenant.id,
        kind: 'reevaluate',
        stamp,
        state: 'queued',
        run_after: now.toISOString(),
        claimed_by: null,
        claimed_at: null,
        attempts: 0,
        last_error: null,
        created_at: now.toISOString(),
        finished_at: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'stamp']).doNothing())
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

/** Claims one job: `FOR UPDATE SKIP LOCKED` where the database has it, so servers never share one. */
async function claimJob(ctx: ServerContext) {
  const now = ctx.now();
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('jobs')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_after', '<=', now.toISOString())]),
          eb.and([eb('state', '=', 'running'), eb('claimed_at', '<', stale)]),
        ]),
      )
      .orderBy('run_after')
      .limit(1);
    if (ctx.store.caps.rowLocks) query = query.forUpdate().skipLocked();
    const job = await query.executeTakeFirst();
    if (!job) return undefined;
    await trx
      .updateTable('jobs')
      .set({
        state: 'running',
        claimed_by: ctx.config.instance,
        claimed_at: now.toISOString(),
        attempts: job.attempts + 1,
      })
      .where('id', '=', job.id)
      .execute();
    return job;
  });
}

/** Runs queued jobs until none is left; returns how many ran. */
export async function runJobs(ctx: ServerContext): Promise<number> {
  let ran = 0;
  for (let job = await claimJob(ctx); job; job = await claimJob(ctx)) {
    ran++;
    try {
      const counts = await reevaluateTenant(ctx, job.tenant_id);
      await ctx.store.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('jobs')
          .set({ state: 'done', finished_at: ctx.now().toISOString() })
          .where('id', '=', job.id)
          .execute();
        await writeAudit(trx, {
          tenantId: job.tenant_id,
          actor: 'system:reevaluation',
          action: 'findings.reevaluate',
          subjectType: 'tenant',
          subjectId: job.tenant_id,
          after: { stamp: counts.stamp, ...counts.changes },
          at: ctx.now(),
        });
      });
      ctx.metrics.inc('interdict_jobs_total', { kind: job.kind, result: 'done' });
    } catch (error) {
      ctx.logger.error({ err: error, job: job.id }, 'job failed');
      const retryAt = new Date(
        ctx.now().getTime() + Math.min(3600, 30 * 2 ** job.attempts) * 1000,
      ).toISOString();
      await ctx.store.db
        .updateTable('jobs')
        .set({ state: 'queued', run_after: retryAt, last_error: (error as Error).message.slice(0, 2000) })
        .where('id', '=', job.id)
        .execute();
      ctx.metrics.inc('interdict_jobs_total', { kind: job.kind, result: 'failed' });
    }
  }
  return ran;
}

/**
 * Evaluates every host's latest stored inventory again, host by host, each in its own transaction:
 * a crash mid-way loses nothing, and the next claim resumes with the hosts still on an old stamp.
 */
async function reevaluateTenant(ctx: ServerContext, tenantId: string) {
  const { db } = ctx.store;
  const evaluation = await ctx.evaluations.forTenant(db, tenantId, ctx.now());
  const changes = { hosts: 0, opened: 0, changed: 0, resolved: 0 };
  for (;;) {
    const hosts = await db
      .selectFrom('hosts')
      .select(['id', 'name'])
      .where('tenant_id', '=', tenantId)
      .where('last_inventory_id', 'is not', null)
      .where((eb) => eb.or([eb('eval_stamp', 'is', null), eb('eval_stamp', '!=', evaluation.stamp)]))
      .orderBy('id')
      .limit(HOST_BATCH)
      .execute();
    if (hosts.length === 0) break;
    for (const host of hosts) {
      const at = ctx.now().toISOString();
      await db.transaction().execute(async (trx) => {
        const locked = await lockHost(trx, tenantId, host.name, at);
        const inventory = await trx
          .selectFrom('inventories')
          .select(['id', 'observations'])
          .where('id', '=', locked.last_inventory_id!)
          .executeTakeFirstOrThrow();
        const findings = evaluation.evaluate(await readObservations(inventory.observations));
        const applied = await applyFindings(trx, {
          tenantId,
          host,
          inventoryId: inventory.id,
          findings,
          at,
          seen: false,
          cause: `reevaluation:${evaluation.stamp}`,
        });
        await trx
          .updateTable('hosts')
          .set({ eval_stamp: evaluation.stamp, open_findings: applied.open })
          .where('id', '=', host.id)
          .execute();
        changes.opened += applied.opened;
        changes.changed += applied.changed;
        changes.resolved += applied.resolved;
      });
      changes.hosts++;
      ctx.metrics.inc('interdict_reevaluated_hosts_total');
    }
  }
  await db.updateTable('tenants').set({ eval_stamp: evaluation.stamp }).where('id', '=', tenantId).execute();
  return { stamp: evaluation.stamp, changes };
}
