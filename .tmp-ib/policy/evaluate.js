import { rankStatus, severityOf } from '../core/status.js';
import { DECIDED } from '../match/matcher.js';
import { daysBetween } from './dates.js';
function subjectOf(observation) {
    return observation.kind === 'supplier' || observation.kind === 'person' ? 'supplier' : 'software';
}
/**
 * Turns a match into a finding for a date and a profile: every determination that binds the profile
 * and covers the product says what it does today (or from when), and the worst of them wins.
 * Returns undefined when no determination binding this profile reaches the product.
 */
export function evaluateMatch(result, observation, ctx) {
    const subject = subjectOf(observation);
    const refs = [];
    for (const determination of ctx.determinations) {
        if (!determination.profiles.includes(ctx.profile))
            continue;
        const contractStart = subject === 'supplier' ? observation.date : undefined;
        const ref = applyDetermination(determination, result, subject, ctx.asOf, contractStart);
        if (!ref)
            continue;
        refs.push(ref);
    }
    if (!refs.length)
        return undefined;
    refs.sort((a, b) => rankStatus(a.status) - rankStatus(b.status) || a.id.localeCompare(b.id));
    const worst = refs[0];
    const worstDetermination = ctx.determinations.find((d) => d.id === worst.id);
    const remediation = worstDetermination.remediation[result.product.category] ??
        worstDetermination.remediation['default'] ??
        'Remove the product, or document why it is out of scope.';
    let status = worst.status;
    if (result.match.confidence < DECIDED && status !== 'exempt')
        status = 'review';
    const base = {
        product: result.product.ref,
        match: result.match,
        determinations: refs,
        observation,
        remediation,
        reasons: explain(result, refs, status),
    };
    const waiver = status === 'exempt' ? undefined : ctx.findWaiver?.(base);
    if (waiver)
        status = 'waived';
    return { status, severity: severityOf(status), ...base, ...(waiver ? { waiver } : {}) };
}
function applyDetermination(d, result, subject, asOf, contractStart) {
    const product = result.product;
    const scope = scopeOf(d, product, subject);
    if (scope.kind === 'none')
        return undefined;
    if (scope.kind === 'exempt')
        return { ...refBase(d), status: 'exempt', effect: scope.summary, sources: scope.sources };
    const phase = phaseFor(d.phases, subject, asOf, contractStart);
    if (!phase)
        return undefined;
    const { phase: p, effect, upcoming, existing } = phase;
    const status = upcoming ? 'upcoming' : scope.kind === 'review' ? 'review' : effect.status;
    return {
        ...refBase(d),
        status,
        effect: (scope.kind === 'review'
            ? `${effect.effect} Whether it reaches this product needs review: ${scope.summary}`
            : effect.effect) + contractNote(effect, existing, contractStart),
        phase: p.id,
        since: p.since,
        ...(upcoming ? { daysLeft: daysBetween(asOf, p.since) } : {}),
        citation: p.citation,
        sources: p.sources,
    };
}
/**
 * Whether a determination reaches what was matched. A determination that names entities (the
 * Entity List, sanctions) reaches only those parties; one that names vendors reaches their
 * products by category, exemptions and review scopes, and their parties as suppliers.
 */
function scopeOf(d, product, subject) {
    if (!d.vendors.includes(product.vendorId))
        return { kind: 'none' };
    if (d.entities)
        return subject === 'supplier' && d.entities.includes(product.ref.id)
            ? { kind: 'covered' }
            : { kind: 'none' };
    // A vendor-wide determination reaches the vendor's companies; people only where a list names them.
    if (product.party)
        return product.party.kind === 'person' ? { kind: 'none' } : { kind: 'covered' };
    if (product.ref.integration && !d.integrations)
        return { kind: 'none' };
    const exemption = d.exemptions.find((e) => e.categories.includes(product.category));
    if (exemption)
        return { kind: 'exempt', summary: exemption.summary, sources: exemption.sources };
    const review = d.reviews?.find((r) => r.products.includes(product.ref.id) || r.categories.includes(product.category));
    if (review)
        return { kind: 'review', summary: review.summary };
    if (d.categories.length === 0 || d.categories.includes(product.category))
        return { kind: 'covered' };
    if (product.category === 'unidentified') {
        return {
            kind: 'review',
            summary: `confirm that this ${product.ref.vendor} software is of a class it covers (${d.categories.join(', ')})`,
        };
    }
    return { kind: 'none' };
}
function refBase(d) {
    return { id: d.id, title: d.title, citation: d.citations[0], sources: d.sources };
}
/**
 * The phase that speaks for this subject on `asOf`: among the phases in force, the one with the
 * most severe effect; when none is in force yet, the next one to start (upcoming).
 */
function phaseFor(phases, subject, asOf, contractStart) {
    const all = phases.flatMap((phase) => phase.effects.filter((e) => e.subject === subject).map((effect) => ({ phase, effect })));
    // A contract that started before a "new agreements only" phase is an existing agreement: that
    // phase does not reach it, a later phase (updates, resale, licensing) may.
    const isExisting = ({ phase, effect }) => Boolean(effect.newAgreementsOnly && contractStart && contractStart < phase.since);
    const existing = all.find(isExisting)?.phase;
    const candidates = all.filter((c) => !isExisting(c));
    const inForce = candidates.filter(({ phase }) => phase.since <= asOf && (!phase.until || asOf <= phase.until));
    if (inForce.length) {
        inForce.sort((a, b) => rankStatus(a.effect.status) - rankStatus(b.effect.status) ||
            b.phase.since.localeCompare(a.phase.since));
        return { ...inForce[0], upcoming: false, existing };
    }
    const ahead = candidates
        .filter(({ phase }) => phase.since > asOf)
        .sort((a, b) => a.phase.since.localeCompare(b.phase.since));
    return ahead.length ? { ...ahead[0], upcoming: true, existing } : undefined;
}
/** Says how the contract's start date was read against a "new agreements only" phase. */
function contractNote(effect, existing, contractStart) {
    if (existing) {
        return ` The contract started ${contractStart}, before ${existing.since}: an existing agreement, which phase ${existing.id} (new agreements only) does not reach; this phase does.`;
    }
    if (effect.newAgreementsOnly) {
        return contractStart
            ? ` The contract started ${contractStart}: a new agreement.`
            : ' No contract start date was given: treated as a new agreement.';
    }
    return '';
}
function explain(result, refs, status) {
    const m = result.match;
    const p = result.product.ref;
    const lines = [
        `identifier: ${m.on} "${m.value}" matched catalog "${m.pattern}" (confidence ${m.confidence})` +
            (m.corroboratedBy?.length
                ? `, corroborated by ${m.corroboratedBy.map((c) => `${c.on} "${c.value}"`).join(', ')}`
                : ''),
        ...(m.explanation ? [`match: ${m.explanation}`] : []),
        `product: ${p.name} (${p.category}) by ${p.vendor}` +
            (p.integration ? `, integrated in ${p.integration.carrier} as ${p.integration.component}` : ''),
    ];
    for (const r of refs) {
        const when = r.since
            ? r.daysLeft !== undefined
                ? ` from ${r.since} (in ${r.daysLeft} days)`
                : ` since ${r.since}`
            : '';
        lines.push(`determination: ${r.title}${r.phase ? `, phase ${r.phase}` : ''}${when}: ${r.effect} [${r.citation}]`);
    }
    lines.push(status === 'review' && m.confidence < DECIDED
        ? `effect: review: the match is not certain enough to decide (confidence ${m.confidence} < ${DECIDED})`
        : `effect: ${status}`);
    return lines;
}
