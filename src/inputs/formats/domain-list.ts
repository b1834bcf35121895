import { normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { DOMAIN_KINDS } from './domain-observation.js';
import { createLineFormat, sampleLines } from './line-format.js';

const ID = 'domain-list';
/** Reverse-DNS ids (macOS package receipts, Android packages) look like domains; they start with these. */
const REVERSE_DNS = /^(com|org|net|io|de|uk|ru|jp|edu|gov)\./i;

/**
 * A plain list of domain names, one per line, `#` comments allowed; an optional second
 * whitespace-separated column names the client (`upd.kaspersky.com 10.0.4.17`).
 */
export const domainList = createLineFormat({
  // Domains only: the DNS/proxy prefilter ignores short process and package names.
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'plain list of domain names (one per line, optional client column)',
  producedBy: 'any DNS/proxy/firewall export reduced to names, e.g. cut -f10 dns.log | sort -u',
  fileNames: [/domains?(\.list)?\.txt$/i],
  detect(sample) {
    const lines = sampleLines(sample, 30).filter((l) => !l.startsWith('#'));
    if (lines.length === 0) return undefined;
    let notDomains = 0;
    let reverseDns = 0;
    for (const line of lines) {
      const name = line.trim().split(/\s+/)[0]!;
      if (REVERSE_DNS.test(name)) reverseDns++;
      // Stops as soon as 70% domain names is out of reach: most text is no domain list.
      if (!normalizeDomainName(name) && lines.length - ++notDomains < lines.length * 0.7) return undefined;
    }
    return reverseDns > lines.length / 2 ? undefined : { id: ID, confidence: 0.5 };
  },
  isHeader: (text) => text.trimStart().startsWith('#'),
  parse(text) {
    const [name, client, ...rest] = text.trim().split(/\s+/);
    if (rest.length > 0) return { error: 'expected a domain name, optionally followed by a client' };
    const domain = normalizeDomainName(name);
    if (!domain) return { error: `${JSON.stringify(name)} is not a domain name` };
    return toDomainObservation(domain, client, undefined, {});
  },
});
