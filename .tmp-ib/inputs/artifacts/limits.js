export const DEFAULT_ARTIFACT_LIMITS = {
    maxDepth: 8,
    maxMembers: 200_000,
    maxTotalBytes: 16 * 1024 ** 3,
    maxRatio: 200,
    maxBufferBytes: 64 * 1024 ** 2,
    maxStructureBytes: 32 * 1024 ** 2,
};
/** Fills unset limits with the defaults; rejects nonsense so a usage error is located at the flag. */
export function resolveLimits(partial = {}) {
    const limits = { ...DEFAULT_ARTIFACT_LIMITS };
    for (const [key, value] of Object.entries(partial)) {
        if (value === undefined)
            continue;
        if (!Number.isInteger(value) || value < 0)
            throw new RangeError(`${key} must be a non-negative integer, got ${value}`);
        limits[key] = value;
    }
    return limits;
}
