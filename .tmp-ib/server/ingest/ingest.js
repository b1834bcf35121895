import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { writeAudit } from '../audit.js';
import { applyFindings } from './apply-findings.js';
import { parseUpload } from './parse-upload.js';
const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;
/**
 * Accepts one inventory of one host: parse and evaluate outside the transaction, then store the
 * inventory, the host and every finding change in one transaction, so a crash leaves either all
 * of it or none. The content hash makes a retried upload a no-op.
 */
export async function ingestInventory(ctx, principal, hostName, body, formatId) {
    const { db } = ctx.store;
    const tenantId = principal.tenantId;
    const contentHash = createHash('sha256').update(body).digest('hex');
    const previous = await findInventory(db, tenantId, hostName, contentHash);
    if (previous)
        return { ...previous, created: false };
    const parsed = await parseUpload(body, {
        name: `upload:${hostName}`,
        host: hostName,
        formatId,
        maxObservations: ctx.config.maxObservations,
    });
    const now = ctx.now();
    const received = now.toISOString();
    const collectedAt = clampCollectedAt(parsed.collectedAt, now);
    const evaluation = await ctx.evaluations.forTenant(db, tenantId, now);
    const findings = evaluation.evaluate(parsed.observations);
    const blob = (await gzipAsync(JSON.stringify(parsed.observations))).toString('base64');
    const result = await db.transaction().execute(async (trx) => {
        const host = await lockHost(ctx, trx, tenantId, hostName, received);
        const again = await findInventory(trx, tenantId, hostName, contentHash);
        if (again)
            return { ...again, created: false };
        const id = randomUUID();
        const current = !host.last_collected_at || collectedAt >= host.last_collected_at;
        await trx
            .insertInto('inventories')
            .values({
            id,
            tenant_id: tenantId,
            host_id: host.id,
            content_hash: contentHash,
            format: parsed.format,
            collected_at: collectedAt,
            received_at: received,
            records: parsed.records,
            error_count: parsed.errorCount,
            errors: JSON.stringify(parsed.errors),
            observations: blob,
            findings: findings.size,
            superseded: current ? 0 : 1,
        })
            .execute();
        let changes;
        if (current) {
            const applied = await applyFindings(trx, {
                tenantId,
                host: { id: host.id, name: hostName },
                inventoryId: id,
                findings,
                at: received,
                seen: true,
                cause: `inventory:${id}`,
            });
            changes = { opened: applied.opened, changed: applied.changed, resolved: applied.resolved };
            await trx
                .updateTable('hosts')
                .set({
                last_seen: received,
                last_inventory_id: id,
                last_collected_at: collectedAt,
                eval_stamp: evaluation.stamp,
                open_findings: applied.open,
            })
                .where('id', '=', host.id)
                .execute();
        }
        else {
            await trx.updateTable('hosts').set({ last_seen: received }).where('id', '=', host.id).execute();
        }
        await writeAudit(trx, {
            tenantId,
            actor: principal.actor,
            action: 'inventory.accept',
            subjectType: 'host',
            subjectId: hostName,
            after: {
                inventory: id,
                format: parsed.format,
                records: parsed.records,
                errors: parsed.errorCount,
                current,
                changes,
            },
            at: now,
        });
        return {
            created: true,
            id,
            hostId: host.id,
            format: parsed.format,
            records: parsed.records,
            errors: parsed.errors,
            current,
            ...(changes ? { changes } : {}),
        };
    });
    ctx.metrics.inc('interdict_inventories_total', { result: result.created ? 'created' : 'duplicate' });
    return result;
}
async function findInventory(db, tenantId, hostName, contentHash) {
    const row = await db
        .selectFrom('inventories')
        .innerJoin('hosts', 'hosts.id', 'inventories.host_id')
        .select([
        'inventories.id',
        'inventories.host_id',
        'inventories.format',
        'inventories.records',
        'inventories.errors',
        'inventories.superseded',
    ])
        .where('inventories.tenant_id', '=', tenantId)
        .where('hosts.name', '=', hostName)
        .where('inventories.content_hash', '=', contentHash)
        .executeTakeFirst();
    if (!row)
        return undefined;
    return {
        id: row.id,
        hostId: row.host_id,
        format: row.format,
        records: row.records,
        errors: JSON.parse(row.errors),
        current: row.superseded === 0,
    };
}
/** Creates the host when new and, where the database has row locks, holds it until commit. */
export async function lockHost(ctx, trx, tenantId, name, at) {
    await trx
        .insertInto('hosts')
        .values({
        id: randomUUID(),
        tenant_id: tenantId,
        name,
        first_seen: at,
        last_seen: at,
        last_inventory_id: null,
        last_collected_at: null,
        eval_stamp: null,
        open_findings: 0,
    })
        .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
        .execute();
    let query = trx
        .selectFrom('hosts')
        .select(['id', 'last_collected_at', 'last_inventory_id'])
        .where('tenant_id', '=', tenantId)
        .where('name', '=', name);
    if (ctx.store.caps.rowLocks)
        query = query.forUpdate();
    return query.executeTakeFirstOrThrow();
}
/** A clock far ahead on the host must not make its inventory win over every later one. */
function clampCollectedAt(collectedAt, now) {
    if (!collectedAt)
        return now.toISOString();
    return collectedAt > now.toISOString() ? now.toISOString() : collectedAt;
}
export async function readObservations(blob) {
    return JSON.parse((await gunzipAsync(Buffer.from(blob, 'base64'))).toString('utf8'));
}
