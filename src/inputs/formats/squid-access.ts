import { fromEpochSeconds, normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { DOMAIN_KINDS } from './domain-observation.js';
import { createLineFormat, linesPass } from './line-format.js';

const ID = 'squid-access';
/** Squid's native `logformat squid`: time elapsed client code/status bytes method URL user hierarchy/peer type. */
const NATIVE =
  /^(\d{9,11}\.\d{3})\s+(-?\d+)\s+(\S+)\s+([A-Z_]+(?:\/\d{3})?)\s+(\d+)\s+([A-Z_-]+)\s+(\S+)(?:\s+(\S+)\s+(\S+)(?:\s+(\S+))?)?/;

/**
 * Squid `access.log` in the native format: the host of each request (the CONNECT target or
 * the URL's host) is a domain observation on the client that made it.
 */
export const squidAccess = createLineFormat({
  // Domains only: the DNS/proxy prefilter ignores short process and package names.
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'Squid access.log (native squid log format)',
  producedBy: 'Squid: access_log /var/log/squid/access.log squid',
  fileNames: [/access\.log(\.\d+)?$/i],
  prefilter: true,
  detect(sample) {
    return linesPass(sample, (l) => NATIVE.test(l), 0.8) ? { id: ID, confidence: 0.9 } : undefined;
  },
  parse(text) {
    const m = NATIVE.exec(text);
    if (!m) return { error: 'not a Squid native access.log line' };
    const [, time, elapsed, client, code, bytes, method, url, user, hierarchy, type] = m;
    const host = hostOf(method!, url!);
    if (host === undefined) return undefined; // error pages and cache-manager requests name no host
    const domain = normalizeDomainName(host);
    // Requests to a bare IP address carry no name to match.
    if (!domain || /^[\d.]+$/.test(domain)) return undefined;
    const iso = fromEpochSeconds(time);
    return toDomainObservation(domain, client, iso?.slice(0, 10), {
      time: iso,
      method,
      url: url!.length > 512 ? url!.slice(0, 512) : url,
      result: code,
      bytes,
      elapsed,
      user: user === '-' ? undefined : user,
      hierarchy: hierarchy === '-' ? undefined : hierarchy,
      type: type === '-' ? undefined : type,
    });
  },
});

function hostOf(method: string, url: string): string | undefined {
  if (method === 'CONNECT') return url.replace(/:\d+$/, '');
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]+)/i.exec(url);
  return m ? m[1] : undefined;
}
