import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
import { sql, type Kysely, type QueryCreator, type Updateable } from 'kysely';
import type { Finding } from '../../core/finding.js';
import type { Observation } from '../../core/observation.js';
import type { Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/types.js';
import { enqueueOpenedFindings } from '../notify/outbox.js';
import { applyFindings, type OpenFindingRow } from './apply-findings.js';
import { SYNC_BYTES } from './compress-observations.js';
import { ResyncNeeded } from './diff-document.js';
import { createGroupCommit, DEFAULT_GROUP_COMMIT, type Batch, type GroupCommit } from './group-commit.js';
import { findInventory } from './find-inventory.js';
import type { UploadBytes } from './parse-job.js';
import type { ParsedUpload } from './parse-upload.js';
import { auditBulkDuplicate, placeResend } from './resend.js';

const gunzipAsync = promisify(gunzip);

export interface IngestResult {
  /** 201 when this inventory is new, 200 when the identical bytes were already accepted. */
  created: boolean;
  id: string;
  hostId: string;
  format: string;
  records: number;
  errors: ParsedUpload['errors'];
  /** False when a newer inventory of the host was already applied (an agent's late retry). */
  current: boolean;
  changes?: { opened: number; changed: number; resolved: number };
  /**
   * The host's open findings as this upload left them, when it became the host's current
   * inventory: the 201 answer is built from them without reading the findings back.
   */
  openFindings?: OpenFindingRow[];
  /** Differential check-ins since the last whole inventory, up to this one (0 for a whole one). */
  chain: number;
}

/** An upload's bytes, already received: their hash, and where they are. */
export interface UploadBody {
  sha256: string;
  bytes: UploadBytes;
}

export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;

/** Uploads arriving within a few milliseconds share one transaction: see group-commit.ts. */
const committers = new WeakMap<ServerContext['store'], GroupCommit>();

export function committerOf(ctx: ServerContext): GroupCommit {
  let committer = committers.get(ctx.store);
  if (!committer) {
    committer = createGroupCommit(ctx.store.db, DEFAULT_GROUP_COMMIT[ctx.store.kind], (size, result) => {
      ctx.metrics.inc('interdict_ingest_transactions_total', { result });
      ctx.metrics.inc('interdict_ingest_transaction_uploads_total', { result }, size);
    });
    committers.set(ctx.store, committer);
  }
  return committer;
}

/**
 * Accepts one inventory of one host: parse, evaluate and compress outside the transaction, then
 * store the inventory, the host and every finding change in one transaction, so a crash leaves
 * either all of it or none. Under load that transaction is shared with other uploads (group commit)
 * and answers only once it committed. The content hash makes a retried upload a no-op.
 */
export async function ingestInventory(
  ctx: ServerContext,
  principal: Principal,
  hostName: string,
  body: UploadBody,
  formatId?: string,
): Promise<IngestResult> {
  const { db } = ctx.store;
  const tenantId = principal.tenantId;
  const contentHash = body.sha256;
  const bulkImport = principal.bulkImport === true && principal.hostId === undefined;
  const previous = await findInventory(db, tenantId, hostName, contentHash);
  // Only a retry of the host's latest inventory is a no-op: the same bytes after another
  // inventory are sent to say "this is the host again" and are applied again.
  if (previous?.latest) {
    ctx.metrics.inc('interdict_inventories_total', { result: 'duplicate' });
    if (bulkImport) await auditBulkDuplicate(ctx, principal, hostName, previous.id);
    return { ...previous, created: false };
  }

  // Parsing holds every observation in memory and a CPU busy: a few at a time, in worker threads
  // when the server is built, and the slot is given back before the transaction, when only
  // findings and the blob remain.
  const upload = await ctx.gates.parse.run(async (): Promise<PreparedUpload> => {
    const name = `upload:${hostName}`;
    const now = ctx.now();
    const evaluation = await ctx.evaluations.forTenant(db, tenantId, now);
    const { parsed, findings, blob } = await ctx.uploadParser.parse(
      { bytes: body.bytes, name, host: hostName, formatId, maxObservations: ctx.config.maxObservations },
      evaluation,
    );
    return {
      tenantId,
      actor: principal.actor,
      action: bulkImport ? 'inventory.bulk-import' : previous ? 'inventory.reapply' : 'inventory.accept',
      resendOf: previous?.id,
      hostName,
      contentHash,
      parsed,
      now,
      collectedAt: clampCollectedAt(parsed.collectedAt, now),
      evalStamp: evaluation.stamp,
      findings,
      errorsJson: JSON.stringify(parsed.errors),
      blob,
    };
  });
  const result = await commitUpload(ctx, upload);
  ctx.metrics.inc('interdict_inventories_total', { result: result.created ? 'created' : 'duplicate' });
  return result;
}

export interface PreparedUpload {
  tenantId: string;
  actor: string;
  action: string;
  /** The stored inventory with these bytes, when it is not the host's latest: applied again. */
  resendOf?: string;
  hostName: string;
  contentHash: string;
  parsed: ParsedUpload;
  now: Date;
  collectedAt: string;
  evalStamp: string;
  findings: Map<string, Finding>;
  errorsJson: string;
  blob: string;
  /** A differential check-in: the inventory it applies to, and its place in the chain of diffs. */
  diff?: { base: string; chain: number };
}

/** Stores a prepared upload in a transaction it may share with others (group commit). */
export function commitUpload(ctx: ServerContext, u: PreparedUpload): Promise<IngestResult> {
  const host = { tenantId: u.tenantId, name: u.hostName, at: u.now.toISOString() };
  return committerOf(ctx).run(
    `${u.tenantId}\u0000${u.hostName}`,
    (trx, batch) => storeInventory(ctx, trx, batch, u),
    host,
  );
}

/** The transactional part of an upload; may run twice (alone after a shared transaction failed). */
export async function storeInventory(
  ctx: ServerContext,
  trx: Kysely<Database>,
  { audit, hosts }: Batch,
  u: PreparedUpload,
): Promise<IngestResult> {
  const { tenantId, hostName, parsed } = u;
  const received = u.now.toISOString();
  // The audit head first: every unit of a shared transaction appends to it, so taking it after a
  // host lock would let two batches deadlock. Only the first unit of a transaction takes it.
  await audit.lock(trx);
  const host = await hosts.lock(trx, { tenantId, name: hostName, at: received });
  // Checked before parsing too; under the lock it cannot change, so the diff applies to what it says.
  if (u.diff && host.last_inventory_id !== u.diff.base)
    throw new ResyncNeeded(`inventory ${u.diff.base} is no longer the current one of ${hostName}`);
  // Known before the findings are written: the host's open findings are its current findings.
  const currentSet = {
    last_seen: received,
    last_collected_at: u.collectedAt,
    eval_stamp: u.evalStamp,
    open_findings: u.findings.size,
  };
  let placed: Placed;
  if (u.resendOf) {
    placed = await placeResend(trx, u, u.resendOf, host.last_inventory_id);
    if (!('duplicate' in placed))
      await makeCurrent(ctx, trx, { tenantId, hostId: host.id, inventoryId: placed.id, set: currentSet });
  } else {
    placed = await insertInventory(ctx, trx, u, host, currentSet);
  }
  if ('duplicate' in placed) return placed.duplicate;
  const { id, current } = placed;
  let changes: IngestResult['changes'];
  let openFindings: OpenFindingRow[] | undefined;
  if (current) {
    const applied = await applyFindings(trx, {
      tenantId,
      host: { id: host.id, name: hostName },
      inventoryId: id,
      findings: u.findings,
      at: received,
      seen: true,
      cause: `inventory:${id}`,
      newHost: host.last_inventory_id === null,
      openNow: host.open_findings,
    });
    changes = { opened: applied.opened, changed: applied.changed, resolved: applied.resolved };
    // The transactional outbox: the notification commits with the findings it reports.
    await enqueueOpenedFindings(trx, {
      tenantId,
      host: { id: host.id, name: hostName },
      inventoryId: id,
      opened: applied.openedFindings,
      at: received,
      publicUrl: ctx.config.publicUrl,
    });
    openFindings = applied.rows;
  }
  await audit.append(trx, {
    tenantId,
    actor: u.actor,
    action: u.action,
    subjectType: 'host',
    subjectId: hostName,
    after: {
      inventory: id,
      format: parsed.format,
      records: parsed.records,
      errors: parsed.errorCount,
      current,
      changes,
      ...(u.resendOf ? { resent: true } : {}),
      ...(u.diff ? { diffOf: u.diff.base } : {}),
    },
    at: u.now,
  });
  return {
    created: !u.resendOf,
    id,
    hostId: host.id,
    format: parsed.format,
    records: parsed.records,
    errors: parsed.errors,
    current,
    chain: u.diff?.chain ?? 0,
    ...(changes ? { changes } : {}),
    ...(openFindings ? { openFindings } : {}),
  };
}

/** What the host row says once an inventory is its current one (hosts.last_inventory_id aside). */
type CurrentSet = Pick<
  Updateable<Database['hosts']>,
  'last_seen' | 'last_collected_at' | 'eval_stamp' | 'open_findings'
>;

/** Every other current inventory of the host; tenant_id lets the (tenant_id, host_id, content_hash) index find them. */
const supersedeOthers =
  (o: { tenantId: string; hostId: string; inventoryId: string }) => (db: QueryCreator<Database>) =>
    db
      .updateTable('inventories')
      .set({ superseded: 1 })
      .where('tenant_id', '=', o.tenantId)
      .where('host_id', '=', o.hostId)
      .where('superseded', '=', 0)
      .where('id', '!=', o.inventoryId);

/**
 * The inventory becomes the host's current one: the host row points to it and every other
 * inventory of the host is superseded; in one statement where the database can write two tables
 * in one. The host row lock orders these updates.
 */
async function makeCurrent(
  ctx: ServerContext,
  trx: Kysely<Database>,
  o: { tenantId: string; hostId: string; inventoryId: string; set: CurrentSet },
) {
  const hostSet = { ...o.set, last_inventory_id: o.inventoryId };
  if (ctx.store.caps.writingCtes) {
    await trx
      .with('superseded', supersedeOthers(o))
      .updateTable('hosts')
      .set(hostSet)
      .where('id', '=', o.hostId)
      .execute();
    return;
  }
  await supersedeOthers(o)(trx).execute();
  await trx.updateTable('hosts').set(hostSet).where('id', '=', o.hostId).execute();
}

export type Placed = { id: string; current: boolean } | { duplicate: IngestResult };

/**
 * Inserts the inventory and updates the host row with it: made the host's current inventory when
 * it is the newest collection (makeCurrent), else only the host seen now. Where the database can
 * write several tables in one statement, the three writes are one, each guarded by the insert, so
 * a conflict writes nothing. The host row is locked (or SQLite has one writer), so a conflict
 * means these bytes were committed since the check before parsing.
 */
async function insertInventory(
  ctx: ServerContext,
  trx: Kysely<Database>,
  u: PreparedUpload,
  host: { id: string; last_collected_at: string | null },
  currentSet: CurrentSet,
): Promise<Placed> {
  const { tenantId, hostName, parsed } = u;
  const received = u.now.toISOString();
  const id = randomUUID();
  const current = !host.last_collected_at || u.collectedAt >= host.last_collected_at;
  const insert = (db: QueryCreator<Database>) =>
    db
      .insertInto('inventories')
      .values({
        id,
        tenant_id: tenantId,
        host_id: host.id,
        content_hash: u.contentHash,
        format: parsed.format,
        collected_at: u.collectedAt,
        received_at: received,
        records: parsed.records,
        error_count: parsed.errorCount,
        errors: u.errorsJson,
        observations: u.blob,
        findings: u.findings.size,
        superseded: current ? 0 : 1,
        diff_base: u.diff?.base ?? null,
        diff_chain: u.diff?.chain ?? 0,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'host_id', 'content_hash']).doNothing())
      .returning('id');
  const hostSet = current ? { ...currentSet, last_inventory_id: id } : { last_seen: received };
  let inserted: boolean;
  if (ctx.store.caps.writingCtes) {
    const wasInserted = sql<boolean>`exists (select 1 from inserted)`;
    const withInsert = trx.with('inserted', insert);
    // The CTEs are named in raw SQL only, so the statement is typed as over the plain schema.
    const writes = (current
      ? withInsert.with('superseded', (db) =>
          supersedeOthers({ tenantId, hostId: host.id, inventoryId: id })(
            db as unknown as QueryCreator<Database>,
          ).where(wasInserted),
        )
      : withInsert) as unknown as QueryCreator<Database>;
    const row = await writes
      .updateTable('hosts')
      .set(hostSet)
      .where('id', '=', host.id)
      .where(wasInserted)
      .returning('hosts.id')
      .executeTakeFirst();
    inserted = row !== undefined;
  } else {
    inserted = (await insert(trx).executeTakeFirst()) !== undefined;
    if (inserted && current)
      await makeCurrent(ctx, trx, { tenantId, hostId: host.id, inventoryId: id, set: currentSet });
    else if (inserted) await trx.updateTable('hosts').set(hostSet).where('id', '=', host.id).execute();
  }
  if (!inserted) {
    const again = await findInventory(trx, tenantId, hostName, u.contentHash);
    if (!again) throw new Error(`inventory of ${hostName} conflicted but cannot be read back`);
    return { duplicate: { ...again, created: false } };
  }
  return { id, current };
}

/** A clock far ahead on the host must not make its inventory win over every later one. */
export function clampCollectedAt(collectedAt: string | undefined, now: Date): string {
  if (!collectedAt) return now.toISOString();
  return collectedAt > now.toISOString() ? now.toISOString() : collectedAt;
}

export async function readObservations(blob: string): Promise<Observation[]> {
  const gz = Buffer.from(blob, 'base64');
  // Small sets (a check-in's base) on the calling thread: see compressObservations. Level 1
  // compresses such sets about 30 times, so the compressed size bounds the work as well.
  const text = gz.length <= SYNC_BYTES / 16 ? gunzipSync(gz) : await gunzipAsync(gz);
  return JSON.parse(text.toString('utf8')) as Observation[];
}
