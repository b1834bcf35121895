/**
 * Version ranges for waiver scopes: space-separated comparators that must all hold
 * (">=11 <12.1"), a wildcard ("12.*"), or an exact version ("12.0.0.467").
 */
export function satisfiesRange(version, range) {
    const parts = range.trim().split(/\s+/).filter(Boolean);
    return parts.length > 0 && parts.every((part) => satisfiesOne(version, part));
}
function satisfiesOne(version, part) {
    const m = /^(>=|<=|>|<|=)?(.+)$/.exec(part);
    const op = m[1] ?? '=';
    const target = m[2];
    if (target.endsWith('*')) {
        const prefix = target.slice(0, -1);
        return op === '=' && (version === prefix.replace(/\.$/, '') || version.startsWith(prefix));
    }
    const c = compareVersions(version, target);
    switch (op) {
        case '>=':
            return c >= 0;
        case '<=':
            return c <= 0;
        case '>':
            return c > 0;
        case '<':
            return c < 0;
        default:
            return c === 0;
    }
}
/** Compares dotted versions numerically where both parts are numbers, textually otherwise. */
export function compareVersions(a, b) {
    const pa = a.split(/[.\-+_]/);
    const pb = b.split(/[.\-+_]/);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const x = pa[i] ?? '0';
        const y = pb[i] ?? '0';
        const nx = /^\d+$/.test(x) ? Number(x) : NaN;
        const ny = /^\d+$/.test(y) ? Number(y) : NaN;
        const c = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
        if (c !== 0)
            return Math.sign(c);
    }
    return 0;
}
