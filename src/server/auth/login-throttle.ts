/**
 * Slows down password guessing: per login name and client address, `freeFailures` wrong passwords
 * within `windowMs` are free; each further one locks that pair out for a delay that doubles up to
 * `maxDelayMs`. A successful login clears the pair. Kept in memory: every server process counts on
 * its own, which bounds guessing to (servers x limit) without a write on every failed login.
 */
export interface LoginThrottle {
  /** Milliseconds the caller must still wait before trying this pair again, 0 when it may try. */
  retryAfter(name: string, address: string, now: Date): number;
  recordFailure(name: string, address: string, now: Date): void;
  recordSuccess(name: string, address: string): void;
}

export interface LoginThrottleOptions {
  freeFailures: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Pairs tracked at most; the oldest are forgotten first, so a flood cannot exhaust memory. */
  maxEntries: number;
}

const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = {
  freeFailures: 5,
  windowMs: 15 * 60 * 1000,
  baseDelayMs: 30 * 1000,
  maxDelayMs: 15 * 60 * 1000,
  maxEntries: 50_000,
};

interface Entry {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

export function createLoginThrottle(options: Partial<LoginThrottleOptions> = {}): LoginThrottle {
  const o = { ...DEFAULT_LOGIN_THROTTLE, ...options };
  // Insertion-ordered: the first keys are the least recently failed.
  const entries = new Map<string, Entry>();
  const keyOf = (name: string, address: string) => `${name.toLowerCase()}\u0000${address}`;
  const live = (key: string, now: number): Entry | undefined => {
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
      if (over >= 0) entry.lockedUntil = t + Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** over);
      entries.delete(key);
      entries.set(key, entry);
      while (entries.size > o.maxEntries) entries.delete(entries.keys().next().value as string);
    },
    recordSuccess(name, address) {
      entries.delete(keyOf(name, address));
    },
  };
}
