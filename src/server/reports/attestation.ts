import type { Kysely } from 'kysely';
import { SEVERITIES, STATUSES, severityOf, type Status } from '../../core/status.js';
import { isPublishedBy } from '../../policy/evaluate.js';
import type { ServerPack } from '../context.js';
import type { Database } from '../db/types.js';
import { DAY_MS } from '../../core/dates.js';

export interface AttestationOptions {
  /** The day the report speaks for (YYYY-MM-DD); everything recorded until its end counts. */
  date: string;
  /** A host whose newest inventory is older than this many days before `date` counts as stale. */
  staleDays: number;
  now: Date;
  pack: ServerPack;
  generatedBy: string;
  /** Most rows listed per table; counts are always complete. */
  maxRows?: number;
}

interface AttestationFinding {
  id: string;
  host: string;
  product: string;
  vendor: string;
  status: Status;
  matchedOn: string;
  matchedValue: string;
  firstSeen: string;
  resolvedAt: string | null;
}

export interface AttestationWaiver {
  id: string;
  scope: Record<string, string>;
  reason: string;
  expires: string;
  requestedBy: string;
  approvedBy: string;
  approvedAt: string;
}

/** Statuses that mean the software is present and a ruling reaches it (exempt does not). */
const AFFECTING = new Set<string>([
  'prohibited',
  'unsupported',
  'blocked-transaction',
  'upcoming',
  'review',
  'waived',
]);

/**
 * What the fleet looked like at the end of `date`, rebuilt from the append-only finding events and
 * audit log rather than from today's rows, so a report for a past date says what was known then.
 */
export async function buildAttestation(db: Kysely<Database>, tenantId: string, o: AttestationOptions) {
  const cutoff = `${o.date}T23:59:59.999Z`;
  const maxRows = o.maxRows ?? 2000;
  const tenant = await db
    .selectFrom('tenants')
    .select(['slug', 'name', 'profile'])
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();

  const scans = await db
    .selectFrom('inventories')
    .innerJoin('hosts', 'hosts.id', 'inventories.host_id')
    .select([
      'hosts.name as host',
      (eb) => eb.fn.max('inventories.collected_at').as('last'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('inventories.tenant_id', '=', tenantId)
    .where('inventories.received_at', '<=', cutoff)
    .groupBy('hosts.name')
    .execute();
  const formats = await db
    .selectFrom('inventories')
    .select(['format', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('received_at', '<=', cutoff)
    .groupBy('format')
    .orderBy('format')
    .execute();
  const staleBefore = new Date(Date.parse(cutoff) - o.staleDays * DAY_MS).toISOString();
  const stale = scans
    .filter((s) => String(s.last) < staleBefore)
    .sort((a, b) => String(a.last).localeCompare(String(b.last)));
  const firstScan = await db
    .selectFrom('inventories')
    .select((eb) => eb.fn.min('collected_at').as('first'))
    .where('tenant_id', '=', tenantId)
    .where('received_at', '<=', cutoff)
    .executeTakeFirst();

  // Status of every finding at the cutoff: the last event on or before it decides.
  const events = await db
    .selectFrom('finding_events')
    .select(['finding_id', 'kind', 'to_status'])
    .where('tenant_id', '=', tenantId)
    .where('at', '<=', cutoff)
    .orderBy('id')
    .execute();
  const statusAt = new Map<string, string | null>();
  for (const e of events) statusAt.set(e.finding_id, e.kind === 'resolved' ? null : e.to_status);
  const rows = await db
    .selectFrom('findings')
    .select(['id', 'host_name', 'finding', 'first_seen', 'resolved_at'])
    .where('tenant_id', '=', tenantId)
    .where('first_seen', '<=', cutoff)
    .orderBy('severity_rank')
    .orderBy('host_name')
    .execute();

  const open: AttestationFinding[] = [];
  const resolved: AttestationFinding[] = [];
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<string, number>;
  const affected = new Set<string>();
  const waivedHosts = new Set<string>();
  const byProduct = new Map<string, { product: string; vendor: string; hosts: Set<string> }>();
  for (const row of rows) {
    if (!statusAt.has(row.id)) continue;
    const status = statusAt.get(row.id) ?? null;
    const f = JSON.parse(row.finding) as {
      status: Status;
      product: { id: string; name: string; vendor: string };
      match: { on: string; value: string };
    };
    const item = {
      id: row.id,
      host: row.host_name,
      product: f.product.name,
      vendor: f.product.vendor,
      status: (status ?? f.status) as Status,
      matchedOn: f.match.on,
      matchedValue: f.match.value,
      firstSeen: row.first_seen,
      resolvedAt: status === null ? row.resolved_at : null,
    };
    if (status === null) {
      resolved.push(item);
      continue;
    }
    open.push(item);
    byStatus[item.status]++;
    bySeverity[severityOf(item.status)]!++;
    if (!AFFECTING.has(status)) continue;
    affected.add(row.host_name);
    if (status === 'waived') waivedHosts.add(row.host_name);
    const p = byProduct.get(f.product.id) ?? {
      product: f.product.name,
      vendor: f.product.vendor,
      hosts: new Set<string>(),
    };
    p.hosts.add(row.host_name);
    byProduct.set(f.product.id, p);
  }

  return {
    kind: 'interdict/attestation@1' as const,
    date: o.date,
    generatedAt: o.now.toISOString(),
    generatedBy: o.generatedBy,
    tenant: { slug: tenant.slug, name: tenant.name, profile: tenant.profile },
    data: { version: o.pack.version, hash: o.pack.hash },
    determinations: o.pack.determinations
      .filter((d) => d.profiles.includes(tenant.profile as never) && isPublishedBy(d, o.date))
      .map((d) => ({ id: d.id, title: d.title, citations: d.citations })),
    scanning: {
      hosts: scans.length,
      inventories: scans.reduce((a, s) => a + Number(s.n), 0),
      firstCollected: (firstScan?.first as string | null | undefined) ?? null,
      formats: formats.map((f) => ({ format: f.format, inventories: Number(f.n) })),
    },
    coverage: {
      staleDays: o.staleDays,
      current: scans.length - stale.length,
      stale: stale.length,
      percentCurrent: scans.length
        ? Math.round(((scans.length - stale.length) / scans.length) * 1000) / 10
        : 0,
      staleHosts: stale.slice(0, maxRows).map((s) => ({ host: s.host, lastCollected: String(s.last) })),
    },
    findings: {
      open: open.length,
      resolved: resolved.length,
      byStatus,
      bySeverity,
      openItems: open.slice(0, maxRows),
      resolvedItems: resolved.slice(0, maxRows),
    },
    endpoints: {
      affected: affected.size,
      waived: waivedHosts.size,
      byProduct: [...byProduct.entries()]
        .map(([id, p]) => ({ id, product: p.product, vendor: p.vendor, endpoints: p.hosts.size }))
        .sort((a, b) => b.endpoints - a.endpoints || a.product.localeCompare(b.product)),
      method: describeMethod(o.staleDays),
    },
    waivers: await readWaiversInForce(db, tenantId, o.date, cutoff),
  };
}

export type Attestation = Awaited<ReturnType<typeof buildAttestation>>;

function describeMethod(staleDays: number): string[] {
  return [
    'An endpoint is one host name as reported by its inventory upload (agent, osquery, MDM export or SBOM); the same name in two uploads is one endpoint.',
    'An endpoint is affected when, at the end of the report date, it had at least one open finding whose status is prohibited, unsupported, blocked-transaction, upcoming, review or waived; exempt findings (e.g. threat intelligence, training) are not counted.',
    'A finding opens when an inventory shows the product and resolves when a newer inventory of the same host no longer shows it; the status at the report date is the last recorded event on or before that day.',
    `An endpoint whose newest inventory is more than ${staleDays} days older than the report date is listed as stale: its findings are the last known state, not a fresh observation.`,
    'Products are counted per endpoint once, however many identifiers (name, publisher, product code, path) matched.',
  ];
}

async function readWaiversInForce(
  db: Kysely<Database>,
  tenantId: string,
  date: string,
  cutoff: string,
): Promise<AttestationWaiver[]> {
  // The audit log keeps who approved, even after a later revocation overwrote the waiver row.
  const decisions = await db
    .selectFrom('audit_log')
    .select(['subject_id', 'action', 'actor', 'at'])
    .where('tenant_id', '=', tenantId)
    .where('subject_type', '=', 'waiver')
    .where('action', 'in', ['waiver.approve', 'waiver.revoke'])
    .where('at', '<=', cutoff)
    .orderBy('id')
    .execute();
  const approved = new Map<string, { by: string; at: string }>();
  for (const d of decisions) {
    if (d.action === 'waiver.approve') approved.set(d.subject_id, { by: d.actor, at: d.at });
    else approved.delete(d.subject_id);
  }
  if (approved.size === 0) return [];
  const rows = await db
    .selectFrom('waivers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('public_id', 'in', [...approved.keys()])
    .where('expires', '>=', date)
    .orderBy('public_id')
    .execute();
  return rows.map((w) => ({
    id: w.public_id,
    scope: JSON.parse(w.scope) as Record<string, string>,
    reason: w.reason,
    expires: w.expires,
    requestedBy: w.requested_by,
    approvedBy: approved.get(w.public_id)!.by,
    approvedAt: approved.get(w.public_id)!.at,
  }));
}
