/**
 * An SPDX 2.x `supplier`/`originator` value ("Organization: AO Kaspersky Lab (legal@x.com)",
 * "Person: Jane Doe", "NOASSERTION") as the party's name, or undefined.
 */
export function readSpdxParty(value) {
    if (typeof value !== 'string')
        return undefined;
    const text = value.trim();
    if (!text || /^NO(ASSERTION|NE)$/i.test(text))
        return undefined;
    const name = text
        .replace(/^(Organization|Person|Tool)\s*:\s*/i, '')
        .replace(/\s*\([^()]*@[^()]*\)\s*$/, '')
        .replace(/\s*\(\s*\)\s*$/, '')
        .trim();
    return name || undefined;
}
/** SPDX external reference types that carry identifiers the catalog knows. */
export function toSpdxRefKind(type) {
    const t = type.toLowerCase();
    if (t === 'purl' || t === 'packageurl')
        return 'purl';
    if (t === 'cpe23type' || t === 'cpe22type' || t === 'cpe23' || t === 'cpe22')
        return 'cpe';
    return undefined;
}
