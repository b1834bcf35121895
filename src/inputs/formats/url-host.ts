import { normalizeDomainName } from './domain-observation.js';

/**
 * The host name of a URL as firewalls log it: `https://host:443/path`, `host/path` (PAN-OS, no
 * scheme) or a bare `host`; undefined for IP addresses and anything that is no domain name.
 * @example hostOfUrl('upd.kaspersky.com/index/u0607g.xml') // 'upd.kaspersky.com'
 */
export function hostOfUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#\s]+)/i.exec(url.trim());
  return m ? normalizeDomainName(m[1]) : undefined;
}

/** At most 512 characters of a URL: evidence, not a copy of every query string. */
export function shortUrl(url: string | undefined): string | undefined {
  return url && url.length > 512 ? url.slice(0, 512) : url;
}

/** An epoch timestamp in seconds, ms, µs or ns (told apart by its digits) as an ISO date-time. */
export function fromEpochDigits(text: string | undefined): string | undefined {
  if (!text || !/^\d{10}(\d{3})?(\d{3})?(\d{3})?$/.test(text)) return undefined;
  const ms = text.length === 10 ? Number(text) * 1000 : Number(text.slice(0, 13));
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : undefined;
}
