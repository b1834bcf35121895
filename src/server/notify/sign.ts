import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-interdict-signature';
export const TIMESTAMP_HEADER = 'x-interdict-timestamp';

/**
 * `sha256=HEX` of HMAC-SHA256(secret, "TIMESTAMP.BODY"): the timestamp (Unix seconds, sent in its
 * own header) is signed with the body, so a receiver that rejects old timestamps cannot be replayed.
 */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (and what the tests do): recompute, compare in constant time, check the age. */
export function verifySignature(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(headers.signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
