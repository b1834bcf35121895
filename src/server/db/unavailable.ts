/**
 * Errors that mean the database is away (down, restarting, unreachable, out of connections, or a
 * connection killed under us), not that a query is wrong: the request may be retried later, so the
 * server answers 503 with Retry-After and /healthz says the database is unreachable.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention), and too many connections.
const SQLSTATE = /^(08\d{3}|57P0[1-4]|53300)$/;
const MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:is )?(?:closed|ended)/i,
  /cannot use a pool after calling end/i,
];

export function isStoreUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== 'object') return false;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (NETWORK_CODES.has(code) || SQLSTATE.test(code) || code === 'SQLITE_BUSY')
    )
      return true;
    if (typeof message === 'string' && MESSAGES.some((re) => re.test(message))) return true;
    if (e instanceof AggregateError && e.errors.some(isStoreUnavailable)) return true;
  }
  return false;
}

/** Seconds a client should wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;
