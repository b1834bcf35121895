/**
 * Errors that mean "the database is away for now" rather than "this request is wrong": the
 * client should come back later (503 with Retry-After), and the server keeps running.
 * Network errors from the driver, PostgreSQL's shutdown and connection classes (57P01 admin
 * shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions, 53300 too
 * many connections), pg's own "connection terminated" and pool timeouts, and SQLite's busy file.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);
/** pg reports a cut socket and a full pool only in the message. */
const MESSAGES = [
  /^Connection terminated/i,
  /^timeout exceeded when trying to connect/i,
  /^Client has encountered a connection error/i,
  /^Connection ended unexpectedly/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || SQLITE_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (MESSAGES.some((m) => m.test(error.message))) return true;
  // Node wraps several refused addresses (IPv4 and IPv6) in one AggregateError.
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1)))
    return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}
