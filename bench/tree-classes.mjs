#!/usr/bin/env node
// Where the 5,000-file tree of bench/scan-speed.mjs spends its time: the tree split by kind of file
// (hard links into bench/out/tree-classes/), each kind scanned alone, an empty folder for the fixed
// cost of a scan, the whole tree with the default thread use and with 1 and 2 probe workers, and
// `yara -r` on the whole tree. Runs in turns after one warm-up each (files from the page cache);
// median wall and CPU time of each.
// Writes bench/results/tree-classes.md.
// Usage: npm run build && node bench/scan-speed.mjs --only tree --files 5000 (makes the tree)
//        && node bench/tree-classes.mjs [--runs 5]
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { flag, median, root, writeBench } from './lib.mjs';
import { timed } from './timed.mjs';

const runs = Number(flag('runs', 5));
const tree = join(root, 'bench/out/scan-speed/tree-5000');
const rule = join(root, 'bench/out/scan-speed/kaspersky.yar');
const cli = join(root, 'dist/bin/interdict.js');
if (!existsSync(join(tree, '.planted.json')) || !existsSync(rule)) {
  process.stderr.write('no tree: run `node bench/scan-speed.mjs --only tree --files 5000` first\n');
  process.exit(2);
}

/** File kinds by the generator's file names; planted files keep their own kind. */
const KINDS = [
  ['signed PEs (tool*.exe, engine*.dll)', /^(tool|engine)\d+\.(exe|dll)$/],
  ['XML plists (Info*.plist, App*.app Info.plist)', /\.plist$/],
  ['text (notes*.txt)', /^notes\d+\.txt$/],
  ['random blobs (blob*.bin)', /^blob\d+\.bin$/],
];

const out = join(root, 'bench/out/tree-classes');
rmSync(out, { recursive: true, force: true });
const dirs = KINDS.map((_, i) => join(out, `kind${i}`));
for (const d of [...dirs, join(out, 'empty')]) mkdirSync(d, { recursive: true });
const counts = KINDS.map(() => 0);
(function split(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) split(path);
    else {
      const kind = KINDS.findIndex(([, re]) => re.test(entry.name));
      if (kind < 0) continue;
      // Numbered: Info.plist of every App*.app would collide.
      linkSync(path, join(dirs[kind], `${counts[kind]++}-${basename(path)}`));
    }
  }
})(tree);

const scan = (target, extra = []) => [
  process.execPath,
  [cli, 'scan', target, '-q', '-f', 'json', '--fail-on', 'never', '--as-of', '2026-11-28', ...extra],
];
const commands = [
  ['empty folder (fixed cost of a scan)', 0, ...scan(join(out, 'empty'))],
  ...KINDS.map(([label], i) => [label, counts[i], ...scan(dirs[i])]),
  ['whole tree, default threads', 5000, ...scan(tree)],
  ['whole tree, --workers 1', 5000, ...scan(tree, ['--workers', '1'])],
  ['whole tree, --workers 2', 5000, ...scan(tree, ['--workers', '2'])],
  ['`yara -r`, whole tree', 5000, 'yara', ['-r', rule, tree]],
];

const loadBefore = loadavg()[0];
const samples = commands.map(() => []);
/** One run; a command that fails would time its error, so the bench stops instead. */
function run(label, cmd, argv) {
  const r = timed(cmd, argv, root);
  if (r.status !== 0) {
    process.stderr.write(`${label}: exit ${r.status}\n${r.stderr}\n`);
    process.exit(1);
  }
  return r;
}
for (const [label, , cmd, argv] of commands) run(label, cmd, argv);
for (let r = 0; r < runs; r++)
  for (const [i, [label, , cmd, argv]] of commands.entries()) samples[i].push(run(label, cmd, argv));

const fixed = median(samples[0].map((s) => s.cpu));
const rows = commands.map(([label, files], i) => {
  const wall = median(samples[i].map((s) => s.seconds));
  const cpu = median(samples[i].map((s) => s.cpu));
  const perFile = files && i <= KINDS.length ? `${(((cpu - fixed) * 1000) / files).toFixed(3)} ms` : '';
  return `| ${label} | ${files.toLocaleString('en-US')} | ${wall.toFixed(3)} s | ${cpu.toFixed(2)} s | ${perFile} |`;
});

const page = `# Tree by kind of file (issue 17)

\`node bench/tree-classes.mjs\` (${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}, ${runs} runs in turns, files from the page cache): the 5,000-file tree of \`bench/scan-speed.mjs\` split by kind, each kind scanned alone. CPU per file is the kind's CPU less the empty folder's, over its files: it includes loading that kind's readers once (the PE and signature parsers, the XML parser) and running them before V8 has optimised them, which a short scan pays in full.

| what is scanned | files | wall, median | CPU user+sys, median | CPU per file |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
process.stdout.write(page);
writeBench('results/tree-classes.md', page);
