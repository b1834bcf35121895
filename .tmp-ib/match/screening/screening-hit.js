import { SCREENING_THRESHOLDS } from './score.js';
const RELATION_ORDER = ['self', 'subsidiary', 'parent', 'affiliate', 'predecessor', 'successor', 'officer'];
/**
 * Orders candidates: higher score first; at equal score the alias with the query's legal form,
 * then the vendor's own entity, then listed
 * parties, then data-pack order, so that the index and the naive scorer agree exactly.
 */
export function isBetter(a, b, parties) {
    if (!b)
        return true;
    if (a.scored.score !== b.scored.score)
        return a.scored.score > b.scored.score;
    if (a.sameLegalForm !== b.sameLegalForm)
        return a.sameLegalForm > b.sameLegalForm;
    const pa = parties[a.partyIndex];
    const pb = parties[b.partyIndex];
    const ra = RELATION_ORDER.indexOf(pa.relation);
    const rb = RELATION_ORDER.indexOf(pb.relation);
    if (ra !== rb)
        return ra < rb;
    if (pa.listedBy.length !== pb.listedBy.length)
        return pa.listedBy.length > pb.listedBy.length;
    if (a.partyIndex !== b.partyIndex)
        return a.partyIndex < b.partyIndex;
    return a.recordIndex < b.recordIndex;
}
export function toHit(best, parties) {
    if (best.scored.score < SCREENING_THRESHOLDS.review)
        return undefined;
    const party = parties[best.partyIndex];
    return {
        party,
        on: best.name.on,
        value: best.name.value,
        alias: best.scored.record,
        score: best.scored.score,
        determination: best.scored.score >= SCREENING_THRESHOLDS.decide ? 'decided' : 'review',
        explanation: explain(best, party),
    };
}
function explain(c, party) {
    const s = c.scored;
    const alias = s.record.scheme
        ? `${s.record.text} (${s.record.scheme}: ${s.record.tokens.map((t) => t.surface).join(' ')})`
        : s.record.text;
    const tokens = s.pairs
        .map((p) => {
        const how = p.edits
            ? `${p.edits} edit${p.edits > 1 ? 's' : ''}`
            : p.query.surface === p.alias.surface
                ? 'exact'
                : 'spelling';
        return `${p.query.surface}=${p.alias.surface} (${how}${p.alias.weak ? ', generic' : ''})`;
    })
        .join(', ');
    const parts = [`"${c.name.value}" ~ "${alias}" of ${party.name}: ${tokens}`];
    if (s.missing.length)
        parts.push(`not in record: ${s.missing.map((t) => t.surface).join(' ')}`);
    if (s.extra.length)
        parts.push(`extra: ${s.extra.map((t) => t.surface).join(' ')}`);
    if (c.legalForms.length)
        parts.push(`legal form ignored: ${c.legalForms.join(', ')}`);
    if (c.support.country === 'match')
        parts.push(`country ${party.country} supports`);
    if (c.support.address)
        parts.push('address supports');
    if (c.support.registration)
        parts.push(`registration ${c.support.registration} matches`);
    parts.push(...s.notes);
    const { decide, review } = SCREENING_THRESHOLDS;
    parts.push(`score ${s.score.toFixed(3)} (decides at ${decide}, review from ${review})`);
    return parts.join('; ');
}
