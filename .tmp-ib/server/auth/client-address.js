/**
 * The peer address of the TCP connection (not `X-Forwarded-For`, which any client can write).
 * `local` when the request did not come through a socket (tests calling `app.request()`).
 */
export function readClientAddress(c) {
    const env = c.env;
    const incoming = env?.server?.incoming ?? env?.incoming;
    return incoming?.socket?.remoteAddress ?? 'local';
}
