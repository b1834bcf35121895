#!/usr/bin/env node
// Generates an osqueryd results log of a given size (default 1 GiB) with realistic Windows
// program rows and a few planted Kaspersky rows, then times `interdict scan` against
// `rg -c -i kaspersky` on the same file, in the same run. Writes bench/out/scan-large.json and
// bench/results/scan-large.md. Usage: node bench/scan-large.mjs [--size-mb 1024] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flag, has, ripgrepSide, root, scanSide, writeBench, writeOsqueryLog } from './lib.mjs';
import { timed, versusRipgrep } from './timed.mjs';

const sizeMb = Number(flag('size-mb', 1024)) || 1024;
const keep = has('keep');
const out = join(root, 'bench/out');
mkdirSync(out, { recursive: true });
const file = join(out, `osqueryd.results.${sizeMb}mb.log`);

async function generate() {
  if (existsSync(file) && statSync(file).size >= sizeMb * 1048576) return;
  const planted = await writeOsqueryLog(file, sizeMb * 1048576);
  writeFileSync(`${file}.planted`, String(planted));
}

await generate();
const bytes = statSync(file).size;
const planted = Number(spawnSync('cat', [`${file}.planted`], { encoding: 'utf8' }).stdout || 0);
const cli = join(root, 'dist/bin/interdict.js');
// Both tools read from the page cache.
const { rg, scan, report } = versusRipgrep(cli, file, '2026-11-28');
const smallFile = join(out, 'small.json');
writeFileSync(
  smallFile,
  JSON.stringify([{ name: 'Notepad++ (64-bit x64)', version: '8.6.9', publisher: 'Notepad++ Team' }]),
);
const nodeBaseline = timed(process.execPath, ['-e', '0']);
const small = timed(process.execPath, [cli, 'scan', smallFile, '-q', '--fail-on', 'never']);
const hosts = new Set(report.findings.map((f) => f.observation.host));
const result = {
  date: new Date().toISOString().slice(0, 10),
  file: { bytes, mb: Math.round(bytes / 1048576), plantedRows: planted },
  ripgrep: ripgrepSide(rg, bytes),
  interdict: {
    ...scanSide(scan, bytes),
    findings: report.findings.length,
    hostsWithFindings: hosts.size,
    records: report.summary?.records,
  },
  throughputVsRipgrep: rg.seconds / scan.seconds,
  smallFile: {
    seconds: small.seconds,
    nodeBaselineSeconds: nodeBaseline.seconds,
    ratio: small.seconds / nodeBaseline.seconds,
  },
};
writeFileSync(join(out, 'scan-large.json'), JSON.stringify(result, null, 2));
const md = `# bench: scan-large (${result.date})

| what | value |
| --- | --- |
| file | osqueryd results log, ${result.file.mb} MB, ${result.interdict.records} lines, ${planted} planted Kaspersky rows |
| ripgrep \`rg -c -i kaspersky\` | ${rg.seconds.toFixed(2)} s (${result.ripgrep.mbPerSecond.toFixed(0)} MB/s), ${result.ripgrep.count} lines |
| interdict scan | ${scan.seconds.toFixed(2)} s (${result.interdict.mbPerSecond.toFixed(0)} MB/s), peak RSS ${scan.maxRssMb.toFixed(0)} MB |
| interdict findings | ${result.interdict.findings} (planted rows: ${planted}) |
| throughput vs ripgrep | ${(result.throughputVsRipgrep * 100).toFixed(0)}% (target ≥ 25%) |
| scan of a 1 KB file | ${(small.seconds * 1000).toFixed(0)} ms vs \`node -e 0\` ${(nodeBaseline.seconds * 1000).toFixed(0)} ms (${result.smallFile.ratio.toFixed(1)}x, target < 3x) |

Machine: ${process.arch}, Node ${process.version}, 2 cores. Reproduce: \`npm run build && node bench/scan-large.mjs --size-mb ${sizeMb}\`.
`;
writeBench('results/scan-large.md', md);
process.stdout.write(md);
if (!keep) rmSync(file, { force: true });
