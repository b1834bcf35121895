import { PROFILES } from '../core/status.js';
import { createEvaluator } from '../evaluator.js';
import { createMatcher } from '../match/matcher.js';
import { today } from '../policy/dates.js';
/**
 * One compiled matcher per pack, one evaluator per tenant and stamp. The stamp is read from the
 * database on every call, so servers sharing a database agree without talking to each other.
 */
export function createEvaluationCache(pack) {
    const matcher = createMatcher(pack);
    const byTenant = new Map();
    return {
        async forTenant(db, tenantId, now) {
            const tenant = await db
                .selectFrom('tenants')
                .select(['profile', 'waiver_version'])
                .where('id', '=', tenantId)
                .executeTakeFirstOrThrow();
            const asOf = today(now);
            const profile = PROFILES.includes(tenant.profile)
                ? tenant.profile
                : 'us-person';
            const cached = byTenant.get(tenantId);
            const waiverKey = `w${tenant.waiver_version}`;
            if (cached &&
                cached.asOf === asOf &&
                cached.profile === profile &&
                cached.stamp.includes(`|${waiverKey}|`)) {
                return cached;
            }
            const waivers = await loadApprovedWaivers(db, tenantId);
            const evaluation = createTenantEvaluation(pack, matcher, { asOf, profile, waivers, waiverKey });
            byTenant.set(tenantId, evaluation);
            return evaluation;
        },
    };
}
export async function loadApprovedWaivers(db, tenantId) {
    const rows = await db
        .selectFrom('waivers')
        .select(['public_id', 'scope', 'reason', 'expires', 'decided_by', 'decided_at'])
        .where('tenant_id', '=', tenantId)
        .where('state', '=', 'approved')
        .orderBy('requested_at')
        .execute();
    return rows.map((r) => ({
        id: r.public_id,
        scope: JSON.parse(r.scope),
        reason: r.reason,
        approvedBy: r.decided_by ?? '',
        ...(r.decided_at ? { approved: r.decided_at.slice(0, 10) } : {}),
        expires: r.expires,
    }));
}
function createTenantEvaluation(pack, matcher, o) {
    const evaluator = createEvaluator(pack, { asOf: o.asOf, profile: o.profile, waivers: o.waivers, matcher });
    const boundary = lastBoundary(pack, o.waivers, o.asOf);
    return {
        stamp: `${pack.hash}|${o.profile}|${boundary}|${o.waiverKey}|`,
        asOf: o.asOf,
        profile: o.profile,
        evaluate(observations) {
            const out = new Map();
            for (const observation of observations) {
                const finding = evaluator.evaluate(observation);
                if (!finding)
                    continue;
                const key = identityOf(observation, finding.product.id);
                if (observation.removed)
                    out.delete(key);
                else if (!out.has(key))
                    out.set(key, finding);
            }
            return out;
        },
    };
}
/**
 * The latest date on or before `asOf` on which some finding could change by itself: a phase
 * starting or ending, a waiver expiring. Re-evaluation runs when it moves, not every day.
 */
export function lastBoundary(pack, waivers, asOf) {
    const dates = [];
    for (const d of pack.determinations) {
        for (const p of d.phases) {
            dates.push(p.since);
            if (p.until)
                dates.push(dayAfter(p.until));
        }
    }
    for (const w of waivers)
        dates.push(dayAfter(w.expires));
    return (dates
        .filter((d) => d <= asOf)
        .sort()
        .at(-1) ?? '0000-00-00');
}
function dayAfter(date) {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
}
/**
 * One finding per thing per host, across uploads: the version is not part of it, so an upgrade
 * changes the finding instead of resolving one and opening another.
 */
export function identityOf(o, productId) {
    return [
        productId,
        o.kind,
        (o.name ?? '').toLowerCase(),
        (o.path ?? '').toLowerCase(),
        o.carrier ?? '',
    ].join('\u0001');
}
