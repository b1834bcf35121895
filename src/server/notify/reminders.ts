import { randomUUID } from 'node:crypto';
import type { Finding } from '../../core/finding.js';
import { daysBetween, today } from '../../core/dates.js';
import type { ServerContext } from '../context.js';
import { enqueue, tenantRef } from './outbox.js';
import { trimSlash, type PhaseReminder, type WebhookEvent } from './payload.js';
import { parseDaysBefore } from './webhooks.js';

const SAMPLE_HOSTS = 10;

interface Upcoming {
  ruling: PhaseReminder['ruling'];
  date: string;
  effect: string;
  hosts: Set<string>;
  findings: number;
}

/**
 * The phases still ahead for the tenant's open findings whose status a phase date will change
 * (status `upcoming`), with the hosts and findings each reaches.
 */
async function upcomingPhases(ctx: ServerContext, tenantId: string): Promise<Upcoming[]> {
  const rows = await ctx.store.db
    .selectFrom('findings')
    .select(['host_name', 'finding'])
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'open')
    .where('status', '=', 'upcoming')
    .execute();
  const phases = new Map<string, Upcoming>();
  for (const row of rows) {
    const finding = JSON.parse(row.finding) as Finding;
    for (const d of finding.determinations) {
      if (d.status !== 'upcoming' || !d.since || !d.phase) continue;
      const key = `${d.id}:${d.phase}:${d.since}`;
      let phase = phases.get(key);
      if (!phase) {
        phase = {
          ruling: { id: d.id, title: d.title, phase: d.phase },
          date: d.since,
          effect: d.effect,
          hosts: new Set(),
          findings: 0,
        };
        phases.set(key, phase);
      }
      phase.hosts.add(row.host_name);
      phase.findings++;
    }
  }
  return [...phases.values()];
}

/**
 * Writes the phase reminders due today into the outbox. Of a webhook's days ("30,7,1") the one due
 * is the smallest not below the days left: after an outage the closest reminder fires, never a
 * stale one, and never twice (webhook + phase + days is the delivery's unique key), however many
 * servers run this and however often. Returns the reminders written.
 */
export async function scheduleReminders(ctx: ServerContext): Promise<number> {
  const { db } = ctx.store;
  const now = ctx.now();
  const webhooks = (
    await db.selectFrom('webhooks').selectAll().where('days_before', '!=', '').execute()
  ).filter((w) => parseDaysBefore(w.days_before).length);
  const tenants = [...new Set(webhooks.map((w) => w.tenant_id))];
  let written = 0;
  for (const tenantId of tenants) {
    const phases = await upcomingPhases(ctx, tenantId);
    if (!phases.length) continue;
    const tenant = await tenantRef(db, tenantId);
    for (const webhook of webhooks.filter((w) => w.tenant_id === tenantId)) {
      const days = parseDaysBefore(webhook.days_before);
      for (const phase of phases) {
        const daysLeft = daysBetween(today(now), phase.date);
        if (daysLeft < 1) continue;
        const daysBefore = days.filter((d) => d >= daysLeft).at(-1);
        if (daysBefore === undefined) continue;
        const hosts = [...phase.hosts].sort();
        const reminder: PhaseReminder = {
          date: phase.date,
          daysLeft,
          daysBefore,
          ruling: phase.ruling,
          effect: phase.effect,
          hosts: hosts.length,
          findings: phase.findings,
          sampleHosts: hosts.slice(0, SAMPLE_HOSTS),
        };
        const event: WebhookEvent = {
          schema: 'interdict/webhook@1',
          type: 'phase.reminder',
          id: randomUUID(),
          time: now.toISOString(),
          tenant,
          summary: `${phase.date} (in ${daysLeft} day${daysLeft === 1 ? '' : 's'}): ${phase.ruling.title}, ${
            phase.ruling.phase
          }; ${hosts.length} host(s) still have ${phase.findings} finding(s) it changes`,
          phase: reminder,
          dashboard: `${trimSlash(ctx.config.publicUrl)}/findings?status=upcoming`,
        };
        const key = `phase:${phase.ruling.id}:${phase.ruling.phase}:${phase.date}:${daysBefore}`;
        if (await enqueue(db, webhook, event, key)) written++;
      }
    }
  }
  return written;
}
