import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The peer address of the TCP connection (not `X-Forwarded-For`, which any client can write).
 * `local` when the request did not come through a socket (tests calling `app.request()`).
 */
export function readClientAddress(c: Context): string {
  const env = c.env as { incoming?: IncomingMessage; server?: { incoming?: IncomingMessage } } | undefined;
  const incoming = env?.server?.incoming ?? env?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
