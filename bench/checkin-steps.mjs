#!/usr/bin/env node
// Where the server's CPU goes per check-in, step by step, in one process (no HTTP, no database):
// a whole upload of 300 programs against a differential check-in of the same host with 1% of them
// changed. Uses the built server code (dist/). Writes bench/results/checkin-steps.json.
// Usage: npm run build && node bench/checkin-steps.mjs [--programs 300] [--iterations 300]
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, inventoryUpload, registryProgram, root, writeBenchJson } from './lib.mjs';
import { ordinaryPrograms } from './programs.mjs';

const dist = (p) => import(join(root, 'dist', p));
const PROGRAMS = Number(flag('programs', 300));
const ITERATIONS = Number(flag('iterations', 300));
const CHANGED = Math.max(1, Math.round(PROGRAMS / 100));

const { canonicalOrder, setHash } = await dist('server/ingest/canonical.js');
const { buildDiff, keysOf } = await dist('server/agent/checkin-state.js');
const { parseUpload } = await dist('server/ingest/parse-upload.js');
const { parseDiff } = await dist('server/ingest/diff-document.js');
const { applyDiff } = await dist('server/ingest/apply-diff.js');
const { compressObservations } = await dist('server/ingest/compress-observations.js');
const { readObservations } = await dist('server/ingest/ingest.js');
const { createBufferSource } = await dist('inputs/source.js');
const { spoolBody } = await dist('server/ingest/spool-body.js');
const { openUploadBytes } = await dist('server/ingest/parse-job.js');

const host = 'ws-000001';
function inventory(round) {
  const observations = Array.from({ length: PROGRAMS }, (_, n) => {
    const p = ordinaryPrograms[n % ordinaryPrograms.length];
    const version = n < CHANGED * round ? `2.${n}.${round}` : `1.${n}`;
    return registryProgram(host, { name: `${p.name} ${n}`, publisher: p.publisher, version }, n);
  });
  return inventoryUpload(
    host,
    new Date(Date.UTC(2026, 11, 8, round)),
    canonicalOrder(observations).observations,
  );
}

const before = inventory(0);
const after = inventory(1);
const fullBody = JSON.stringify(after);
const baseSet = (
  await parseUpload(createBufferSource('b', JSON.stringify(before)), {
    name: 'b',
    host,
    maxObservations: 1e6,
  })
).observations;
const baseBlob = await compressObservations(baseSet);
const state = { host, base: 'inv-1', next: 'diff', keys: keysOf(before) };
const diffBody = buildDiff(state, after);
const parsedDiff = await parseDiff(createBufferSource('d', diffBody), { name: 'd', host, limit: 1e9 });

async function time(label, fn) {
  for (let i = 0; i < 30; i++) await fn();
  const start = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) await fn();
  const used = process.cpuUsage(start);
  return [label, Math.round(((used.user + used.system) / 1000 / ITERATIONS) * 1000) / 1000];
}

const full = Object.fromEntries([
  await time('parse + validate the whole inventory', () =>
    parseUpload(createBufferSource('u', fullBody), { name: 'u', host, maxObservations: 1e6 }),
  ),
  await time('gzip the stored set', () => compressObservations(baseSet)),
]);
/** Receive a body as the upload route does, read it back as the parser does, and let it go. */
async function receive(body, memoryLimit) {
  const spooled = await spoolBody(new Blob([body]).stream(), { dir: tmpdir(), limit: 1e9, memoryLimit });
  for await (const _chunk of (await openUploadBytes('r', spooled.bytes)).open());
  await spooled.remove();
}
const diff = Object.fromEntries([
  await time('receive the diff body: spooled to a file, read back, removed', () => receive(diffBody, 0)),
  await time('receive the diff body: kept in memory', () => receive(diffBody, undefined)),
  await time('parse + validate the diff', () =>
    parseDiff(createBufferSource('d', diffBody), { name: 'd', host, limit: 1e9 }),
  ),
  await time('gunzip + JSON.parse the base set', () => readObservations(baseBlob)),
  await time('apply: keys, sort, set hash of the result', () =>
    applyDiff(baseSet.slice(), parsedDiff, host, 1e6),
  ),
  await time('gzip the stored set', () => compressObservations(baseSet)),
]);
const agent = Object.fromEntries([
  await time('agent: keys of the new set + diff JSON', () => buildDiff(state, after)),
  await time('agent: set hash alone', () => setHash(keysOf(after))),
]);
const report = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  programs: PROGRAMS,
  changed: CHANGED,
  bytes: { full: fullBody.length, diff: diffBody.length },
  cpuMs: { full, diff, agent },
  note: 'CPU ms per call, mean over the iterations, on a shared machine: compare steps within one run. Evaluation, HTTP and the database come on top of both paths.',
};
writeBenchJson('results/checkin-steps.json', report);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
