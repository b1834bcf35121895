export function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
export function asObject(value) {
    return isObject(value) ? value : undefined;
}
export function asArray(value) {
    return Array.isArray(value) ? value : [];
}
/** A non-empty trimmed string; numbers are turned to text (a version of 12 is "12"). */
export function asText(value) {
    if (typeof value === 'number' && Number.isFinite(value))
        return String(value);
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
/** Identifiers from (kind, value) pairs, dropping empty values; undefined when none. */
export function toIds(...pairs) {
    const out = pairs
        .filter((p) => !!p[1])
        .map(([kind, value]) => ({ kind, value }));
    return out.length ? out : undefined;
}
/** Attributes from (name, value) pairs, dropping empty values; undefined when none. */
export function toAttributes(pairs) {
    const out = {};
    for (const [k, v] of Object.entries(pairs))
        if (v)
            out[k] = v;
    return Object.keys(out).length ? out : undefined;
}
/** Removes keys whose value is undefined, so observations compare and serialise cleanly. */
export function prune(value) {
    for (const key of Object.keys(value))
        if (value[key] === undefined)
            delete value[key];
    return value;
}
/** JSON Pointer escaping of one reference token (RFC 6901). */
export function escapePointer(token) {
    return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}
