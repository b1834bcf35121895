import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/core/status.js';
import { loadDataPack } from '../../src/data/load.js';
import { scan } from '../../src/index.js';

/**
 * The shared corpus of real non-Kaspersky DNS names (other security vendors among them), written
 * out as a Windows DNS debug log and as a FortiGate web filter log: read through these formats,
 * nothing in it may be prohibited, unsupported or a blocked transaction under any profile.
 */
const root = join(import.meta.dirname, '../..');
const dir = [process.env.INTERDICT_CORPORA, join(root, '../shared/corpora')].find(
  (d): d is string => !!d && existsSync(join(d, 'dns_queries.jsonl')),
);
const BLOCKING = new Set(['prohibited', 'unsupported', 'blocked-transaction']);

function corpusNames(): string[] {
  return readFileSync(join(dir!, 'dns_queries.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { record: { query?: string } }).record.query ?? '')
    .filter((q) => q.includes('.'));
}

const labelled = (name: string) =>
  name
    .replace(/\.$/, '')
    .split('.')
    .map((l) => `(${l.length})${l}`)
    .join('') + '(0)';

const WRITERS: Record<string, (name: string, i: number) => string> = {
  'dns.log': (name, i) =>
    `6/13/2024 9:14:03 AM 0E4C PACKET  000001E5D7A2B230 UDP Rcv 10.1.${i % 250}.${i % 199} ${(i % 65536).toString(16).padStart(4, '0')}   Q [0001   D   NOERROR] A      ${labelled(name)}`,
  'fortigate.log': (name, i) =>
    `date=2024-06-13 time=09:14:03 devname="FGT60F-HQ" logid="0316013057" type="utm" subtype="webfilter" eventtype="ftgd_allow" srcip=10.1.${i % 250}.${i % 199} hostname="${name}" action="passthrough"`,
};

describe.skipIf(!dir)('the negative DNS corpus through the network log formats', async () => {
  const work = mkdtempSync(join(tmpdir(), 'interdict-corpora-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const names = dir ? corpusNames() : [];
  const pack = dir ? await loadDataPack(join(root, 'data')) : undefined;

  for (const [file, write] of Object.entries(WRITERS)) {
    it(`${file}: every name read, nothing blocking under any profile`, async () => {
      const path = join(work, file);
      const header = file === 'dns.log' ? 'DNS Server log file creation at 6/13/2024 9:13:58 AM\r\n\r\n' : '';
      writeFileSync(path, header + names.map(write).join('\r\n') + '\r\n');
      for (const profile of PROFILES) {
        const report = await scan({ targets: [path], asOf: '2026-11-28', profile, pack });
        expect(report.inputs[0]).toMatchObject({
          format: file === 'dns.log' ? 'windows-dns-debug' : 'fortigate-log',
        });
        expect(report.inputs[0]?.records).toBe(names.length);
        const blocking = report.findings
          .filter((f) => BLOCKING.has(f.status))
          .map((f) => `${f.observation.origin.locator} ${f.observation.name} → ${f.status}`);
        expect([profile, blocking]).toEqual([profile, []]);
      }
    }, 120_000);
  }
});

if (!dir) {
  describe('the negative DNS corpus through the network log formats', () => {
    it.skip('skipped: set INTERDICT_CORPORA to the shared corpora folder (or keep it at ../shared/corpora)', () => {});
  });
}
