#!/usr/bin/env node
// Generates a tree of files (default 5,000; --full for 50,000, a few GB) with planted
// Kaspersky-signed PEs and Kaspersky Info.plists among clean PEs, text and binary blobs, then scans
// it with `interdict scan` and with `yara -r` (a rule on the same Kaspersky strings) in the same run.
// Writes bench/out/artifacts.json and bench/results/artifacts.md. Needs `npm run build` and yara.
// Usage: node bench/artifacts.mjs [--full] [--files N] [--keep] [--cli dist/bin/interdict.js]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { flag, has, root, seedPes, withSection, writeBench, writeBenchJson } from './lib.mjs';

const full = has('full');
const files = Number(flag('files')) || (full ? 50_000 : 5_000);
const cli = flag('cli', 'dist/bin/interdict.js');
const out = join(root, 'bench/out');
const tree = join(out, `artifacts-tree-${files}`);
const tty = process.stderr.isTTY;
const say = (m) => process.stderr.write(tty ? `\r\x1b[K${m}` : `${m}\n`);

const planted = [];
if (!existsSync(tree)) {
  const { clean: cleanPe, engine: keyPe } = await seedPes();
  const plist = (id) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>${id}</string>\n</dict>\n</plist>\n`;
  for (let i = 0; i < files; i++) {
    if (i % 500 === 0) say(`generating ${i}/${files}`);
    const dir = join(tree, `d${Math.floor(i / 200)}`, `s${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const r = i % 10;
    if (i % 1000 === 500) {
      writeFileSync(join(dir, `engine${i}.dll`), keyPe);
      planted.push(join(dir, `engine${i}.dll`));
    } else if (i % 1000 === 750) {
      mkdirSync(join(dir, `App${i}.app/Contents`), { recursive: true });
      writeFileSync(join(dir, `App${i}.app/Contents/Info.plist`), plist('com.kaspersky.kav'));
      planted.push(join(dir, `App${i}.app/Contents/Info.plist`));
    } else if (r < 2)
      writeFileSync(
        join(dir, `tool${i}.exe`),
        Buffer.concat([cleanPe, randomBytes(full ? 200_000 : 100_000)]),
      );
    else if (r < 3) writeFileSync(join(dir, `Info${i}.plist`), plist(`com.contoso.app${i}`));
    else if (r < 6)
      writeFileSync(join(dir, `notes${i}.txt`), `Contoso Backup job ${i}\n`.repeat(full ? 4000 : 500));
    else writeFileSync(join(dir, `blob${i}.bin`), randomBytes(full ? 120_000 : 40_000));
  }
  writeFileSync(join(tree, '.planted.json'), JSON.stringify(planted));
  say('generated\n');
} else planted.push(...JSON.parse(readFileSync(join(tree, '.planted.json'), 'utf8')));

const rule = join(out, 'kaspersky.yar');
writeFileSync(
  rule,
  'rule kaspersky_strings {\n  strings:\n    $a = "AO Kaspersky Lab" ascii wide\n    $b = "com.kaspersky." ascii wide\n  condition:\n    any of them\n}\n',
);

function time(command, argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, argv, { cwd: root, maxBuffer: 1 << 30, encoding: 'utf8' });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, ...result };
}
say('yara -r …');
const yara = time('yara', ['-r', rule, tree]);
const yaraHits = new Set(
  yara.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(l.indexOf(' ') + 1)),
);
say('interdict scan …');
const report = join(out, 'artifacts-report.json');
rmSync(report, { force: true });
const interdict = time('node', [cli, 'scan', tree, '-q', '-o', `json=${report}`, '--fail-on', 'never']);
// 0 or 3 (some input unreadable) under --fail-on never; anything else (a crash, a hang that
// empties the event loop: 13) invalidates the run rather than reading a stale report.
if (interdict.status !== 0 && interdict.status !== 3) {
  console.error(`interdict exited ${interdict.status}\n${interdict.stderr}`);
  process.exit(1);
}
const findings = JSON.parse(readFileSync(report, 'utf8')).findings;
const found = new Set(findings.map((f) => f.observation.origin.source));
const result = {
  files,
  planted: planted.length,
  interdict: {
    seconds: interdict.seconds,
    found: planted.filter((p) => found.has(p)).length,
    findings: findings.length,
    exit: interdict.status,
  },
  yara: {
    seconds: yara.seconds,
    found: planted.filter((p) => yaraHits.has(p)).length,
    matches: yaraHits.size,
    exit: yara.status,
  },
};
say('');
writeBenchJson('out/artifacts.json', result);
// Each tree size owns one marked section of the results page; the notes around them are kept.
const page = join(root, 'bench/results/artifacts.md');
const section = `### ${files.toLocaleString('en-US')} files, ${planted.length} planted (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} CPUs)\n\n| tool | seconds | planted found | matches |\n| --- | ---: | ---: | ---: |\n| interdict scan | ${result.interdict.seconds.toFixed(2)} | ${result.interdict.found}/${planted.length} | ${result.interdict.findings} findings |\n| yara -r | ${result.yara.seconds.toFixed(2)} | ${result.yara.found}/${planted.length} | ${result.yara.matches} files |`;
const previous = existsSync(page) ? readFileSync(page, 'utf8') : '# Artifact scan: interdict vs yara -r\n';
writeBench('results/artifacts.md', withSection(previous, `files=${files}`, section));
console.log(JSON.stringify(result, null, 2));
if (!has('keep')) rmSync(tree, { recursive: true, force: true });
