import { normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { DOMAIN_KINDS } from './domain-observation.js';
import { createLineFormat, linesPass } from './line-format.js';

const ID = 'bind-query';
/** `client [@0x…] ADDR#PORT [(NAME)]: [view V: ]query: NAME CLASS TYPE FLAGS (SERVER)` */
const QUERY =
  /client (?:@0x[0-9a-f]+ )?([0-9a-fA-F.:]+)#(\d+)(?: \([^)]*\))?: (?:view ([^:]+): )?query: (\S+) (\S+) (\S+) (\S*)(?: \(([^)]*)\))?/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** BIND 9 query logs (`category queries`), to a file or through syslog. */
export const bindQuery = createLineFormat({
  // Domains only: the DNS/proxy prefilter ignores short process and package names.
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'BIND 9 query log (logging category queries; file or syslog)',
  producedBy:
    'named.conf: logging { channel q { file "query.log"; print-time yes; }; category queries { q; }; }',
  fileNames: [/query(ing)?\.log(\.\d+)?$/i],
  prefilter: true,
  detect(sample) {
    return linesPass(sample, (l) => QUERY.test(l), 0.5) ? { id: ID, confidence: 0.9 } : undefined;
  },
  parse(text) {
    const m = QUERY.exec(text);
    // named logs other things to the same channel (lame servers, config reloads): not records.
    if (!m) return undefined;
    const [, client, port, view, name, qclass, qtype, flags, server] = m;
    const domain = normalizeDomainName(name);
    if (!domain) return { error: `query ${JSON.stringify(name)} is not a domain name` };
    return toDomainObservation(domain, client, readDate(text), {
      port,
      view,
      class: qclass,
      qtype,
      flags,
      server,
    });
  },
});

/** `01-Oct-2024 10:15:32.123` (print-time) → 2024-10-01; syslog lines carry no year. */
function readDate(text: string): string | undefined {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4}) /.exec(text);
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) : -1;
  return m && month >= 0 ? `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]}` : undefined;
}
