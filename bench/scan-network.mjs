#!/usr/bin/env node
// Generates a Zeek dns.log (TSV, with its #fields header) and a Squid access.log (native format)
// of a given size each (default 1 GiB), with ordinary traffic and a few planted clients that
// resolve or fetch Kaspersky update and KSN names, then times `interdict scan` against
// `rg -c -i kaspersky` on the same file, in the same run. Every planted client must come out as a
// finding. Writes bench/out/scan-network.json and bench/results/scan-network.md.
// Usage: npm run build && node bench/scan-network.mjs [--size-mb 1024] [--keep]
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flag, has, ripgrepSide, root, scanSide, writeBench, writeLines } from './lib.mjs';
import { versusRipgrep } from './timed.mjs';

const sizeMb = Number(flag('size-mb', 1024)) || 1024;
const keep = has('keep');
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });

const ordinary = [
  'www.msftconnecttest.com',
  'login.microsoftonline.com',
  'outlook.office365.com',
  'teams.microsoft.com',
  'update.googleapis.com',
  'www.google.com',
  'clients4.google.com',
  'slack.com',
  'wss-primary.slack.com',
  'api.github.com',
  'github.com',
  'objects.githubusercontent.com',
  'registry.npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
  'deb.debian.org',
  'security.ubuntu.com',
  'archive.ubuntu.com',
  'zoom.us',
  'settings-win.data.microsoft.com',
  'ctldl.windowsupdate.com',
  'ocsp.digicert.com',
  'crl3.digicert.com',
  'time.windows.com',
  'www.bing.com',
  'edge.microsoft.com',
  'cdn.jsdelivr.net',
  'fonts.gstatic.com',
  'eset.com',
  'update.eset.com',
  'definitions.symantec.com',
  'downloads.sophos.com',
];
const planted = [
  'dnl-07.geo.kaspersky.com',
  'ds.kaspersky.com',
  'ksn-file-geo.kaspersky-labs.com',
  'activation-v2.kaspersky.com',
  'upd.kaspersky.com',
];
const plantEvery = 500_000;

const zeekHeader =
  [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tdns',
    '#open\t2024-10-01-00-00-02',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\tquery\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\tanswers\tTTLs\trejected',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\tstring\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\tvector[string]\tvector[interval]\tbool',
  ].join('\n') + '\n';

const client = (n) => `10.${20 + ((n >> 16) & 63)}.${(n >> 8) & 255}.${n & 255}`;
const plantedClient = (k) => `172.31.${(k >> 8) & 255}.${k & 255}`;
const uid = (n) => `C${((n * 2654435761) >>> 0).toString(36).padStart(7, 'x')}${(n % 9973).toString(36)}`;

function zeekLine(n, name, host) {
  const ts = (1727740800 + n / 1000).toFixed(6);
  return `${ts}\t${uid(n)}\t${host}\t${49152 + (n % 16000)}\t10.20.0.2\t53\tudp\t${n % 65536}\t0.0${(n % 90) + 10}211\t${name}\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t93.184.${n % 256}.${(n >> 8) % 256}\t300.000000\tF`;
}
function squidLine(n, name, host) {
  const ts = (1727773200 + n / 1000).toFixed(3);
  return n % 3 === 0
    ? `${ts}    ${(n % 900) + 12} ${host} TCP_TUNNEL/200 ${(n % 50000) + 512} CONNECT ${name}:443 - HIER_DIRECT/93.184.${n % 256}.${(n >> 8) % 256} -`
    : `${ts}    ${(n % 900) + 12} ${host} TCP_MISS/200 ${(n % 50000) + 512} GET http://${name}/static/app-${n % 997}.js - HIER_DIRECT/93.184.${n % 256}.${(n >> 8) % 256} application/javascript`;
}

async function generate(file, header, line) {
  if (existsSync(file) && existsSync(`${file}.planted`) && statSync(file).size >= sizeMb * 1048576)
    return Number(readFileSync(`${file}.planted`, 'utf8'));
  let plants = 0;
  await writeLines(
    file,
    sizeMb * 1048576,
    (n) =>
      n % plantEvery === plantEvery / 2
        ? line(n, planted[plants % planted.length], plantedClient(plants++))
        : line(n, ordinary[n % ordinary.length], client(n % 60000)),
    { header, batch: 4000 },
  );
  writeFileSync(`${file}.planted`, String(plants));
  return plants;
}

const cli = join(root, 'dist/bin/interdict.js');
const results = [];
for (const [label, name, header, line] of [
  ['Zeek dns.log (TSV)', `dns.${sizeMb}mb.log`, zeekHeader, zeekLine],
  ['Squid access.log (native)', `access.${sizeMb}mb.log`, '', squidLine],
]) {
  const file = join(out, name);
  const plants = await generate(file, header, line);
  const bytes = statSync(file).size;
  const { rg, scan, report } = versusRipgrep(cli, file, '2024-10-01');
  const hosts = new Set(
    report.findings.filter((f) => f.observation.host?.startsWith('172.31.')).map((f) => f.observation.host),
  );
  results.push({
    label,
    file: name,
    bytes,
    mb: Math.round(bytes / 1048576),
    planted: plants,
    format: report.inputs?.[0]?.format,
    ripgrep: ripgrepSide(rg, bytes),
    interdict: {
      ...scanSide(scan, bytes),
      records: report.summary?.records,
      plantedClientsFound: hosts.size,
    },
    throughputVsRipgrep: rg.seconds / scan.seconds,
    allPlantedFound: hosts.size === plants,
  });
  if (!keep) rmSync(file, { force: true });
}
const date = new Date().toISOString().slice(0, 10);
writeFileSync(join(out, 'scan-network.json'), JSON.stringify({ date, results }, null, 2));
const md = `# bench: scan-network (${date})

| log | size | rg -c -i kaspersky | interdict scan | vs ripgrep (target ≥ 25%) | peak RSS | planted clients found |
| --- | --- | --- | --- | --- | --- | --- |
${results
  .map(
    (r) =>
      `| ${r.label} (${r.format}) | ${r.mb} MB, ${r.interdict.records} records | ${r.ripgrep.seconds.toFixed(2)} s (${r.ripgrep.mbPerSecond.toFixed(0)} MB/s) | ${r.interdict.seconds.toFixed(2)} s (${r.interdict.mbPerSecond.toFixed(0)} MB/s) | ${(r.throughputVsRipgrep * 100).toFixed(0)}% | ${r.interdict.maxRssMb.toFixed(0)} MB | ${r.interdict.plantedClientsFound} / ${r.planted} |`,
  )
  .join('\n')}

Machine: ${process.arch}, Node ${process.version}. Reproduce: \`npm run build && node bench/scan-network.mjs --size-mb ${sizeMb}\`.
`;
writeBench('results/scan-network.md', md);
process.stdout.write(md);
