#!/usr/bin/env node
// Supplier screening at vendor-master scale: screens 1,000,000 generated supplier rows (ordinary
// company and people names, legal forms, countries, with covered-party variants planted) through
// the blocking index, and a sample through the naive all-pairs scorer in the same run; checks that
// both give identical results on the sample. Writes bench/out/suppliers.json and
// bench/results/suppliers.md. Usage: npm run build && node bench/suppliers.mjs [--rows 1000000] [--sample 20000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { loadDataPack } from '../dist/data/load.js';
import { collectParties } from '../dist/match/screening/parties.js';
import { createNaiveScreener, createScreeningIndex } from '../dist/match/screening/screening-index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const rows = option('--rows', 1_000_000);
const sampleSize = option('--sample', 20_000);

// Deterministic generator (mulberry32) so every run screens the same rows.
let seed = 0x5eed;
const random = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const STEMS = [
  'Acme',
  'Apex',
  'Summit',
  'Harbor',
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Blue Ridge',
  'Granite',
  'Pioneer',
  'Keystone',
  'Liberty',
  'Evergreen',
  'Silverline',
  'Redwood',
  'Meridian',
  'Atlas',
  'Beacon',
  'Cascade',
  'Frontier',
  'Kasper',
  'Kaspi',
  'Kasparov',
  'Rocket',
  'Proto',
  'Zai',
  'Gerber',
  'Ivanov',
  'Sokol',
  'Volga',
  'Baltic',
  'Ural',
  'Sibir',
  'Neva',
  'Aurora',
  'Polar',
  'Orion',
  'Vector',
  'Quantum',
  'Nova',
  'Delta',
  'Sigma',
  'Omega',
  'Titan',
];
const WORDS = [
  'Lab',
  'Labs',
  'Group',
  'Holdings',
  'Systems',
  'Technologies',
  'Solutions',
  'Logistics',
  'Consulting',
  'Industries',
  'Partners',
  'Trading',
  'Software',
  'Security',
  'Networks',
  'Energy',
  'Foods',
  'Medical',
  'Capital',
  'Services',
];
const FORMS = [
  'Inc.',
  'LLC',
  'Ltd',
  'GmbH',
  'S.A.',
  'AG',
  'OOO',
  'AO',
  'Sp. z o.o.',
  'B.V.',
  'Pty Ltd',
  'JSC',
  'Corp.',
  '',
];
const GIVEN = [
  'Andrei',
  'Anna',
  'Denis',
  'Eugene',
  'Evgeny',
  'Igor',
  'Marina',
  'Mikhail',
  'Kirill',
  'Sergey',
  'John',
  'Maria',
  'Jan',
];
const SURNAMES = [
  'Smith',
  'Kasperski',
  'Kasperskaya',
  'Tikhonov',
  'Ivanov',
  'Petrov',
  'Suvorov',
  'Novak',
  'Garcia',
  'Kowalski',
];
const COUNTRIES = ['US', 'GB', 'DE', 'RU', 'PL', 'KZ', 'FR', 'NL', 'JP', ''];
const PLANTED = [
  'AO Laboratoriya Kasperskogo',
  'Kaspersky Lab, Inc.',
  'Kaspersky Labs Ltd',
  'OOO Kasperskiy Grupp',
  'ЗАО «Лаборатория Касперского»',
  'Tikhonov Andrey Gennadievich',
  'KASPERSKY LAB JSC',
  'Kaspresky Lab',
];

function generateRow(i) {
  if (i % 997 === 0) return { names: [{ on: 'supplier', value: pick(PLANTED) }], country: 'RU' };
  if (random() < 0.15) {
    return {
      names: [{ on: 'supplier', value: `${pick(GIVEN)} ${pick(SURNAMES)}` }],
      country: pick(COUNTRIES),
    };
  }
  const name = [
    pick(STEMS),
    random() < 0.5 ? pick(STEMS) : '',
    pick(WORDS),
    random() < 0.3 ? pick(WORDS) : '',
    pick(FORMS),
  ]
    .filter(Boolean)
    .join(' ');
  return { names: [{ on: 'supplier', value: name }], country: pick(COUNTRIES) };
}

const pack = await loadDataPack();
const parties = collectParties(pack);
const compileStart = performance.now();
const index = createScreeningIndex(parties);
const compileMs = performance.now() - compileStart;
const naive = createNaiveScreener(parties);

const evidence = Array.from({ length: rows }, (_, i) => generateRow(i));

const t0 = performance.now();
let decided = 0;
let review = 0;
for (const e of evidence) {
  const hit = index.screen(e);
  if (hit?.determination === 'decided') decided++;
  else if (hit) review++;
}
const indexMs = performance.now() - t0;

const sample = evidence.slice(0, sampleSize);
const t1 = performance.now();
const naiveResults = sample.map((e) => naive.screen(e));
const naiveMs = performance.now() - t1;
const t2 = performance.now();
const indexResults = sample.map((e) => index.screen(e));
const indexSampleMs = performance.now() - t2;
let disagreements = 0;
for (let i = 0; i < sample.length; i++) {
  const a = indexResults[i];
  const b = naiveResults[i];
  if (a?.party.id !== b?.party.id || a?.score !== b?.score || a?.explanation !== b?.explanation)
    disagreements++;
}

const speedup = naiveMs / indexSampleMs;
const result = {
  rows,
  parties: parties.length,
  aliasRecords: index.records.length,
  compileMs: Math.round(compileMs),
  indexSeconds: +(indexMs / 1000).toFixed(2),
  rowsPerSecond: Math.round(rows / (indexMs / 1000)),
  decided,
  review,
  sample: sampleSize,
  naiveSampleMs: Math.round(naiveMs),
  indexSampleMs: Math.round(indexSampleMs),
  speedup: +speedup.toFixed(1),
  disagreements,
  node: process.version,
  cpu: os.cpus()[0]?.model ?? 'unknown',
};
mkdirSync(join(root, 'bench/out'), { recursive: true });
writeFileSync(join(root, 'bench/out/suppliers.json'), `${JSON.stringify(result, null, 2)}\n`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/suppliers.md'),
  `# Supplier screening benchmark

\`node bench/suppliers.mjs --rows ${rows} --sample ${sampleSize}\` (after \`npm run build\`), ${result.node}, ${result.cpu}.

Generated vendor-master rows (company names with legal forms, people, countries; similar-looking
names such as Kasper, Kaspi, Kasperski, Kasperskaya, Ivanov; one covered-party variant every 997 rows),
screened against ${result.parties} parties of the data pack (${result.aliasRecords} alias records,
compiled in ${result.compileMs} ms).

| measure | value |
| --- | --- |
| rows screened by the index | ${rows.toLocaleString('en-US')} in ${result.indexSeconds} s (${result.rowsPerSecond.toLocaleString('en-US')} rows/s) |
| hits: decided / review | ${decided} / ${review} |
| naive all-pairs scorer, first ${sampleSize.toLocaleString('en-US')} rows | ${result.naiveSampleMs} ms |
| index, same rows | ${result.indexSampleMs} ms |
| speed-up over naive | ${result.speedup}x |
| results that differ between index and naive | ${disagreements} |
| targets: ≥ 100x naive / < 30 s per million | ${speedup >= 100 ? 'met' : 'not met'} / ${indexMs < 30_000 ? 'met' : 'not met'} |

The index scores only alias records sharing a distinctive word (exact, or within the allowed edits
found through character bigrams) with the row; the naive scorer runs the same scoring function
against every alias record. Targets: at least 100x faster than naive at identical results, and
under 30 s for the million rows. With only ${result.aliasRecords} alias records the naive scorer is
itself cheap (about ${Math.round((1000 * result.naiveSampleMs) / sampleSize)} µs a row), and the index's floor is
normalising and tokenising each row once (about ${Math.round((1000 * result.indexSampleMs) / sampleSize)} µs): the
ratio grows with the number of covered parties, since the index cost does not.
`,
);
console.log(JSON.stringify(result, null, 2));
if (disagreements) process.exitCode = 1;
