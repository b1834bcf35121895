import { sql, type Kysely } from 'kysely';
import { SEVERITIES, STATUSES } from '../../core/status.js';
import type { Database } from '../db/types.js';
import { DAY_MS, isoDay } from '../../core/dates.js';

export interface SummaryPoint {
  date: string;
  byStatus: Record<string, number>;
  open: number;
}

/**
 * Counts of open findings by status and severity, hosts, and a daily history rebuilt from the
 * finding events (each event moves one finding into or out of a status).
 */
export async function readSummary(db: Kysely<Database>, tenantId: string, days: number, now: Date) {
  const [byStatusRows, bySeverityRows, hostRow, resolvedRow] = await Promise.all([
    db
      .selectFrom('findings')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'open')
      .groupBy('status')
      .execute(),
    db
      .selectFrom('findings')
      .select(['severity', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'open')
      .groupBy('severity')
      .execute(),
    db
      .selectFrom('hosts')
      .select([
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.sum<number>('open_findings').as('withFindings'),
      ])
      .where('tenant_id', '=', tenantId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('findings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'resolved')
      .executeTakeFirstOrThrow(),
  ]);
  const hostsAffected = await db
    .selectFrom('hosts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('open_findings', '>', 0)
    .executeTakeFirstOrThrow();
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (const r of byStatusRows) byStatus[r.status] = Number(r.n);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<string, number>;
  for (const r of bySeverityRows) bySeverity[r.severity] = Number(r.n);
  return {
    findings: Object.values(byStatus).reduce((a, b) => a + b, 0),
    resolved: Number(resolvedRow.n),
    byStatus,
    bySeverity,
    hosts: { total: Number(hostRow.n), withFindings: Number(hostsAffected.n) },
    history: await readHistory(db, tenantId, days, now),
  };
}

async function readHistory(
  db: Kysely<Database>,
  tenantId: string,
  days: number,
  now: Date,
): Promise<SummaryPoint[]> {
  // substr on ISO text works the same on both databases and keeps the grouping in SQL.
  const dayOf = sql<string>`substr(at, 1, 10)`;
  const rows = await db
    .selectFrom('finding_events')
    .select([dayOf.as('day'), 'from_status', 'to_status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .groupBy([dayOf, 'from_status', 'to_status'])
    .orderBy('day')
    .execute();
  const first = isoDay(now.getTime() - (days - 1) * DAY_MS);
  const running = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<string, number>;
  const points = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const n = Number(r.n);
    if (r.from_status) running[r.from_status] = (running[r.from_status] ?? 0) - n;
    if (r.to_status) running[r.to_status] = (running[r.to_status] ?? 0) + n;
    points.set(r.day < first ? first : r.day, { ...running });
  }
  const out: SummaryPoint[] = [];
  let current = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<string, number>;
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= now.getTime(); t += DAY_MS) {
    const date = isoDay(t);
    current = points.get(date) ?? current;
    out.push({ date, byStatus: current, open: Object.values(current).reduce((a, b) => a + b, 0) });
  }
  return out;
}
