import type { IdentifierKind, Observation } from '../../core/observation.js';
import { toAttributes } from './json-values.js';

/**
 * A host name as DNS carries it: labels of letters, digits, '-' and '_', at least one dot, and a
 * top-level label starting with a letter (so "1727773200.118" and IP addresses are not names).
 */
const DOMAIN = /^(?=.{3,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** Lower case, no trailing dot; undefined when the text is not a domain name. */
export function normalizeDomainName(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const name = text.trim().toLowerCase().replace(/\.$/, '');
  return DOMAIN.test(name) ? name : undefined;
}

/**
 * A name a client looked up or connected to: the client (IP or host name) is the host the
 * finding belongs to, whatever brand the software behind the lookup carries.
 */
/** What a domain observation carries: the domain, and the same text as its name. */
export const DOMAIN_KINDS: readonly IdentifierKind[] = ['domain', 'name'];

export function toDomainObservation(
  domain: string,
  client: string | undefined,
  date: string | undefined,
  attributes: Record<string, string | undefined>,
): Omit<Observation, 'origin'> {
  const obs: Omit<Observation, 'origin'> = {
    kind: 'domain',
    name: domain,
    ids: [{ kind: 'domain', value: domain }],
  };
  if (client) obs.host = client;
  if (date) obs.date = date;
  const attrs = toAttributes(attributes);
  if (attrs) obs.attributes = attrs;
  return obs;
}

/** Seconds since the epoch (Zeek, Squid) as an ISO date-time, or undefined. */
export function fromEpochSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 32503680000) return undefined;
  return new Date(seconds * 1000).toISOString();
}
