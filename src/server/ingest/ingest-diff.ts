import type { Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import { applyDiff } from './apply-diff.js';
import { compressObservations } from './compress-observations.js';
import { openUploadBytes } from './parse-job.js';
import { parseDiff, ResyncNeeded } from './diff-document.js';
import { findDiffBase } from './find-inventory.js';
import {
  clampCollectedAt,
  commitUpload,
  readObservations,
  type IngestResult,
  type PreparedUpload,
  type UploadBody,
} from './ingest.js';

/**
 * Whole inventories asked for after this many differential check-ins in a row (a day of hourly
 * check-ins): a disagreement the set hash could not see, a lost agent state or a changed
 * normalisation heals by itself within a day.
 */
export const FULL_RESYNC_EVERY = 24;

/**
 * A differential check-in: the host's current inventory with the diff applied becomes a new
 * inventory, stored whole and evaluated whole, so findings, sightings and history are those a full
 * upload of the same set would give. The same bytes again while they are current are a no-op;
 * a diff whose base is not the host's current inventory throws ResyncNeeded (409).
 */
export async function ingestDiff(
  ctx: ServerContext,
  principal: Principal,
  hostName: string,
  body: UploadBody,
): Promise<IngestResult> {
  const { db } = ctx.store;
  const tenantId = principal.tenantId;
  const { previous, current, tenant } = await findDiffBase(db, tenantId, hostName, body.sha256);
  if (previous?.latest) {
    ctx.metrics.inc('interdict_inventories_total', { result: 'duplicate' });
    return { ...previous, created: false };
  }
  if (previous) throw new ResyncNeeded('this diff was applied before, and another inventory since');
  const upload = await ctx.gates.parse.run(async (): Promise<PreparedUpload> => {
    const name = `upload:${hostName}`;
    const diff = await parseDiff(await openUploadBytes(name, body.bytes), {
      name,
      host: hostName,
      limit: ctx.config.bodyLimit,
    });
    const base = current?.id === diff.base ? current : undefined;
    if (!base) throw new ResyncNeeded(`inventory ${diff.base} is not the current one of ${hostName}`);
    const observations = applyDiff(
      await readObservations(base.observations),
      diff,
      hostName,
      ctx.config.maxObservations,
    );
    const now = ctx.now();
    const evaluation = await ctx.evaluations.forTenant(db, tenantId, now, tenant);
    const findings = evaluation.evaluate(observations);
    const blob = await compressObservations(observations);
    return {
      tenantId,
      actor: principal.actor,
      action:
        principal.bulkImport === true && principal.hostId === undefined
          ? 'inventory.bulk-import'
          : 'inventory.accept',
      hostName,
      contentHash: body.sha256,
      parsed: {
        format: 'interdict-inventory',
        records: observations.length,
        errors: [],
        errorCount: 0,
        observations: [],
      },
      now,
      collectedAt: clampCollectedAt(diff.collectedAt, now),
      evalStamp: evaluation.stamp,
      findings,
      errorsJson: '[]',
      blob,
      diff: { base: diff.base, chain: base.chain + 1 },
    };
  });
  const result = await commitUpload(ctx, upload);
  ctx.metrics.inc('interdict_inventories_total', { result: result.created ? 'diff' : 'duplicate' });
  return result;
}
