#!/usr/bin/env node
// The four scan measures of issue 17, each as whole processes against its competitor on the same
// generated input, repeated (median wall time, largest peak RSS):
//   startup  `interdict scan` of a 5 KB inventory      vs `node -e 0`
//   log      a 1 GiB osqueryd results log              vs `rg -c -i kaspersky`
//   csv      a 1,000,000-row vendor CSV                vs a bare csv-parse pass (bench/csv-parse-pass.mjs)
//   tree     5,000 and 50,000 files with planted PEs   vs `yara -r` on the same strings
// Inputs are generated deterministically (seeded) under bench/out/scan-speed/ and kept for reruns.
// With --before PATH (another build's dist/bin/interdict.js) that build runs alternately with this one
// and the findings of both are compared; the findings are also compared with the previous run's.
// Writes bench/out/scan-speed.json and bench/results/scan-speed.md (one section per measure).
// Usage: npm run build && node bench/scan-speed.mjs [--only startup,log,csv,tree]
//        [--runs N] [--size-mb 1024] [--rows 1000000] [--files 5000,50000] [--before PATH]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { flag, has, median, root, seedPes, withSection, writeOsqueryLog } from './lib.mjs';
import { timed } from './timed.mjs';
import { ordinaryPrograms, plantedPrograms } from './programs.mjs';

const only = new Set(flag('only', 'startup,log,csv,tree').split(','));
const runsOverride = flag('runs', undefined);
const sizeMb = Number(flag('size-mb', 1024));
const rows = Number(flag('rows', 1_000_000));
const treeSizes = flag('files', '5000,50000').split(',').map(Number);
const cli = join(root, 'dist/bin/interdict.js');
const before = flag('before', undefined);
const out = join(root, 'bench/out/scan-speed');
mkdirSync(out, { recursive: true });
const say = (m) => process.stderr.write(`${m}\n`);

// ---- timing -------------------------------------------------------------------------------

/** One whole-process run under GNU time, from the repository root. */
function once_(cmd, argv) {
  const { maxRssMb, ...run } = timed(cmd, argv, root);
  return { ...run, rssMb: maxRssMb };
}

/**
 * Commands timed in turns (a, b, a, b…) after one warm-up each, so the shared machine's slow
 * spells fall on both: per command the median and range of wall time, the largest peak RSS and
 * the last run's output.
 */
function compare(commands, runs) {
  const samples = commands.map(() => []);
  const last = [];
  for (const [i, [cmd, argv]] of commands.entries()) last[i] = once_(cmd, argv);
  for (let r = 0; r < runs; r++)
    for (const [i, [cmd, argv]] of commands.entries()) {
      last[i] = once_(cmd, argv);
      samples[i].push(last[i]);
    }
  return samples.map((s, i) => ({
    seconds: median(s.map((x) => x.seconds)),
    min: Math.min(...s.map((x) => x.seconds)),
    max: Math.max(...s.map((x) => x.seconds)),
    rssMb: Math.max(...s.map((x) => x.rssMb)),
    cpu: median(s.map((x) => x.cpu)),
    runs: s.length,
    last: last[i],
  }));
}

const scanArgs = (target, extra = []) => [
  'scan',
  target,
  '-q',
  '-f',
  'json',
  '--fail-on',
  'never',
  '--as-of',
  '2026-11-28',
  ...extra,
];

/** What the benchmarks compare between builds: every finding by product, ruling and place. */
function findingsOf(stdout) {
  const report = JSON.parse(stdout);
  const keys = report.findings
    .map((f) =>
      [
        f.status,
        f.severity,
        JSON.stringify(f.product ?? f.party ?? ''),
        f.match?.value,
        f.observation?.host,
        f.observation?.origin?.source,
        f.observation?.origin?.locator,
      ].join('|'),
    )
    .sort();
  return {
    count: keys.length,
    digest: createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16),
  };
}

// ---- deterministic inputs -------------------------------------------------------------------

let seed = 0x2545f491;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

function smallInventory() {
  const file = join(out, 'inventory-5kb.json');
  const programs = [];
  for (let i = 0; JSON.stringify(programs).length < 5000; i++) {
    const p = ordinaryPrograms[i % ordinaryPrograms.length];
    programs.push({ name: p.name, version: p.version, publisher: p.publisher });
  }
  // One planted product, so that the run also matches, evaluates and reports a finding.
  const kav = plantedPrograms[0];
  programs[programs.length - 1] = { name: kav.name, version: kav.version, publisher: kav.publisher };
  writeFileSync(file, JSON.stringify(programs));
  return file;
}

async function osqueryLog() {
  const file = join(out, `osqueryd.results.${sizeMb}mb.log`);
  if (existsSync(file) && statSync(file).size >= sizeMb * 1048576) return file;
  await writeOsqueryLog(file, sizeMb * 1048576);
  return file;
}

const STEMS = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Adatum',
  'Litware',
  'Proseware',
  'Wingtip',
  'Fourth Coffee',
  'Lucerne',
  'Margie',
  'Humongous',
  'Kasper',
  'Kaspi',
  'Alpine',
  'Baltic',
  'Volga',
  'Ural',
  'Sever',
  'Rocket',
];
const WORDS = [
  'Logistics',
  'Software',
  'Systems',
  'Consulting',
  'Foods',
  'Energy',
  'Holdings',
  'Trading',
  'Security',
  'Networks',
  'Print',
  'Media',
];
const FORMS = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'AO', 'OOO', 'S.A.', 'B.V.', 'plc', ''];
const COUNTRIES = ['US', 'GB', 'DE', 'RU', 'PL', 'KZ', 'FR', 'NL', 'JP', ''];
const PLANTED = [
  'AO Kaspersky Lab',
  'Kaspersky Lab Switzerland GmbH',
  'KASPERSKY LAB JSC',
  'Kaspersky Labs Limited',
];

function vendorCsv() {
  const file = join(out, `vendors-${rows}.csv`);
  if (existsSync(file)) return file;
  const lines = ['Supplier Name,Country,Contract Date'];
  for (let i = 0; i < rows; i++) {
    const name =
      i % 997 === 0
        ? pick(PLANTED)
        : [pick(STEMS), pick(WORDS), random() < 0.3 ? pick(WORDS) : '', pick(FORMS)]
            .filter(Boolean)
            .join(' ');
    const date = `20${String(10 + Math.floor(random() * 16))}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    lines.push(
      `${name.includes(',') ? `"${name}"` : name},${i % 997 === 0 ? 'RU' : pick(COUNTRIES)},${date}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The tree of bench/artifacts.mjs (its default file sizes): 20% signed PEs, 10% plists, 30% text, 40% blobs. */
async function artifactTree(files) {
  const tree = join(out, `tree-${files}`);
  if (existsSync(join(tree, '.planted.json'))) return tree;
  const { clean, engine } = await seedPes();
  const plist = (id) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>${id}</string>\n</dict>\n</plist>\n`;
  const planted = [];
  for (let i = 0; i < files; i++) {
    const dir = join(tree, `d${Math.floor(i / 200)}`, `s${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const r = i % 10;
    if (i % 1000 === 500) planted.push(write(join(dir, `engine${i}.dll`), engine));
    else if (i % 1000 === 750) {
      mkdirSync(join(dir, `App${i}.app/Contents`), { recursive: true });
      planted.push(write(join(dir, `App${i}.app/Contents/Info.plist`), plist('com.kaspersky.kav')));
    } else if (r < 2) write(join(dir, `tool${i}.exe`), Buffer.concat([clean, bytes(100_000)]));
    else if (r < 3) write(join(dir, `Info${i}.plist`), plist(`com.contoso.app${i}`));
    else if (r < 6) write(join(dir, `notes${i}.txt`), `Contoso Backup job ${i}\n`.repeat(500));
    else write(join(dir, `blob${i}.bin`), bytes(40_000));
  }
  writeFileSync(join(tree, '.planted.json'), JSON.stringify(planted));
  return tree;
}
const write = (path, data) => (writeFileSync(path, data), path);
// Seeded filler, sliced at seeded offsets: the same tree on every machine, cheap to write.
let pool;
const bytes = (n) => {
  if (!pool) {
    pool = Buffer.allocUnsafe(4 << 20);
    for (let i = 0; i < pool.length; i += 4) pool.writeUInt32LE(Math.floor(random() * 4294967296), i);
  }
  const at = Math.floor(random() * (pool.length - n));
  return pool.subarray(at, at + n);
};

// ---- measures -----------------------------------------------------------------------------

const node = process.execPath;
const builds = before
  ? [
      ['this build', cli],
      ['before', before],
    ]
  : [['this build', cli]];
const result = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cpus: cpus().length,
  measures: {},
};

function scanAgainst(label, competitor, target, runs, extra) {
  const loadBefore = loadavg()[0];
  const commands = [competitor, ...builds.map(([, path]) => [node, [path, ...scanArgs(target, extra)]])];
  const turns = compare(commands, runs);
  const scans = turns
    .slice(1)
    .map((t, i) => ({ build: builds[i][0], ...t, findings: findingsOf(t.last.stdout) }));
  for (const s of scans) delete s.last;
  const base = turns[0];
  const competitorResult = {
    seconds: base.seconds,
    cpu: base.cpu,
    min: base.min,
    max: base.max,
    rssMb: base.rssMb,
    stdout: base.last.stdout.slice(0, 200),
  };
  say(
    `${label}: ${competitor[0]} ${base.seconds.toFixed(3)} s; ${scans.map((s) => `${s.build} ${s.seconds.toFixed(3)} s (${s.findings.count} findings)`).join('; ')}`,
  );
  return { competitor: competitorResult, scans, load: [loadBefore, loadavg()[0]] };
}

if (only.has('startup')) {
  const file = smallInventory();
  result.measures.startup = {
    file: statSync(file).size,
    ...scanAgainst('startup', [node, ['-e', '0']], file, Number(runsOverride ?? 20)),
  };
}
if (only.has('log')) {
  say('generating the osqueryd log …');
  const file = await osqueryLog();
  spawnSync('cat', [file], { stdio: 'ignore' });
  result.measures.log = {
    bytes: statSync(file).size,
    ...scanAgainst('log', ['rg', ['-c', '-i', 'kaspersky', file]], file, Number(runsOverride ?? 3)),
  };
}
if (only.has('csv')) {
  say('generating the vendor CSV …');
  const file = vendorCsv();
  result.measures.csv = {
    rows,
    bytes: statSync(file).size,
    ...scanAgainst(
      'csv',
      [node, [join(root, 'bench/csv-parse-pass.mjs'), file]],
      file,
      Number(runsOverride ?? 3),
    ),
  };
}
if (only.has('tree') && spawnSync('yara', ['--version']).status === 0) {
  const rule = join(out, 'kaspersky.yar');
  writeFileSync(
    rule,
    'rule kaspersky_strings {\n  strings:\n    $a = "AO Kaspersky Lab" ascii wide\n    $b = "com.kaspersky." ascii wide\n  condition:\n    any of them\n}\n',
  );
  for (const files of treeSizes) {
    say(`generating the ${files}-file tree …`);
    const tree = await artifactTree(files);
    const planted = JSON.parse(readFileSync(join(tree, '.planted.json'), 'utf8')).length;
    const m = scanAgainst(`tree ${files}`, ['yara', ['-r', rule, tree]], tree, Number(runsOverride ?? 3));
    m.competitor.matches = m.competitor.stdout ? undefined : 0;
    result.measures[`tree-${files}`] = { files, planted, ...m };
  }
} else if (only.has('tree')) say('yara is not installed (apt-get install yara): the tree measure is skipped');

// ---- findings: between builds and against the previous run ----------------------------------

const jsonPath = join(root, 'bench/out/scan-speed.json');
const previous = existsSync(jsonPath) ? JSON.parse(readFileSync(jsonPath, 'utf8')) : undefined;
for (const [name, m] of Object.entries(result.measures)) {
  const digests = new Set(m.scans.map((s) => s.findings.digest));
  const earlier = previous?.measures?.[name]?.scans?.[0]?.findings?.digest;
  m.findingsAgree = digests.size === 1 && (!earlier || digests.has(earlier));
}
writeFileSync(
  jsonPath,
  `${JSON.stringify({ ...previous, ...result, measures: { ...previous?.measures, ...result.measures } }, null, 2)}\n`,
);

// ---- results page: one marked section per measure ------------------------------------------

const TARGETS = {
  startup: (m) => [
    `${ratio(m.scans[0].seconds, m.competitor.seconds)} of \`node -e 0\``,
    'at most 2x',
    m.scans[0].seconds / m.competitor.seconds <= 2,
  ],
  log: (m) => [
    `${pct(m.competitor.seconds / m.scans[0].seconds)} of ripgrep's bytes/s, peak RSS ${m.scans[0].rssMb.toFixed(0)} MB`,
    'at least 50%, RSS under 300 MB',
    m.competitor.seconds / m.scans[0].seconds >= 0.5 && m.scans[0].rssMb < 300,
  ],
  csv: (m) => [
    `${ratio(m.scans[0].seconds, m.competitor.seconds)} the csv-parse pass`,
    'at most 1.5x',
    m.scans[0].seconds / m.competitor.seconds <= 1.5,
  ],
  tree: (m) => [
    `${(m.competitor.seconds / m.scans[0].seconds).toFixed(2)}x yara's speed`,
    'at least 1x',
    m.competitor.seconds / m.scans[0].seconds >= 1,
  ],
};
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const pct = (x) => `${(x * 100).toFixed(0)}%`;
const COMPETITOR = {
  startup: '`node -e 0`',
  log: '`rg -c -i kaspersky`',
  csv: 'csv-parse pass',
  tree: '`yara -r`',
};
const INPUT = {
  startup: (m) => `a ${(m.file / 1000).toFixed(1)} KB interdict-inventory JSON`,
  log: (m) => `an osqueryd results log of ${(m.bytes / 1048576).toFixed(0)} MiB`,
  csv: (m) =>
    `${m.rows.toLocaleString('en-US')} vendor rows (name, country, contract date), ${(m.bytes / 1048576).toFixed(1)} MiB`,
  tree: (m) => `${m.files.toLocaleString('en-US')} files, ${m.planted} planted Kaspersky PEs and plists`,
};
// CPU time beside wall time: on this shared machine the wall time of a run depends on the others' load.
const secs = (t) =>
  `${t.seconds.toFixed(3)} s (${t.min.toFixed(3)}-${t.max.toFixed(3)}, ${t.runs ?? '-'} runs) | ${t.cpu === undefined ? '-' : `${t.cpu.toFixed(2)} s`}`;

const page = join(root, 'bench/results/scan-speed.md');
let text = existsSync(page)
  ? readFileSync(page, 'utf8')
  : '# Scan speed (issue 17)\n\n`node bench/scan-speed.mjs` after `npm run build`: each measure as whole processes, in turns with its competitor, median wall time (range), largest peak RSS.\n';
for (const [name, m] of Object.entries(result.measures)) {
  const kind = name.startsWith('tree') ? 'tree' : name;
  const [value, target, met] = TARGETS[kind](m);
  const rowsOut = [
    `| ${COMPETITOR[kind]} | ${secs({ ...m.competitor, runs: m.scans[0].runs })} | ${m.competitor.rssMb.toFixed(0)} MB | |`,
    ...m.scans.map(
      (s) =>
        `| interdict (${s.build}) | ${secs(s)} | ${s.rssMb.toFixed(0)} MB | ${s.findings.count} (${s.findings.digest}) |`,
    ),
  ];
  const section = `## ${name}: ${INPUT[kind](m)} (${result.date}, node ${result.node}, ${result.cpus} CPUs${m.load ? `, load average ${m.load.map((l) => l.toFixed(1)).join(' → ')}` : ''})\n\n| command | wall, median (range) | CPU user+sys | peak RSS | findings |\n| --- | --- | --- | --- | --- |\n${rowsOut.join('\n')}\n\n${value}; target ${target}: **${met ? 'met' : 'not met'}**. Findings ${m.findingsAgree ? 'identical across builds and with the previous run' : 'DIFFER (see bench/out/scan-speed.json)'}.`;
  text = withSection(text, name, section);
}
writeFileSync(page, text);
process.stdout.write(text);
if (has('clean')) rmSync(out, { recursive: true, force: true });
