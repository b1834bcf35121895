import { DOMAIN_KINDS, normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { createLineFormat, linesPass } from './line-format.js';
import { fromEpochDigits, hostOfUrl, shortUrl } from './url-host.js';

const ID = 'fortigate-log';
/** `key=value` or `key="quoted value"`, as FortiOS writes its logs to disk, syslog and FortiAnalyzer. */
const PAIR = /(?:^|\s|>)([A-Za-z_][\w-]*)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))/g;
const SHAPE = /(?:^|\s|>)logid="?\d{10}"?\s/;
const TYPE = /(?:^|\s)type="?(traffic|utm|event|dns|anomaly|webfilter)"?(\s|$)/;

/** The pairs of one line; later duplicates lose (FortiOS writes each key once). */
function readPairs(text: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const m of text.matchAll(PAIR)) {
    if (!pairs.has(m[1]!)) pairs.set(m[1]!, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  }
  return pairs;
}

/**
 * FortiGate (FortiOS 6.0–7.6) traffic, web filter, DNS filter and application control logs in
 * their native key=value form: `hostname` (the web host of traffic and web filter logs) or `qname`
 * (DNS filter) is a domain observation on `srcip`.
 */
export const fortigateLog = createLineFormat({
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'FortiGate / FortiOS key=value log (traffic, webfilter, DNS filter, app-ctrl)',
  producedBy:
    'FortiGate: Log & Report → Log Settings → syslog or disk; execute log display; FortiAnalyzer log download (text)',
  fileNames: [/(^|[\\/])forti(gate|os|analyzer)[^\\/]*\.log$/i],
  prefilter: true,
  detect(sample) {
    return linesPass(sample, (l) => SHAPE.test(l) && TYPE.test(l), 0.6)
      ? { id: ID, confidence: 0.9 }
      : undefined;
  },
  parse(text) {
    const pairs = readPairs(text);
    if (!pairs.has('logid') && !pairs.has('type'))
      return { error: 'not a FortiGate log line (no logid= or type= field)' };
    const get = (k: string) => {
      const v = pairs.get(k);
      return v === undefined || v === '' || v === 'N/A' ? undefined : v;
    };
    const url = get('url');
    const name = get('hostname') ?? get('qname') ?? (url && /^[a-z]+:\/\//i.test(url) ? url : undefined);
    if (name === undefined) return undefined; // traffic without a web host: only addresses
    const domain = normalizeDomainName(name) ?? hostOfUrl(name);
    if (!domain) return undefined; // an IP address as host name: nothing to match
    const { date, time } = readTime(get);
    return toDomainObservation(domain, get('srcip'), date, {
      time,
      type: get('type'),
      subtype: get('subtype'),
      eventtype: get('eventtype'),
      action: get('action'),
      device: get('devname'),
      srcname: get('srcname'),
      user: get('user'),
      service: get('service'),
      dstip: get('dstip'),
      qtype: get('qtype'),
      category: get('catdesc'),
      app: get('app'),
      url: shortUrl(url),
    });
  },
});

/** `eventtime` (s, ms, µs or ns since the epoch by FortiOS version) is exact; `date`/`time` are device-local. */
function readTime(get: (k: string) => string | undefined): { date?: string; time?: string } {
  const local = get('date');
  const date = local && /^\d{4}-\d{2}-\d{2}$/.test(local) ? local : undefined;
  const exact = fromEpochDigits(get('eventtime'));
  if (exact) return { date: date ?? exact.slice(0, 10), time: exact };
  const clock = get('time');
  if (!date || !clock || !/^\d{2}:\d{2}:\d{2}$/.test(clock)) return { date };
  const tz = get('tz');
  const offset = tz && /^[+-]\d{4}$/.test(tz) ? `${tz.slice(0, 3)}:${tz.slice(3)}` : '';
  return { date, time: `${date}T${clock}${offset}` };
}
