import type { Observation } from '../../core/observation.js';
import { readLines } from '../lines.js';
import { readSample } from '../source.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import {
  classifyLine,
  countPackets,
  decodeQuestionName,
  dotLabels,
  readPacketLine,
  type PacketLine,
} from './dns-debug-lines.js';
import { DOMAIN_KINDS, normalizeDomainName, toDomainObservation } from './domain-observation.js';
import { linesPass, sampleLines } from './line-format.js';
import {
  orderEvidence,
  orderFor,
  readLocalDateTime,
  toIsoLocal,
  type DateOrder,
  type LocalDateTime,
} from './locale-date.js';

const ID = 'windows-dns-debug';
/** Ambiguous dates wait this long for one that settles the file's order; then they go out undated. */
const MAX_PENDING = 10_000;

/**
 * The Windows DNS Server debug log (`dns.log`, "Debug logging" in the DNS console, Windows Server
 * 2012 R2 to 2025). A client's query (`Rcv`, no `R`) and the server's answer to it (`Snd R`) are
 * domain observations on the client; the server's own recursive queries and their answers name an
 * upstream server, not a client, and are records only.
 */
export const windowsDnsDebug: InputFormat = {
  identifierKinds: DOMAIN_KINDS,
  id: ID,
  description: 'Windows DNS Server debug log (dns.log; packet lines, with or without details)',
  producedBy:
    'DNS Manager → server Properties → Debug Logging → Log packets for debugging (or Set-DnsServerDiagnostics -All $true -LogFilePath C:\\Windows\\System32\\dns\\dns.log)',
  fileNames: [/(^|[\\/])dns[\\/]dns\.log$/i],
  detect: detectDnsDebug,
  read: readDnsDebug,
};

function detectDnsDebug(sample: Sample) {
  const head = sample.text.slice(0, 4096);
  if (/^DNS Server log file creation at /m.test(head) || head.includes('Message logging key (for packets'))
    return { id: ID, confidence: 1 };
  if (!sampleLines(sample, 20).some((l) => readPacketLine(l))) return undefined;
  const fits = (l: string) => {
    const kind = classifyLine(l);
    return kind === 'packet' ? readPacketLine(l) !== undefined : kind === 'dump';
  };
  return linesPass(sample, fits, 0.8) ? { id: ID, confidence: 0.9 } : undefined;
}

interface Pending {
  obs: Omit<Observation, 'origin'>;
  when: LocalDateTime;
  line: number;
}

/** The file's day/month order, settled by the first date with a field above 12. */
interface DateState {
  order?: DateOrder;
  /** Where the order was settled, for the error on a date that contradicts it. */
  settledAt?: string;
  pending: Pending[];
  undated: number;
  firstUndated?: number;
  example?: string;
}

async function* readDnsDebug(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const dates: DateState = { pending: [], undated: 0 };
  settleFromSample(await readSample(source), dates);
  let clientPackets = 0;
  let serverPackets = 0;
  let firstServerPacket: number | undefined;
  // Only PACKET lines are records: readLines' own counts (every line a prefilter skips) are
  // replaced by the PACKET lines of each skipped block, counted here.
  const lineCtx: ReadContext = {
    ...ctx,
    record: () => undefined,
    mayMatch: (chunk) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (ctx.mayMatch(dotLabels(bytes))) return true;
      const packets = countPackets(bytes);
      if (packets) ctx.record(packets);
      return false;
    },
  };
  const origin = (line: number) => ({ source: source.name, format: ID, locator: `line ${line}` });
  const finish = (p: Pending, dated?: { date: string; time?: string }): Observation => {
    const attributes = { ...p.obs.attributes, time: dated?.time ?? p.when.text };
    const host = p.obs.host ?? ctx.host;
    return {
      ...p.obs,
      ...(dated ? { date: dated.date } : {}),
      ...(host ? { host } : {}),
      attributes,
      origin: origin(p.line),
    };
  };

  for await (const { line, text } of readLines(source, lineCtx, { prefilter: true })) {
    const kind = classifyLine(text);
    if (kind === 'header' || kind === 'dump' || kind === 'message') continue;
    const at = `line ${line}`;
    if (kind === 'other') {
      ctx.error(at, 'not a line of a DNS debug log (header, PACKET line or packet details)');
      continue;
    }
    ctx.record();
    const packet = readPacketLine(text);
    if (!packet) {
      ctx.error(at, 'PACKET line not in the debug log layout (date time thread PACKET id UDP|TCP Snd|Rcv …)');
      continue;
    }
    const when = readLocalDateTime(packet.when);
    if (typeof when === 'string') {
      ctx.error(at, when);
      continue;
    }
    if (packet.opcode !== 'Q') continue; // notify and dynamic update packets look nothing up
    const fromClient = packet.direction === 'Rcv' ? !packet.response : packet.response;
    if (!fromClient) {
      serverPackets++;
      firstServerPacket ??= line;
      continue;
    }
    clientPackets++;
    const obs = toObservation(packet);
    if (!obs) continue;
    if ('error' in obs) {
      ctx.error(at, obs.error);
      continue;
    }
    const pending: Pending = { obs, when, line };
    const evidence = orderEvidence(when);
    if (evidence && !dates.order) {
      dates.order = evidence;
      dates.settledAt = `line ${line}`;
      for (const p of dates.pending.splice(0)) yield dated(p, evidence, ctx, finish);
    } else if (evidence && evidence !== dates.order) {
      ctx.error(
        at,
        `date ${JSON.stringify(when.text)} contradicts the ${describe(dates.order!)} order of the dates before it (${dates.settledAt}); read without a date`,
      );
      yield undated(pending, dates, finish);
      continue;
    }
    const order = orderFor(when, dates.order);
    if (order) yield dated(pending, order, ctx, finish);
    else {
      dates.pending.push(pending);
      if (dates.pending.length > MAX_PENDING) yield undated(dates.pending.shift()!, dates, finish);
    }
  }
  for (const p of dates.pending.splice(0)) yield undated(p, dates, finish);
  if (dates.undated)
    ctx.note?.(
      `line ${dates.firstUndated}`,
      `${dates.undated} packet(s) dated like ${JSON.stringify(dates.example)}: day/month or month/day cannot be told, since no date in this log has a day above 12; their observations carry the time as written and no date`,
    );
  if (serverPackets && !clientPackets)
    ctx.note?.(
      `line ${firstServerPacket}`,
      `${serverPackets} packet(s) are the server's own recursive queries and their answers, which name an upstream server, not the client that asked; no client queries were logged (check both "Incoming" and "Outgoing", or "Request" and "Response", in Debug Logging)`,
    );
}

function dated(
  p: Pending,
  order: DateOrder,
  ctx: ReadContext,
  finish: (p: Pending, dated?: { date: string; time?: string }) => Observation,
): Observation {
  const iso = toIsoLocal(p.when, order);
  if (typeof iso === 'string') {
    ctx.error(`line ${p.line}`, `${iso}; read without a date`);
    return finish(p);
  }
  return finish(p, iso);
}

function undated(
  p: Pending,
  dates: DateState,
  finish: (p: Pending, dated?: { date: string; time?: string }) => Observation,
): Observation {
  dates.undated++;
  dates.firstUndated ??= p.line;
  dates.example ??= p.when.text;
  return finish(p);
}

function describe(order: DateOrder): string {
  return order === 'mdy' ? 'month/day' : 'day/month';
}

/** The header's creation date and the PACKET lines of the first 64 KiB may already settle the order. */
function settleFromSample(sample: Sample, dates: DateState): void {
  for (const text of sample.text.split('\n')) {
    const header = /^(?:DNS Server log file creation at|Log file wrap at) (.*)$/.exec(text);
    const when = header ? header[1] : readPacketLine(text)?.when;
    if (!when) continue;
    const dt = readLocalDateTime(when);
    const evidence = typeof dt === 'string' ? undefined : orderEvidence(dt);
    if (evidence) {
      dates.order = evidence;
      dates.settledAt = `the log's first lines: ${JSON.stringify(when)}`;
      return;
    }
  }
}

function toObservation(packet: PacketLine): Omit<Observation, 'origin'> | { error: string } | undefined {
  const name = decodeQuestionName(packet.name);
  if (typeof name !== 'string') return name;
  // The root (". NS") and single labels (WPAD, NetBIOS-style names) are no catalog domain.
  if (!name.includes('.')) return undefined;
  const domain = normalizeDomainName(name);
  if (!domain) return { error: `question name ${JSON.stringify(name.slice(0, 120))} is not a domain name` };
  if (!/^[0-9A-Fa-f:.%]+$/.test(packet.remote) || !/[.:]/.test(packet.remote))
    return { error: `remote ${JSON.stringify(packet.remote)} is not an IP address` };
  return toDomainObservation(domain, packet.remote, undefined, {
    qtype: packet.qtype,
    packet: packet.response ? 'response' : 'query',
    rcode: packet.response ? packet.rcode : undefined,
    protocol: packet.protocol,
  });
}
