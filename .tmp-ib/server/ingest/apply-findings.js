import { randomUUID } from 'node:crypto';
import { rankSeverity } from '../../core/status.js';
/**
 * Brings the host's stored findings in line with its current evidence and records each change as
 * an event (opened, changed, reopened, resolved): the history that summary charts are built from.
 * Runs inside the caller's transaction.
 */
export async function applyFindings(trx, input) {
    const { tenantId, host, at, cause } = input;
    const existing = await trx
        .selectFrom('findings')
        .select(['id', 'identity', 'status', 'state', 'finding', 'waiver_id'])
        .where('tenant_id', '=', tenantId)
        .where('host_id', '=', host.id)
        .execute();
    const byIdentity = new Map(existing.map((row) => [row.identity, row]));
    const result = {
        opened: 0,
        changed: 0,
        resolved: 0,
        open: input.findings.size,
        ids: new Map(),
    };
    const events = [];
    const event = (finding_id, kind, from_status, to_status) => events.push({ tenant_id: tenantId, finding_id, at, kind, from_status, to_status, cause });
    const inserts = [];
    const determinationRows = [];
    for (const [identity, finding] of input.findings) {
        const json = JSON.stringify(finding);
        const row = byIdentity.get(identity);
        const columns = {
            product_id: finding.product.id,
            product_name: finding.product.name,
            status: finding.status,
            severity: finding.severity,
            severity_rank: rankSeverity(finding.severity),
            waiver_id: finding.waiver?.id ?? null,
            finding: json,
            inventory_id: input.inventoryId,
        };
        if (!row) {
            const id = randomUUID();
            result.ids.set(identity, id);
            inserts.push({
                id,
                tenant_id: tenantId,
                host_id: host.id,
                host_name: host.name,
                identity,
                ...columns,
                state: 'open',
                first_seen: at,
                last_seen: at,
                resolved_at: null,
                updated_at: at,
            });
            for (const d of finding.determinations)
                determinationRows.push({ finding_id: id, tenant_id: tenantId, determination_id: d.id });
            event(id, 'opened', null, finding.status);
            result.opened++;
            continue;
        }
        result.ids.set(identity, row.id);
        const reopened = row.state !== 'open';
        const statusChanged = !reopened && row.status !== finding.status;
        if (reopened) {
            event(row.id, 'reopened', null, finding.status);
            result.opened++;
        }
        else if (statusChanged) {
            event(row.id, 'changed', row.status, finding.status);
            result.changed++;
        }
        const dataChanged = row.finding !== json;
        if (!reopened && !statusChanged && !dataChanged && !input.seen)
            continue;
        await trx
            .updateTable('findings')
            .set({
            ...columns,
            state: 'open',
            resolved_at: null,
            updated_at: at,
            ...(input.seen ? { last_seen: at } : {}),
        })
            .where('id', '=', row.id)
            .execute();
        if (dataChanged) {
            await trx.deleteFrom('finding_determinations').where('finding_id', '=', row.id).execute();
            const rows = finding.determinations.map((d) => ({
                finding_id: row.id,
                tenant_id: tenantId,
                determination_id: d.id,
            }));
            if (rows.length)
                await trx.insertInto('finding_determinations').values(rows).execute();
        }
    }
    const gone = existing.filter((row) => row.state === 'open' && !input.findings.has(row.identity));
    if (gone.length) {
        await trx
            .updateTable('findings')
            .set({ state: 'resolved', resolved_at: at, updated_at: at })
            .where('id', 'in', gone.map((g) => g.id))
            .execute();
        for (const g of gone)
            event(g.id, 'resolved', g.status, null);
        result.resolved = gone.length;
    }
    // Parents first: events and determinations refer to the findings inserted here.
    if (inserts.length)
        await trx.insertInto('findings').values(inserts).execute();
    if (determinationRows.length)
        await trx.insertInto('finding_determinations').values(determinationRows).execute();
    if (events.length)
        await trx.insertInto('finding_events').values(events).execute();
    return result;
}
