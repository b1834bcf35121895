import { DOMAIN_KINDS, normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { createLineFormat, linesPass } from './line-format.js';
import { fromEpochDigits, hostOfUrl, shortUrl } from './url-host.js';

const ID = 'cef';
const CEF = /CEF:\s?(\d+)\|/;
/** An extension key starts after a space: `dhost=upd.kaspersky.com request=https://…`. */
const KEY = /(?:^|\s)([A-Za-z0-9_.[\]-]+)=/g;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface CefEvent {
  vendor: string;
  product: string;
  name: string;
  extension: Map<string, string>;
}

/** The seven header fields (`\|` and `\\` escaped) and the key=value extension (`\=`, `\\`, `\n` escaped). */
function readCef(text: string): CefEvent | string {
  const m = CEF.exec(text);
  if (!m) return 'not a CEF line (no CEF:version|…)';
  const header: string[] = [];
  let field = '';
  let i = m.index + m[0].length - 1;
  header.push(m[1]!);
  for (i++; i < text.length && header.length < 7; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) field += text[++i];
    else if (c === '|') {
      header.push(field);
      field = '';
    } else field += c;
  }
  if (header.length < 7)
    return `CEF header has ${header.length} of its 7 fields (Version|Vendor|Product|Version|Signature|Name|Severity|)`;
  return {
    vendor: header[1]!,
    product: header[2]!,
    name: header[5]!,
    extension: readExtension(text.slice(i)),
  };
}

function readExtension(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const keys = [...text.matchAll(KEY)];
  keys.forEach((k, n) => {
    const start = k.index + k[0].length;
    const end = n + 1 < keys.length ? keys[n + 1]!.index : text.length;
    const value = text
      .slice(start, end)
      .trim()
      .replace(/\\([=\\nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c));
    if (!out.has(k[1]!)) out.set(k[1]!, value);
  });
  return out;
}

/**
 * ArcSight Common Event Format, as Check Point, Sophos, Zscaler NSS, Fortinet, Trend Micro and many
 * SIEM forwarders write it: `dhost` (with `destinationDnsDomain` when it is a bare host) or the host of
 * `request` is a domain observation on `src` (else `shost`).
 */
export const cefLog = createLineFormat({
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description:
    'CEF (ArcSight Common Event Format) lines with dhost / request (Check Point, Sophos, Zscaler NSS…)',
  producedBy:
    'a firewall or proxy syslog feed in CEF (Zscaler NSS web feed, Check Point Log Exporter --format cef, Sophos, FortiGate "format cef"), saved to a file',
  fileNames: [/\.cef(\.log)?$/i],
  prefilter: true,
  detect(sample) {
    return linesPass(sample, (l) => CEF.test(l) && typeof readCef(l) !== 'string', 0.6)
      ? { id: ID, confidence: 0.9 }
      : undefined;
  },
  parse(text) {
    const event = readCef(text);
    if (typeof event === 'string') return { error: event };
    const get = (k: string) => event.extension.get(k) || undefined;
    const request = get('request');
    const domain = hostOfDestination(get('dhost'), get('destinationDnsDomain')) ?? hostOfUrl(request);
    if (!domain) return undefined; // addresses only: nothing to match
    const { date, time } = readTime(get('rt') ?? get('end') ?? get('start'));
    return toDomainObservation(domain, get('src') ?? get('shost'), date, {
      time,
      vendor: event.vendor || undefined,
      product: event.product || undefined,
      event: event.name || undefined,
      action: get('act'),
      user: get('suser'),
      shost: get('src') ? get('shost') : undefined,
      dst: get('dst'),
      category: get('cat'),
      request: shortUrl(request),
    });
  },
});

function hostOfDestination(dhost: string | undefined, dnsDomain: string | undefined): string | undefined {
  if (!dhost) return undefined;
  const full = !dhost.includes('.') && dnsDomain ? `${dhost}.${dnsDomain}` : dhost;
  return normalizeDomainName(full) ?? hostOfUrl(full);
}

/** `rt` is ms since the epoch or `MMM dd yyyy HH:mm:ss[.SSS][ zone]`; without a year, only the text is kept. */
function readTime(text: string | undefined): { date?: string; time?: string } {
  if (!text) return {};
  const exact = fromEpochDigits(text);
  if (exact) return { date: exact.slice(0, 10), time: exact };
  const m =
    /^([A-Za-z]{3}) (\d{1,2}) (\d{4}) (\d{2}:\d{2}:\d{2})(\.\d+)?(?: (UTC|GMT|Z|[+-]\d{2}:?\d{2}))?/.exec(
      text,
    );
  const month = m ? MONTHS.indexOf(m[1]!.toLowerCase()) : -1;
  if (!m || month < 0) return { time: text };
  const date = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[2]!.padStart(2, '0')}`;
  const zone =
    m[6] === undefined ? '' : /^[+-]/.test(m[6]) ? m[6].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  return { date, time: `${date}T${m[4]}${m[5] ?? ''}${zone}` };
}
