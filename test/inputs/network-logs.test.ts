import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/index.js';
import { cefLog } from '../../src/inputs/formats/cef-log.js';
import { decodeQuestionName, dotLabels } from '../../src/inputs/formats/dns-debug-lines.js';
import { fortigateLog } from '../../src/inputs/formats/fortigate-log.js';
import { orderFor, readLocalDateTime, toIsoLocal } from '../../src/inputs/formats/locale-date.js';
import { panosSyslog } from '../../src/inputs/formats/panos-csv.js';
import { windowsDnsDebug } from '../../src/inputs/formats/windows-dns-debug.js';
import { resolveFormat } from '../../src/inputs/registry.js';
import { createBufferSource } from '../../src/inputs/source.js';
import type { InputFormat } from '../../src/inputs/types.js';
import { collect, createTestContext, FIXTURES, readFixture } from './helpers.js';

const labelled = (name: string) =>
  name
    .split('.')
    .map((l) => `(${l.length})${l}`)
    .join('') + '(0)';

/** One PACKET line, as the server writes it (en-US dates). */
function packetLine(o: {
  date?: string;
  dir?: 'Rcv' | 'Snd';
  response?: boolean;
  ip?: string;
  name: string;
}) {
  const r = o.response ? 'R' : ' ';
  return `${o.date ?? '6/13/2024 9:14:03 AM'} 0E4C PACKET  000001E5D7A2B230 UDP ${o.dir ?? 'Rcv'} ${(o.ip ?? '10.1.2.33').padEnd(15)} 5c1a ${r} Q [0001   D   NOERROR] A      ${labelled(o.name)}`;
}

async function read(format: InputFormat, text: string | Buffer, mayMatch?: (c: string | Buffer) => boolean) {
  const ctx = createTestContext({ mayMatch });
  const observations = await collect(format.read(createBufferSource('log', text), ctx));
  return { observations, ctx };
}

describe('locale dates of the Windows DNS debug log', () => {
  it.each([
    ['6/5/2024 9:14:03 AM', 'mdy', '2024-06-05', '2024-06-05T09:14:03'],
    ['6/5/2024 12:01:00 AM', 'mdy', '2024-06-05', '2024-06-05T00:01:00'],
    ['6/5/2024 1:22:47 PM', 'dmy', '2024-05-06', '2024-05-06T13:22:47'],
    ['05.06.2024 21:40:17', 'mdy', '2024-06-05', '2024-06-05T21:40:17'], // dots are day first whatever is asked
    ['2024-06-05 09:14:03', 'dmy', '2024-06-05', '2024-06-05T09:14:03'], // year first: year, month, day
    ['2024/06/05 오후 9:14:03', 'mdy', '2024-06-05', '2024-06-05T21:14:03'],
    ['13/6/24 07:02:11', 'dmy', '2024-06-13', '2024-06-13T07:02:11'],
  ] as const)('%s read as %s → %s', (text, order, date, time) => {
    const dt = readLocalDateTime(text);
    if (typeof dt === 'string') throw new Error(dt);
    expect(toIsoLocal(dt, orderFor(dt, order)!)).toEqual({ date, time });
  });

  it('says what is wrong with dates that are none', () => {
    expect(readLocalDateTime('13/14/2024 09:00:00')).toMatch(/no date in either order/);
    expect(readLocalDateTime('9:14:03 AM')).toMatch(/no date/);
    expect(readLocalDateTime('6/5/2024 13:14:03 PM')).toMatch(/hour 13 with pm/);
    const feb = readLocalDateTime('2/30/2024 09:00:00');
    expect(typeof feb !== 'string' && toIsoLocal(feb, 'mdy')).toMatch(/no calendar date/);
  });
});

describe('question names in label form', () => {
  it('decodes the label form and the dotted form, and reports a cut or overlong name', () => {
    expect(decodeQuestionName('(3)dnl(2)11(14)kaspersky-labs(3)com(0)')).toBe('dnl.11.kaspersky-labs.com');
    expect(decodeQuestionName('.ns1.example.com.')).toBe('ns1.example.com');
    expect(decodeQuestionName('(0)')).toBe('');
    expect(decodeQuestionName('(3)upd(9)kasper')).toEqual({
      error: expect.stringMatching(/ends inside a label/),
    });
    expect(decodeQuestionName('(3)upd(0)x')).toEqual({
      error: expect.stringMatching(/goes on after its end/),
    });
  });

  it('decodes what it encodes, labels holding parentheses and digits included', () => {
    const label = fc.stringMatching(/^[a-z0-9()_-]{1,20}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 6 }), (labels) => {
        const raw = labels.map((l) => `(${l.length})${l}`).join('') + '(0)';
        expect(decodeQuestionName(raw)).toBe(labels.join('.'));
      }),
    );
  });

  it('lets the raw-bytes prefilter see dotted names', () => {
    const line = Buffer.from(packetLine({ name: 'upd.kaspersky.com' }));
    expect(dotLabels(line).toString()).toContain('.upd.kaspersky.com.');
    expect(dotLabels(Buffer.from('(x) (12a) ()')).toString()).toBe('(x) (12a) ()');
  });
});

describe('windows-dns-debug', () => {
  it('keeps the client, the local time, the query type and the answer code', async () => {
    const { observations, ctx } = await readFixture(windowsDnsDebug, 'network/dns-debug.log');
    expect(observations[0]).toMatchObject({
      kind: 'domain',
      name: 'dnl.11.kaspersky-labs.com',
      host: '10.1.2.33',
      date: '2024-06-05',
      attributes: { time: '2024-06-05T09:14:03', qtype: 'A', packet: 'query', protocol: 'UDP' },
    });
    expect(observations.find((o) => o.origin.locator === 'line 63')?.attributes).toMatchObject({
      packet: 'response',
      rcode: 'NXDOMAIN',
      time: '2024-06-13T07:02:11',
    });
    // Header, packet details and server messages are neither records nor errors.
    expect(ctx.records).toBe(10);
    expect(ctx.errors.map((e) => e.message)).toEqual([
      'question name "(3)upd(9)kasper" ends inside a label',
      'not a line of a DNS debug log (header, PACKET line or packet details)',
    ]);
  });

  it('leaves a date out, and says why, when nothing in the log settles day/month', async () => {
    const { observations, ctx } = await readFixture(windowsDnsDebug, 'network/dns-debug-ambiguous.log');
    const upd = observations.find((o) => o.name === 'upd.kaspersky.com')!;
    expect(upd.date).toBeUndefined();
    expect(upd.attributes?.time).toBe('05/06/2024 09:14:03');
    // 06/06 is the same day in either order.
    expect(observations.find((o) => o.name === 'crl.kaspersky.com')?.date).toBe('2024-06-06');
    expect(ctx.notes).toEqual([
      expect.objectContaining({
        locator: 'line 3',
        message: expect.stringMatching(/cannot be told.*no date/),
      }),
    ]);
  });

  it('dates earlier lines once a later one settles the order, and reports one that contradicts it', async () => {
    const log = [
      packetLine({ date: '05/06/2024 09:14:03', name: 'upd.kaspersky.com' }),
      packetLine({ date: '13/06/2024 09:14:04', name: 'crl.kaspersky.com' }),
      packetLine({ date: '06/14/2024 09:14:05', name: 'geo.kaspersky.com' }),
    ].join('\n');
    const { observations, ctx } = await read(windowsDnsDebug, log);
    const dates = Object.fromEntries(observations.map((o) => [o.name, o.date ?? null]));
    expect(dates).toEqual({
      'upd.kaspersky.com': '2024-06-05',
      'crl.kaspersky.com': '2024-06-13',
      'geo.kaspersky.com': null,
    });
    expect(ctx.errors).toEqual([
      expect.objectContaining({
        locator: 'line 3',
        message: expect.stringMatching(/contradicts the day\/month order.*13\/06\/2024/),
      }),
    ]);
  });

  it("puts client queries and answers on the client, and the server's own recursion on no one", async () => {
    const log = [
      packetLine({ name: 'upd.kaspersky.com', ip: '10.1.2.33' }),
      packetLine({ name: 'upd.kaspersky.com', ip: '192.0.2.53', dir: 'Snd' }),
      packetLine({ name: 'upd.kaspersky.com', ip: '192.0.2.53', response: true }),
      packetLine({ name: 'upd.kaspersky.com', ip: '10.1.2.33', dir: 'Snd', response: true }),
    ].join('\r\n');
    const { observations, ctx } = await read(windowsDnsDebug, log);
    expect(observations.map((o) => [o.origin.locator, o.host, o.attributes?.packet])).toEqual([
      ['line 1', '10.1.2.33', 'query'],
      ['line 4', '10.1.2.33', 'response'],
    ]);
    expect(ctx.records).toBe(4);
    expect(ctx.notes).toEqual([]);
    const serverOnly = await read(windowsDnsDebug, [log.split('\r\n')[1], log.split('\r\n')[2]].join('\n'));
    expect(serverOnly.observations).toEqual([]);
    expect(serverOnly.ctx.notes[0]?.message).toMatch(/server's own recursive queries/);
  });

  it('counts as records only the PACKET lines of blocks the prefilter skips', async () => {
    const { ctx: all } = await readFixture(windowsDnsDebug, 'network/dns-debug.log');
    const ctx = createTestContext({ mayMatch: (c) => c.toString().includes('kaspersky-labs.com') });
    const { observations } = await readFixture(windowsDnsDebug, 'network/dns-debug.log', ctx);
    expect(observations.map((o) => o.name)).toEqual([
      'dnl.11.kaspersky-labs.com',
      'dnl.11.kaspersky-labs.com',
    ]);
    expect(ctx.records).toBe(all.records);
  });

  it('reads a log saved as UTF-16LE the same as the UTF-8 one', async () => {
    const utf16 = await readFixture(windowsDnsDebug, 'network/dns-debug-utf16.log');
    const utf8 = await readFixture(windowsDnsDebug, 'network/dns-debug-de.log');
    expect(utf16.observations.map((o) => [o.name, o.host, o.attributes?.time?.slice(11)])).toEqual(
      utf8.observations.map((o) => [o.name, o.host, o.attributes?.time?.slice(11)]),
    );
  });
});

describe('firewall logs that name hosts', () => {
  it('fortigate-log: eventtime exact, date as the device wrote it, device and action kept', async () => {
    const { observations } = await readFixture(fortigateLog, 'network/fortigate.log');
    expect(observations[0]).toMatchObject({
      name: 'dnl-07.geo.kaspersky.com',
      host: '10.1.2.33',
      date: '2024-06-05',
      attributes: {
        time: '2024-06-05T07:14:03.512Z',
        device: 'FGT60F-HQ',
        action: 'passthrough',
        subtype: 'webfilter',
      },
    });
    expect(observations[2]).toMatchObject({
      name: 'activation-v2.kaspersky.com',
      attributes: { qtype: 'A' },
    });
    const { observations: tz } = await read(
      fortigateLog,
      'date=2024-06-05 time=09:14:03 logid="0316013057" type="utm" tz="+0200" srcip=10.1.2.33 hostname="upd.kaspersky.com"',
    );
    expect(tz[0]?.attributes?.time).toBe('2024-06-05T09:14:03+02:00');
  });

  it('panos-syslog: the URL field of URL Filtering entries, the high-resolution time when present', async () => {
    const { observations } = await readFixture(panosSyslog, 'network/panos-url.log');
    expect(observations[0]).toMatchObject({
      name: 'upd.kaspersky.com',
      host: '10.1.2.33',
      date: '2024-06-05',
      attributes: {
        time: '2024-06-05T09:14:03.512+02:00',
        user: 'corp\\jdoe',
        category: 'computer-and-internet-info',
        device: 'PA-3220-HQ',
      },
    });
    expect(observations[1]?.attributes?.time).toBe('2024-06-05T09:14:05');
  });

  it('cef: dhost, dhost with destinationDnsDomain, or the host of request; escapes undone', async () => {
    const { observations } = await readFixture(cefLog, 'network/firewall.cef');
    expect(
      observations.map((o) => [o.name, o.host, o.date, o.attributes?.time, o.attributes?.vendor]),
    ).toEqual([
      ['upd.kaspersky.com', '10.1.2.33', '2024-06-05', '2024-06-05T09:14:03Z', 'Zscaler'],
      ['www.msftconnecttest.com', '10.1.2.40', '2024-06-05', '2024-06-05T07:14:04.000Z', 'Check Point'],
      [
        'activation-v2.kaspersky.com',
        'fin-ws-014',
        '2024-06-05',
        '2024-06-05T09:14:06.250+02:00',
        'Example|Vendor',
      ],
    ]);
    expect(observations[2]?.attributes?.user).toBe('CORP\\asmith');
    const { observations: fromRequest } = await read(
      cefLog,
      'CEF: 0|Fortinet|Fortigate|v7.2|13056|utm:webfilter|4|src=10.1.2.9 request=http://crl.kaspersky.com/x.crl rt=Jun 05 09:14:03',
    );
    expect(fromRequest.map((o) => [o.name, o.date, o.attributes?.time])).toEqual([
      ['crl.kaspersky.com', undefined, 'Jun 05 09:14:03'],
    ]);
  });
});

/** Good lines each naming a distinct host, bad lines, and lines that are records without a host. */
const LINES: Record<
  string,
  { format: InputFormat; good: (host: string, i: number) => string; quiet: string[] }
> = {
  'windows-dns-debug': {
    format: windowsDnsDebug,
    good: (host, i) => packetLine({ name: host, ip: `10.1.${i % 250}.${(i * 7) % 250}` }),
    // The header, details and server messages: neither records nor errors.
    quiet: [
      'Log file wrap at 6/5/2024 9:13:58 AM',
      '  Socket = 512',
      'UDP response info at 000001E5D7A2B230',
      '6/5/2024 9:14:06 AM 0E4C EVENT   The DNS server has started.',
    ],
  },
  'fortigate-log': {
    format: fortigateLog,
    good: (host, i) =>
      `date=2024-06-05 time=09:14:0${i % 10} logid="0316013057" type="utm" subtype="webfilter" srcip=10.1.2.${i % 250} hostname="${host}" action="passthrough"`,
    quiet: [],
  },
  'panos-syslog': {
    format: panosSyslog,
    good: (host, i) =>
      `1,2024/06/05 09:14:03,013201004512,THREAT,url,2561,2024/06/05 09:14:03,10.1.2.${i % 250},203.0.113.7,,,allow-web,,,ssl,vsys1,trust,untrust,e1/2,e1/1,fwd,2024/06/05 09:14:03,88123,1,51514,443,0,0,0x40b000,tcp,alert,"${host}/x",(9999),computer-and-internet-info,informational,client-to-server`,
    quiet: [],
  },
  cef: {
    format: cefLog,
    good: (host, i) => `CEF:0|V|P|1|1|Web|3|src=10.1.2.${i % 250} dhost=${host} act=Allowed`,
    quiet: [],
  },
};

const hostName = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/), { minLength: 2, maxLength: 4 })
  .map((labels) => labels.join('.'));
const badLine = fc
  .string({ minLength: 1, maxLength: 60 })
  .filter(
    (s) => /^[A-Za-z]/.test(s) && !/[\r\n]/.test(s) && !/=|,|CEF:|PACKET|^(UDP|TCP|DNS|Log|Message) /.test(s),
  );

describe('every bad line is reported by its number, no good line is dropped, nothing throws', () => {
  for (const [id, spec] of Object.entries(LINES)) {
    it(id, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              hostName.map((h) => ({ h })),
              badLine.map((b) => ({ b })),
              fc.constantFrom(...spec.quiet, '').map((q) => ({ q })),
            ),
            {
              maxLength: 30,
            },
          ),
          fc.constantFrom('\n', '\r\n'),
          async (rows, eol) => {
            const text = rows.map((r, i) => ('h' in r ? spec.good(r.h, i) : 'b' in r ? r.b : r.q)).join(eol);
            const { observations, ctx } = await read(spec.format, text);
            const at = (want: (r: (typeof rows)[number]) => boolean) =>
              rows.flatMap((r, i) => (want(r) && ('q' in r ? r.q !== '' : true) ? [`line ${i + 1}`] : []));
            expect(observations.map((o) => [o.origin.locator, o.name])).toEqual(
              rows.flatMap((r, i) => ('h' in r ? [[`line ${i + 1}`, r.h]] : [])),
            );
            expect(ctx.errors.map((e) => e.locator)).toEqual(at((r) => 'b' in r));
            // A DNS debug log's records are its PACKET lines; the other logs' are all their lines.
            const bad = spec.format === windowsDnsDebug ? 0 : at((r) => 'b' in r).length;
            expect(ctx.records).toBe(at((r) => 'h' in r).length + bad);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it('random bytes in any of these formats never throw, and every error names its line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        for (const { format } of Object.values(LINES)) {
          const { ctx } = await read(format, Buffer.from(bytes));
          for (const e of ctx.errors) expect(e.locator).toMatch(/^line \d+$/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('scan() over the network logs', () => {
  const root = join(import.meta.dirname, '../..');
  it.each([
    ['network/dns-debug.log', 'dnl.11.kaspersky-labs.com', '10.1.2.33', '2024-06-05T09:14:03'],
    ['network/fortigate.log', 'dnl-07.geo.kaspersky.com', '10.1.2.33', '2024-06-05T07:14:03.512Z'],
    ['network/panos-url.log', 'upd.kaspersky.com', '10.1.2.33', '2024-06-05T09:14:03.512+02:00'],
    ['network/firewall.cef', 'upd.kaspersky.com', '10.1.2.33', '2024-06-05T09:14:03Z'],
  ])(
    '%s: a Kaspersky host found on its client with its time, Microsoft not',
    async (file, name, host, time) => {
      const report = await scan({
        targets: [join(FIXTURES, file)],
        asOf: '2024-10-01',
        profile: 'us-person',
        dataDir: join(root, 'data'),
      });
      const found = report.findings.map((f) => f.observation);
      expect(found).toContainEqual(
        expect.objectContaining({ name, host, attributes: expect.objectContaining({ time }) }),
      );
      expect(found.map((o) => o.name)).not.toContain('www.msftconnecttest.com');
      expect(found.map((o) => o.name)).not.toContain('login.microsoftonline.com');
      expect(report.inputs[0]).toMatchObject({
        format: expect.stringMatching(/windows-dns-debug|fortigate-log|panos-syslog|cef/),
      });
    },
  );
});

describe('file-name hints of the network logs', () => {
  it.each([
    ['fortigate-traffic.log', 'fortigate-log'],
    ['exports/pan_url_2024-06.log', 'panos-syslog'],
    ['zscaler.cef', 'cef'],
    ['C:\\Windows\\System32\\dns\\dns.log', 'zeek-dns'], // Zeek's dns.log claims the name first; content decides
  ])('%s → %s when the content says nothing', (name, id) => {
    const text = 'one line of text that no format claims\n';
    expect(resolveFormat({ name, text, bytes: Buffer.from(text) })).toMatchObject({
      format: { id },
      by: 'file-name',
    });
  });

  it('does not claim files that merely start like a vendor name', () => {
    const text = 'one line of text that no format claims\n';
    for (const name of ['panel.log', 'pandora.log', 'fortune.log'])
      expect(() => resolveFormat({ name, text, bytes: Buffer.from(text) })).toThrow(
        /no input format recognised/,
      );
  });
});
