/**
 * The lines of a Windows DNS Server debug log (dns.log): the header the server writes when it
 * creates or wraps the file, one PACKET line per logged packet, and, with "Details" checked, an
 * indented dump after each PACKET line.
 */

/** `DATE TIME THREAD PACKET ID UDP|TCP Snd|Rcv REMOTE XID [R] OPCODE [FLAGS CHARS RCODE] QTYPE NAME` */
const PACKET_LINE =
  /^(.*?\S)\s+([0-9A-Fa-f]{1,8})\s+PACKET\s+([0-9A-Fa-f]{1,16})\s+(UDP|TCP)\s+(Snd|Rcv)\s+(\S+)\s+([0-9A-Fa-f]{1,4})\s+(R\s+)?([QNU?])\s+\[([0-9A-Fa-f]{4})\s*([ATDR ]*?)\s*([A-Z][A-Z0-9]*)\]\s+(\S+)\s+(.*?)\s*$/;

export interface PacketLine {
  when: string;
  thread: string;
  protocol: string;
  direction: 'Snd' | 'Rcv';
  remote: string;
  xid: string;
  response: boolean;
  opcode: string;
  flags: string;
  rcode: string;
  qtype: string;
  name: string;
}

export function readPacketLine(text: string): PacketLine | undefined {
  const m = PACKET_LINE.exec(text);
  if (!m) return undefined;
  const [, when, thread, , protocol, direction, remote, xid, r, opcode, flags, chars, rcode, qtype, name] = m;
  return {
    when: when!,
    thread: thread!,
    protocol: protocol!,
    direction: direction as 'Snd' | 'Rcv',
    remote: remote!,
    xid: xid!,
    response: r !== undefined,
    opcode: opcode!,
    flags: `${flags}${chars!.trim() ? ` ${chars!.trim()}` : ''}`,
    rcode: rcode!,
    qtype: qtype!,
    name: name!,
  };
}

/** Header lines, written again at every wrap of the file. */
const HEADER = /^(DNS Server log file creation at |Log file wrap at |Message logging key )/;
/** The first line of a packet dump ("Details"): `UDP question info at 000001E5D7A2B230`. */
const DUMP_START = /^(UDP|TCP) (question|response) info at /;
/** Server messages outside packets: `6/5/2024 9:14:03 AM 0E4C EVENT   The DNS server has started.` */
const DATED = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b/;

export type LineKind = 'packet' | 'header' | 'dump' | 'message' | 'other';

/** What a line is, before it is read: only PACKET lines are records. */
export function classifyLine(text: string): LineKind {
  // Dumps and the header's field table are indented; dumps open with an unindented title.
  if (/^\s/.test(text) || DUMP_START.test(text)) return 'dump';
  if (text.includes(' PACKET ')) return 'packet';
  if (HEADER.test(text)) return 'header';
  if (DATED.test(text)) return 'message';
  return 'other';
}

/**
 * A question name as the log writes it, `(3)www(7)example(3)com(0)`, or dotted
 * (`.www.example.com.`, as some exports rewrite it) → `www.example.com`; '' for the root.
 */
export function decodeQuestionName(raw: string): string | { error: string } {
  if (!raw.startsWith('(')) return raw.replace(/^\.+|\.+$/g, '');
  const labels: string[] = [];
  let pos = 0;
  for (;;) {
    const m = /^\((\d{1,3})\)/.exec(raw.slice(pos, pos + 5));
    if (!m)
      return { error: `question name ${JSON.stringify(raw.slice(0, 120))} has no label length at ${pos}` };
    pos += m[0].length;
    const length = Number(m[1]);
    if (length === 0) break;
    if (pos + length > raw.length)
      return { error: `question name ${JSON.stringify(raw.slice(0, 120))} ends inside a label` };
    labels.push(raw.slice(pos, pos + length));
    pos += length;
  }
  if (pos !== raw.length)
    return { error: `question name ${JSON.stringify(raw.slice(0, 120))} goes on after its end (0)` };
  return labels.join('.');
}

const OPEN = 0x28;
const CLOSE = 0x29;
const DOT = 0x2e;

/** Reused by `dotLabels`: the prefilter reads its result at once, and a log is read block by block. */
let scratch = Buffer.alloc(0);

/**
 * The bytes with every `(N)` label length turned into '.', so the catalog's raw-bytes prefilter
 * (which knows `upd.kaspersky.com`) sees the names this log writes as `(3)upd(9)kaspersky(3)com(0)`.
 * One pass into a reused buffer: valid until the next call.
 */
export function dotLabels(chunk: Buffer): Buffer {
  const n = chunk.length;
  if (scratch.length < n) scratch = Buffer.allocUnsafe(Math.max(n, 64 * 1024));
  const out = scratch;
  let w = 0;
  for (let i = 0; i < n; i++) {
    const b = chunk[i]!;
    if (b === OPEN) {
      let j = i + 1;
      while (j < n && j - i <= 3 && chunk[j]! >= 0x30 && chunk[j]! <= 0x39) j++;
      if (j > i + 1 && j < n && chunk[j] === CLOSE) {
        out[w++] = DOT;
        i = j;
        continue;
      }
    }
    out[w++] = b;
  }
  return out.subarray(0, w);
}

const PACKET_WORD = Buffer.from(' PACKET ');

/** PACKET lines in a block: the records a prefiltered block holds. */
export function countPackets(chunk: Buffer): number {
  let n = 0;
  for (let at = chunk.indexOf(PACKET_WORD); at !== -1; at = chunk.indexOf(PACKET_WORD, at + 8)) n++;
  return n;
}
