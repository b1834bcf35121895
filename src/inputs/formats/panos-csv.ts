import { DOMAIN_KINDS, toDomainObservation } from './domain-observation.js';
import { createLineFormat, linesPass } from './line-format.js';
import { hostOfUrl, shortUrl } from './url-host.js';

const ID = 'panos-syslog';
/** Where the CSV starts after any syslog header: `FUTURE_USE,Receive Time,Serial,Type,…`. */
const START = /(?:^|\s)([^\s,]*,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2},[^,]*,[A-Z][A-Z-]+,)/;
const LOG_TYPES = new Set([
  'TRAFFIC',
  'THREAT',
  'SYSTEM',
  'CONFIG',
  'HIPMATCH',
  'USERID',
  'GLOBALPROTECT',
  'DECRYPTION',
  'AUTHENTICATION',
  'TUNNEL',
  'CORRELATION',
  'SCTP',
  'IPTAG',
  'GTP',
]);
/** Field positions shared by the PAN-OS 9.1, 10.x and 11.x threat log (URL Filtering entries are THREAT/url). */
const F = {
  serial: 2,
  type: 3,
  subtype: 4,
  generated: 6,
  src: 7,
  dst: 8,
  rule: 11,
  user: 12,
  app: 14,
  action: 30,
  url: 31,
  category: 33,
  device: 59,
} as const;
const HIGH_RES = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** One CSV line: fields split on commas, "quoted" fields keep theirs ("" is a quote). */
function splitCsvLine(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          value += text.slice(i);
          i = text.length;
          break;
        }
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      const comma = text.indexOf(',', i);
      if (comma === -1) return out;
      i = comma + 1;
    } else {
      const comma = text.indexOf(',', i);
      if (comma === -1) {
        out.push(text.slice(i));
        return out;
      }
      out.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

function fieldsOf(text: string): string[] | undefined {
  const m = START.exec(text);
  if (!m) return undefined;
  const fields = splitCsvLine(text.slice(m.index + m[0].length - m[1]!.length));
  return LOG_TYPES.has(fields[F.type] ?? '') ? fields : undefined;
}

/**
 * Palo Alto Networks PAN-OS logs forwarded as syslog in the default CSV format. URL Filtering
 * entries (type THREAT, subtype url) name the host in their URL field: a domain observation on the
 * source address. Traffic and other logs carry addresses only and are records without one.
 */
export const panosSyslog = createLineFormat({
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'Palo Alto Networks PAN-OS syslog CSV (URL Filtering entries of the threat log)',
  producedBy:
    'PAN-OS: Device → Server Profiles → Syslog (format BSD/IETF, default CSV) on the URL Filtering log forwarding profile, saved by the syslog server (the web UI CSV export has its own columns and is not this format)',
  fileNames: [/(^|[\\/])(pan(os)?|palo-?alto)[-_.][^\\/]*\.(log|csv)$/i],
  prefilter: true,
  detect(sample) {
    return linesPass(sample, (l) => fieldsOf(l) !== undefined, 0.6) ? { id: ID, confidence: 0.9 } : undefined;
  },
  parse(text) {
    const fields = fieldsOf(text);
    if (!fields) return { error: 'not a PAN-OS syslog CSV line (FUTURE_USE,receive time,serial,type,…)' };
    if (fields[F.type] !== 'THREAT' || fields[F.subtype] !== 'url') return undefined;
    if (fields.length <= F.category)
      return { error: `URL entry with ${fields.length} fields; expected at least ${F.category + 1}` };
    const url = fields[F.url];
    const domain = hostOfUrl(url);
    if (!domain) return undefined; // a URL to a bare address names no host
    const local = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(
      fields[F.generated] ?? fields[1] ?? '',
    );
    const exact = fields.find((f) => HIGH_RES.test(f));
    const get = (i: number) => fields[i] || undefined;
    return toDomainObservation(
      domain,
      get(F.src),
      local ? `${local[1]}-${local[2]}-${local[3]}` : exact?.slice(0, 10),
      {
        time: exact ?? (local ? `${local[1]}-${local[2]}-${local[3]}T${local[4]}` : undefined),
        action: get(F.action),
        category: get(F.category),
        rule: get(F.rule),
        user: get(F.user),
        app: get(F.app),
        device: get(F.device),
        serial: get(F.serial),
        url: shortUrl(url),
      },
    );
  },
});
