export const DEFAULT_LOGIN_THROTTLE = {
    freeFailures: 5,
    windowMs: 15 * 60 * 1000,
    baseDelayMs: 30 * 1000,
    maxDelayMs: 15 * 60 * 1000,
    maxEntries: 50_000,
};
export function createLoginThrottle(options = {}) {
    const o = { ...DEFAULT_LOGIN_THROTTLE, ...options };
    // Insertion-ordered: the first keys are the least recently failed.
    const entries = new Map();
    const keyOf = (name, address) => `${name.toLowerCase()}\u0000${address}`;
    const live = (key, now) => {
        const entry = entries.get(key);
        if (entry && now - entry.firstAt > o.windowMs && now >= entry.lockedUntil) {
            entries.delete(key);
            return undefined;
        }
        return entry;
    };
    return {
        retryAfter(name, address, now) {
            const entry = live(keyOf(name, address), now.getTime());
            return entry ? Math.max(0, entry.lockedUntil - now.getTime()) : 0;
        },
        recordFailure(name, address, now) {
            const key = keyOf(name, address);
            const t = now.getTime();
            const entry = live(key, t) ?? { failures: 0, firstAt: t, lockedUntil: 0 };
            entry.failures++;
            const over = entry.failures - o.freeFailures;
            if (over >= 0)
                entry.lockedUntil = t + Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** over);
            entries.delete(key);
            entries.set(key, entry);
            while (entries.size > o.maxEntries)
                entries.delete(entries.keys().next().value);
        },
        recordSuccess(name, address) {
            entries.delete(keyOf(name, address));
        },
    };
}
