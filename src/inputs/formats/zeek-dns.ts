import { DOMAIN_KINDS } from './domain-observation.js';
import { readLines } from '../lines.js';
import type { Observation } from '../../core/observation.js';
import { readSample } from '../source.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { fromEpochSeconds, normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { asText, isObject } from './json-values.js';
import { sampleLines } from './line-format.js';

const ID = 'zeek-dns';

/**
 * Zeek's `dns.log`, in its native TSV (with the `#separator`/`#fields` header) or as JSON lines
 * (`LogAscii::use_json=T`). Every query is a domain observation on the client (`id.orig_h`).
 * Lines are prefiltered on raw bytes: a GB of ordinary lookups is skipped near disk speed.
 */
export const zeekDns: InputFormat = {
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'Zeek dns.log (TSV with #fields header, or JSON lines)',
  producedBy: 'zeek -r capture.pcap (or a Zeek sensor) → logs/current/dns.log',
  fileNames: [/(^|[/\\])dns(\.\d{2}:\d{2}:\d{2}-\d{2}:\d{2}:\d{2})?\.log(\.gz)?$/i],
  detect: detectZeekDns,
  read: readZeekDns,
};

function detectZeekDns(sample: Sample) {
  const lines = sampleLines(sample, 12);
  const fields = lines.find((l) => l.startsWith('#fields'));
  if (fields && /\tquery\t/.test(fields) && fields.includes('id.orig_h')) {
    return { id: ID, confidence: lines.some((l) => /^#path\s+dns$/.test(l)) ? 1 : 0.9 };
  }
  const first = lines[0] ?? '';
  if (first.startsWith('{') && first.includes('"id.orig_h"') && /"query"\s*:/.test(first))
    return { id: ID, confidence: /"(qtype_name|rcode_name|trans_id)"/.test(first) ? 0.95 : 0.7 };
  return undefined;
}

interface TsvHeader {
  separator: string;
  unset: string;
  empty: string;
  query: number;
  client: number;
  columns: Map<string, number>;
}

function parseHeader(lines: string[]): TsvHeader | undefined {
  let separator = '\t';
  let unset = '-';
  let empty = '(empty)';
  let header: TsvHeader | undefined;
  for (const line of lines) {
    if (!line.startsWith('#')) continue;
    const sep = /^#separator (.+)$/.exec(line);
    if (sep)
      separator = sep[1]!.replace(/\\x([0-9a-f]{2})/gi, (_, h: string) =>
        String.fromCharCode(parseInt(h, 16)),
      );
    const parts = line.split(separator);
    if (parts[0] === '#unset_field') unset = parts[1] ?? unset;
    if (parts[0] === '#empty_field') empty = parts[1] ?? empty;
    if (parts[0] === '#fields') {
      const names = parts.slice(1);
      header = {
        separator,
        unset,
        empty,
        query: names.indexOf('query'),
        client: names.indexOf('id.orig_h'),
        columns: new Map(names.map((n, i) => [n, i])),
      };
    }
  }
  return header;
}

async function* readZeekDns(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const sample = await readSample(source);
  let header = parseHeader(sampleLines(sample, 12));
  // A `#fields` line must reach the parser even in blocks the prefilter would skip (rotated logs
  // concatenated, each with its header).
  const lineCtx: ReadContext = {
    ...ctx,
    mayMatch: (chunk) => ctx.mayMatch(chunk) || chunk.includes('#fields'),
  };
  for await (const { line, text } of readLines(source, lineCtx, { prefilter: true })) {
    const at = `line ${line}`;
    if (text.startsWith('#')) {
      if (text.startsWith('#fields'))
        header = parseHeader([`#separator ${escapeSeparator(header?.separator)}`, text]);
      continue;
    }
    ctx.record();
    const obs = text.startsWith('{') ? fromJson(text, ctx, at) : fromTsv(text, header, ctx, at);
    if (obs) yield { ...obs, origin: { source: source.name, format: ID, locator: at } };
  }
}

function escapeSeparator(separator = '\t'): string {
  return [...separator].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
}

function fromTsv(
  text: string,
  header: TsvHeader | undefined,
  ctx: ReadContext,
  at: string,
): Omit<Observation, 'origin'> | undefined {
  if (!header || header.query < 0) {
    ctx.error(at, 'no #fields header with a query column before this line');
    return undefined;
  }
  const cells = text.split(header.separator);
  const get = (name: string) => {
    const i = header.columns.get(name);
    const v = i === undefined ? undefined : cells[i];
    return v === undefined || v === header.unset || v === header.empty || v === '' ? undefined : v;
  };
  if (cells.length < header.columns.size) {
    ctx.error(
      at,
      `row has ${cells.length} fields, #fields names ${header.columns.size}; read the fields present`,
    );
  }
  return toObservation(get('query'), get('id.orig_h') ?? ctx.host, get('ts'), get, ctx, at);
}

function fromJson(text: string, ctx: ReadContext, at: string): Omit<Observation, 'origin'> | undefined {
  let row: unknown;
  try {
    row = JSON.parse(text);
  } catch (cause) {
    ctx.error(at, `invalid JSON: ${(cause as Error).message}`);
    return undefined;
  }
  if (!isObject(row)) {
    ctx.error(at, 'expected a JSON object (one dns.log entry)');
    return undefined;
  }
  const get = (name: string) => {
    const v = row[name];
    return Array.isArray(v) ? v.map(String).join(',') || undefined : asText(v);
  };
  return toObservation(get('query'), get('id.orig_h') ?? ctx.host, row['ts'], get, ctx, at);
}

function toObservation(
  query: string | undefined,
  client: string | undefined,
  ts: unknown,
  get: (name: string) => string | undefined,
  ctx: ReadContext,
  at: string,
): Omit<Observation, 'origin'> | undefined {
  // Zeek logs queries it could not parse with no name: nothing to match, and not a failure.
  if (query === undefined) return undefined;
  const domain = normalizeDomainName(query);
  if (!domain) {
    ctx.error(at, `query ${JSON.stringify(query.slice(0, 80))} is not a domain name`);
    return undefined;
  }
  const time = typeof ts === 'string' && /^\d{4}-/.test(ts) ? fromIsoText(ts) : fromEpochSeconds(ts);
  return toDomainObservation(domain, client, time?.slice(0, 10), {
    time,
    uid: get('uid'),
    server: get('id.resp_h'),
    qtype: get('qtype_name'),
    rcode: get('rcode_name'),
    answers: get('answers'),
  });
}

function fromIsoText(text: string): string | undefined {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
