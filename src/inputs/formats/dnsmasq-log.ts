import { normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { DOMAIN_KINDS } from './domain-observation.js';
import { createLineFormat, linesPass } from './line-format.js';

const ID = 'dnsmasq-log';
/** `dnsmasq[PID]: [SERIAL ADDR/PORT ]query[TYPE] NAME from CLIENT` (log-queries, log-queries=extra). */
const QUERY = /dnsmasq\[\d+\]: (?:\d+ \S+ )?query\[([A-Za-z0-9]+)\] (\S+) from (\S+)/;
const DNSMASQ_LINE = /dnsmasq\[\d+\]: /;

/** dnsmasq's query log, which is also Pi-hole's `pihole.log`. */
export const dnsmasqLog = createLineFormat({
  // Domains only: the DNS/proxy prefilter ignores short process and package names.
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'dnsmasq / Pi-hole query log (log-queries)',
  producedBy:
    'dnsmasq --log-queries --log-facility=/var/log/dnsmasq.log; Pi-hole: /var/log/pihole/pihole.log',
  fileNames: [/(dnsmasq|pihole)\.log(\.\d+)?$/i],
  prefilter: true,
  detect(sample) {
    return linesPass(sample, (l) => DNSMASQ_LINE.test(l), 0.6) && QUERY.test(sample.text)
      ? { id: ID, confidence: 0.9 }
      : undefined;
  },
  parse(text) {
    const m = QUERY.exec(text);
    // forwarded / reply / cached lines repeat the query's name: the query line is the record.
    if (!m) return undefined;
    const [, qtype, name, client] = m;
    const domain = normalizeDomainName(name);
    if (!domain) return { error: `query ${JSON.stringify(name)} is not a domain name` };
    const time = /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2})/.exec(text)?.[1];
    return toDomainObservation(domain, client, undefined, { qtype, time });
  },
});
