import type { Finding } from '../core/finding.js';
import { listIdentifiers, type Observation } from '../core/observation.js';
import { PROFILES, type Profile } from '../core/status.js';
import { createEvaluator, type PackView } from '../evaluator.js';
import { createMatcher, type Matcher } from '../match/matcher.js';
import { isScreened } from '../match/screening/match-party.js';
import { addDays, today } from '../core/dates.js';
import { FindingCollector } from '../policy/sightings.js';
import type { Waiver } from '../policy/waivers.js';
import type { Database } from './db/types.js';
import type { Kysely } from 'kysely';
import type { ServerPack } from './context.js';

export interface TenantEvaluation {
  /** Changes exactly when a stored observation could get a different finding. */
  stamp: string;
  asOf: string;
  profile: Profile;
  /** What the evaluation was built from: enough for a parse worker to build the same one. */
  spec: EvaluationSpec;
  /** Findings of one inventory, one per thing on the host (see `thingKey`), keyed by it. */
  evaluate(observations: Iterable<Observation>): Map<string, Finding>;
}

export interface EvaluationSpec {
  asOf: string;
  profile: Profile;
  waivers: Waiver[];
  /** Names the tenant's waiver version in the stamp. */
  waiverKey: string;
}

/** What of the tenant row an evaluation depends on. */
export interface TenantSettings {
  profile: string;
  waiver_version: number;
}

export interface EvaluationCache {
  /**
   * The tenant's evaluation as of `now`; `settings`, when the caller read them in one of its own
   * statements just now, spare reading the tenant row again.
   */
  forTenant(
    db: Kysely<Database>,
    tenantId: string,
    now: Date,
    settings?: TenantSettings,
  ): Promise<TenantEvaluation>;
}

/**
 * One compiled matcher per pack, one evaluator per tenant and stamp. The stamp is read from the
 * database on every call, so servers sharing a database agree without talking to each other.
 */
export function createEvaluationCache(pack: ServerPack): EvaluationCache {
  const matcher = rememberMisses(createMatcher(pack));
  const byTenant = new Map<string, TenantEvaluation>();
  // Concurrent uploads of one tenant share one read of its row instead of each issuing its own.
  const reading = new Map<string, Promise<TenantEvaluation>>();
  const forTenant: EvaluationCache['forTenant'] = (db, tenantId, now, settings) => {
    if (settings) return evaluationOf(db, tenantId, now, settings);
    const key = `${tenantId}\u0000${today(now)}`;
    let pending = reading.get(key);
    if (!pending) {
      pending = readTenant(db, tenantId, now).finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  };
  return { forTenant };

  async function readTenant(db: Kysely<Database>, tenantId: string, now: Date) {
    const tenant = await db
      .selectFrom('tenants')
      .select(['profile', 'waiver_version'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return evaluationOf(db, tenantId, now, tenant);
  }

  async function evaluationOf(db: Kysely<Database>, tenantId: string, now: Date, tenant: TenantSettings) {
    const asOf = today(now);
    const profile = (PROFILES as readonly string[]).includes(tenant.profile)
      ? (tenant.profile as Profile)
      : 'us-person';
    const cached = byTenant.get(tenantId);
    const waiverKey = `w${tenant.waiver_version}`;
    if (
      cached &&
      cached.asOf === asOf &&
      cached.profile === profile &&
      cached.stamp.includes(`|${waiverKey}|`)
    ) {
      return cached;
    }
    const waivers = await loadApprovedWaivers(db, tenantId);
    const evaluation = createTenantEvaluation(pack, matcher, { asOf, profile, waivers, waiverKey });
    byTenant.set(tenantId, evaluation);
    return evaluation;
  }
}

/** Distinct identifier sets remembered as matching nothing; past this the memory starts over. */
const MISS_LIMIT = 200_000;

/**
 * A fleet reports the same few thousand programs over and over, and almost none of them is in the
 * catalog. Matching depends only on an observation's identifiers (supplier and person screening
 * aside), so a set of identifiers that matched nothing once matches nothing again under this pack:
 * remembering those misses skips normalising and looking up most observations of an upload.
 */
export function rememberMisses(inner: Matcher): Matcher {
  const misses = new Set<string>();
  return {
    ...inner,
    match(observation) {
      if (isScreened(observation)) return inner.match(observation);
      let key: string = observation.kind;
      for (const id of listIdentifiers(observation)) key += `\u0000${id.kind}\u0001${id.value}`;
      if (misses.has(key)) return undefined;
      const result = inner.match(observation);
      if (!result) {
        if (misses.size >= MISS_LIMIT) misses.clear();
        misses.add(key);
      }
      return result;
    },
  };
}

async function loadApprovedWaivers(db: Kysely<Database>, tenantId: string): Promise<Waiver[]> {
  const rows = await db
    .selectFrom('waivers')
    .select(['public_id', 'scope', 'reason', 'expires', 'decided_by', 'decided_at'])
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'approved')
    .orderBy('requested_at')
    .execute();
  return rows.map((r) => ({
    id: r.public_id,
    scope: JSON.parse(r.scope) as Waiver['scope'],
    reason: r.reason,
    approvedBy: r.decided_by ?? '',
    ...(r.decided_at ? { approved: r.decided_at.slice(0, 10) } : {}),
    expires: r.expires,
  }));
}

export function createTenantEvaluation(
  pack: PackView & { hash: string },
  matcher: Matcher,
  o: EvaluationSpec,
): TenantEvaluation {
  const evaluator = createEvaluator(pack, { asOf: o.asOf, profile: o.profile, waivers: o.waivers, matcher });
  const boundary = lastBoundary(pack, o.waivers, o.asOf);
  return {
    stamp: `${pack.hash}|${o.profile}|${boundary}|${o.waiverKey}|`,
    asOf: o.asOf,
    profile: o.profile,
    spec: o,
    evaluate(observations) {
      const collector = new FindingCollector();
      for (const observation of observations) {
        const finding = evaluator.evaluate(observation);
        if (finding) collector.add(observation, finding);
      }
      return collector.entries();
    },
  };
}

/**
 * The latest date on or before `asOf` on which some finding could change by itself: a phase
 * starting or ending, a waiver expiring. Re-evaluation runs when it moves, not every day.
 */
function lastBoundary(
  pack: Pick<PackView, 'determinations'>,
  waivers: readonly Waiver[],
  asOf: string,
): string {
  const dates: string[] = [];
  for (const d of pack.determinations) {
    dates.push(d.published);
    for (const p of d.phases) {
      dates.push(p.since);
      if (p.until) dates.push(addDays(p.until, 1));
    }
  }
  for (const w of waivers) dates.push(addDays(w.expires, 1));
  return (
    dates
      .filter((d) => d <= asOf)
      .sort()
      .at(-1) ?? '0000-00-00'
  );
}
