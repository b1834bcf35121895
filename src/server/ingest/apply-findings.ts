import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Finding } from '../../core/finding.js';
import { rankSeverity } from '../../core/status.js';
import type { Database } from '../db/types.js';

export interface ApplyInput {
  tenantId: string;
  host: { id: string; name: string };
  inventoryId: string;
  /** Findings of the host's current inventory, by identity. */
  findings: Map<string, Finding>;
  at: string;
  /** True when the host was seen (an upload); false for a re-evaluation of stored evidence. */
  seen: boolean;
  /** `inventory:ID` or `reevaluation:STAMP`, kept on every event. */
  cause: string;
  /** The caller knows the host has no finding yet (its first inventory): skips reading them. */
  newHost?: boolean;
  /**
   * The host's open findings before this change (hosts.open_findings, kept by every caller in the
   * transaction that changes them). None open and none found: nothing can open, change or resolve,
   * so the stored findings are not read.
   */
  openNow?: number;
}

/** An open finding as stored once the transaction commits: what the findings list would read back. */
export type OpenFindingRow = Pick<
  Database['findings'],
  'id' | 'host_name' | 'state' | 'first_seen' | 'last_seen' | 'resolved_at' | 'finding' | 'severity_rank'
>;

export interface ApplyResult {
  opened: number;
  changed: number;
  resolved: number;
  open: number;
  /** Finding ids by identity, for the response. */
  ids: Map<string, string>;
  /** Every open finding of the host after this change, so the caller need not read them back. */
  rows: OpenFindingRow[];
  /** Findings opened or reopened by this change, for notifications written in the same transaction. */
  openedFindings: { id: string; finding: Finding }[];
}

/** Rows per multi-row statement: 18 columns x 500 stays far below both databases' parameter limits. */
const CHUNK = 500;

/**
 * Brings the host's stored findings in line with its current evidence and records each change as
 * an event (opened, changed, reopened, resolved): the history that summary charts are built from.
 * Runs inside the caller's transaction, in a fixed number of statements whatever the count of
 * findings: one read, one upsert, and one statement each for determinations, resolutions, events.
 */
export async function applyFindings(trx: Kysely<Database>, input: ApplyInput): Promise<ApplyResult> {
  const { tenantId, host, at, cause } = input;
  const nothingToDo = input.openNow !== undefined && Number(input.openNow) === 0 && input.findings.size === 0;
  const existing =
    input.newHost || nothingToDo
      ? []
      : await trx
          .selectFrom('findings')
          .select(['id', 'identity', 'status', 'state', 'finding', 'first_seen', 'last_seen'])
          .where('tenant_id', '=', tenantId)
          .where('host_id', '=', host.id)
          .execute();
  const byIdentity = new Map(existing.map((row) => [row.identity, row]));
  const result: ApplyResult = {
    opened: 0,
    changed: 0,
    resolved: 0,
    open: input.findings.size,
    ids: new Map(),
    rows: [],
    openedFindings: [],
  };
  const events: Insertable<Database['finding_events']>[] = [];
  const event = (finding_id: string, kind: string, from_status: string | null, to_status: string | null) =>
    events.push({ tenant_id: tenantId, finding_id, at, kind, from_status, to_status, cause });

  const writes: Database['findings'][] = [];
  const determinationRows: Database['finding_determinations'][] = [];
  const staleDeterminations: string[] = [];
  for (const [identity, finding] of input.findings) {
    const json = JSON.stringify(finding);
    const row = byIdentity.get(identity);
    const id = row?.id ?? randomUUID();
    result.ids.set(identity, id);
    const firstSeen = row?.first_seen ?? at;
    const lastSeen = !row || input.seen ? at : row.last_seen;
    const severityRank = rankSeverity(finding.severity);
    const write: Database['findings'] = {
      id,
      tenant_id: tenantId,
      host_id: host.id,
      host_name: host.name,
      identity,
      product_id: finding.product.id,
      product_name: finding.product.name,
      status: finding.status,
      severity: finding.severity,
      severity_rank: severityRank,
      state: 'open',
      waiver_id: finding.waiver?.id ?? null,
      finding: json,
      inventory_id: input.inventoryId,
      first_seen: firstSeen,
      last_seen: lastSeen,
      resolved_at: null,
      updated_at: at,
    };
    result.rows.push({
      id,
      host_name: host.name,
      state: 'open',
      first_seen: firstSeen,
      last_seen: lastSeen,
      resolved_at: null,
      finding: json,
      severity_rank: severityRank,
    });
    const determinations = () => {
      for (const d of finding.determinations)
        determinationRows.push({ finding_id: id, tenant_id: tenantId, determination_id: d.id });
    };
    if (!row) {
      writes.push(write);
      determinations();
      event(id, 'opened', null, finding.status);
      result.opened++;
      result.openedFindings.push({ id, finding });
      continue;
    }
    const reopened = row.state !== 'open';
    const statusChanged = !reopened && row.status !== finding.status;
    if (reopened) {
      event(id, 'reopened', null, finding.status);
      result.opened++;
      result.openedFindings.push({ id, finding });
    } else if (statusChanged) {
      event(id, 'changed', row.status, finding.status);
      result.changed++;
    }
    const dataChanged = row.finding !== json;
    if (!reopened && !statusChanged && !dataChanged && !input.seen) continue;
    writes.push(write);
    if (dataChanged) {
      staleDeterminations.push(id);
      determinations();
    }
  }

  // Parents first: events and determinations refer to the findings written here. One upsert covers
  // new findings and changed ones; `id` and `first_seen` of an existing finding are never replaced.
  for (let i = 0; i < writes.length; i += CHUNK) {
    await trx
      .insertInto('findings')
      .values(writes.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'host_id', 'identity']).doUpdateSet((eb) => ({
          product_id: eb.ref('excluded.product_id'),
          product_name: eb.ref('excluded.product_name'),
          status: eb.ref('excluded.status'),
          severity: eb.ref('excluded.severity'),
          severity_rank: eb.ref('excluded.severity_rank'),
          state: eb.ref('excluded.state'),
          waiver_id: eb.ref('excluded.waiver_id'),
          finding: eb.ref('excluded.finding'),
          inventory_id: eb.ref('excluded.inventory_id'),
          last_seen: eb.ref('excluded.last_seen'),
          resolved_at: eb.ref('excluded.resolved_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  for (let i = 0; i < staleDeterminations.length; i += CHUNK) {
    await trx
      .deleteFrom('finding_determinations')
      .where('finding_id', 'in', staleDeterminations.slice(i, i + CHUNK))
      .execute();
  }
  for (let i = 0; i < determinationRows.length; i += CHUNK)
    await trx
      .insertInto('finding_determinations')
      .values(determinationRows.slice(i, i + CHUNK))
      .execute();

  const gone = existing.filter((row) => row.state === 'open' && !input.findings.has(row.identity));
  for (let i = 0; i < gone.length; i += CHUNK) {
    await trx
      .updateTable('findings')
      .set({ state: 'resolved', resolved_at: at, updated_at: at })
      .where(
        'id',
        'in',
        gone.slice(i, i + CHUNK).map((g) => g.id),
      )
      .execute();
  }
  for (const g of gone) event(g.id, 'resolved', g.status, null);
  result.resolved = gone.length;
  for (let i = 0; i < events.length; i += CHUNK)
    await trx
      .insertInto('finding_events')
      .values(events.slice(i, i + CHUNK))
      .execute();
  return result;
}
