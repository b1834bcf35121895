#!/usr/bin/env node
// Fleet ingestion benchmark against the built server (dist/): N hosts x P programs uploaded as
// interdict/inventory@1 JSON (what `interdict agent` sends) by concurrent clients, on SQLite and on
// PostgreSQL; then the findings list at that size (filters, search, sorting, cursor paging). In the
// same run the same rows go into a plain PostgreSQL table with `COPY ... FROM STDIN` (through psql)
// and with multi-row INSERTs (through pg), the floor that ingestion is compared with.
// Then the steady state: every host checks in once more with a differential check-in
// (interdict/inventory-diff@1, built with the agent's own code) in which 1% of its programs changed.
// Writes bench/out/server.json, bench/results/server.json and bench/results/server.md.
// Usage: npm run build && node bench/server.mjs [--hosts 1000] [--programs 300] [--concurrency 8]
//        [--stores sqlite,postgres] [--pg postgres://postgres@127.0.0.1:5432/test] [--cpu-prof DIR]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  flag,
  has,
  inventoryUpload,
  registryProgram,
  root,
  serverUrl,
  writeBench,
  writeBenchJson,
} from './lib.mjs';
import pg from 'pg';
import { commandCpuSeconds, processCpuSeconds } from './cpu-time.mjs';
import { ordinaryPrograms, plantedPrograms } from './programs.mjs';

const bin = join(root, 'dist/bin/interdict.js');
const HOSTS = Number(flag('hosts', 1000));
const PROGRAMS = Number(flag('programs', 300));
const CONCURRENCY = Number(flag('concurrency', 8));
const PG_URL = flag(
  'pg',
  process.env.INTERDICT_BENCH_PG ??
    process.env.INTERDICT_TEST_PG ??
    'postgres://postgres@127.0.0.1:5432/test',
);
const STORES = flag('stores', 'sqlite,postgres').split(',');
const FINDINGS_REQUESTS = Number(flag('findings-requests', 300));
const CHECKIN_CONCURRENCY = Number(flag('checkin-concurrency', 16));
/** Check-ins timed in the steady state (hosts 0 … N-1, each once); all hosts by default. */
const CHECKINS = Math.min(HOSTS, Number(flag('checkins', HOSTS)));
/** `--label L`: results go to bench/results/server-L.{json,md}, so runs of one store at a time do not overwrite each other. */
const LABEL = flag('label', undefined);
const RAW = !has('no-raw');
/** Programs that change per host between check-ins: 1%. */
const CHANGED = Math.max(1, Math.round(PROGRAMS / 100));
const { buildDiff, keysOf } = await import(join(root, 'dist/server/agent/checkin-state.js'));
const { canonicalOrder } = await import(join(root, 'dist/server/ingest/canonical.js'));
/** `--cpu-prof DIR`: the server writes a V8 CPU profile per store there when it stops. */
const CPU_PROF = flag('cpu-prof', undefined);

/** Deterministic per host: the same run uploads and COPYs exactly the same rows. */
function programsOf(i, round = 0) {
  const list = [];
  for (let n = 0; n < PROGRAMS; n++) {
    const base = ordinaryPrograms[n % ordinaryPrograms.length];
    list.push({
      name:
        n < ordinaryPrograms.length
          ? base.name
          : `${base.publisher.split(/[ ,]/)[0]} Line-of-Business App ${n}`,
      publisher: base.publisher,
      version: `${(i * 7 + n) % 40}.${n % 13}.${i % 1000}`,
    });
  }
  // A check-in round later, 1% of the ordinary programs were upgraded (the planted ones stay).
  for (let k = 0; k < round * CHANGED; k++) {
    const n = (i * 31 + k * 97) % (PROGRAMS - 3);
    list[n] = { ...list[n], version: `${list[n].version}.${round}` };
  }
  // One host in five carries one to three Kaspersky products, as a real mixed fleet might.
  if (i % 5 === 0) {
    for (let k = 0; k <= i % 3; k++) {
      const p = plantedPrograms[k];
      list[PROGRAMS - 1 - k] = { name: p.name, publisher: p.publisher, version: p.version };
    }
  }
  return list;
}
const hostName = (i) => `ws-${String(i).padStart(6, '0')}`;

function inventoryDoc(i, round = 0) {
  const host = hostName(i);
  const observations = programsOf(i, round).map((p, n) => registryProgram(host, p, n));
  // In the agent's canonical order, as `interdict agent` spools it.
  return inventoryUpload(
    host,
    new Date(Date.UTC(2026, 10, 28, 6 + round)),
    canonicalOrder(observations).observations,
  );
}
const inventoryOf = (i) => JSON.stringify(inventoryDoc(i));

const percentile = (values, p) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function cli(argv) {
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`interdict ${argv.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

async function startServe(db) {
  const child = spawn(
    process.execPath,
    [
      ...(CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF] : []),
      bin,
      'serve',
      '--db',
      db,
      '--port',
      '0',
      '--insecure-cookies',
      '--log-level',
      'warn',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await serverUrl(child);
  return {
    url,
    pid: child.pid,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

async function pool(count, concurrency, task) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** CPU seconds so far of the server, of this process (the clients) and of PostgreSQL. */
function cpuNow(serverPid) {
  const own = process.cpuUsage();
  return {
    server: processCpuSeconds(serverPid),
    clients: (own.user + own.system) / 1e6,
    postgres: commandCpuSeconds('postgres'),
  };
}

async function ingest(url, token, serverPid, acks) {
  const latencies = [];
  let failures = 0;
  const cpuBefore = cpuNow(serverPid);
  const started = performance.now();
  await pool(HOSTS, CONCURRENCY, async (i) => {
    const body = inventoryOf(i);
    const t = performance.now();
    const res = await fetch(`${url}/api/v1/hosts/${hostName(i)}/inventories`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    const ack = await res.json();
    latencies.push(performance.now() - t);
    if (res.status !== 201) failures++;
    else acks[i] = ack.id;
    if (i > 0 && i % 1000 === 0) process.stderr.write(`  ${i} uploads\n`);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow(serverPid);
  // Milliseconds of CPU per upload on each side: what bounds uploads/s when they share the cores.
  const cpuMsPerUpload = Object.fromEntries(
    Object.keys(cpuAfter).map((k) => [k, round((1000 * (cpuAfter[k] - cpuBefore[k])) / HOSTS, 2)]),
  );
  return {
    cpuMsPerUpload,
    uploads: HOSTS,
    failures,
    seconds: round(seconds, 2),
    uploadsPerSecond: round(HOSTS / seconds),
    rowsPerSecond: Math.round((HOSTS * PROGRAMS) / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
  };
}

/**
 * The steady state: every host checks in once with what changed since its acknowledged inventory.
 * The diffs are built first, with the agent's own code (canonical keys, the diff, its JSON), and
 * that CPU is reported on its own: on a fleet it is spent on each host, not beside the server.
 * The timed part only sends them, over keep-alive connections, as a load generator does.
 */
async function checkins(url, token, serverPid, acks) {
  const bodies = [];
  const states = [];
  for (let i = 0; i < CHECKINS; i++)
    states.push({ host: hostName(i), base: acks[i], next: 'diff', keys: keysOf(inventoryDoc(i)) });
  const docs = states.map((_, i) => inventoryDoc(i, 1));
  const agentBefore = process.cpuUsage();
  for (let i = 0; i < CHECKINS; i++) bodies.push(buildDiff(states[i], docs[i]));
  const agentCpu = process.cpuUsage(agentBefore);
  const agentMsPerDiff = round((agentCpu.user + agentCpu.system) / 1000 / CHECKINS, 2);
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CHECKIN_CONCURRENCY });
  const latencies = [];
  let failures = 0;
  const cpuBefore = cpuNow(serverPid);
  const started = performance.now();
  await pool(CHECKINS, CHECKIN_CONCURRENCY, async (i) => {
    const t = performance.now();
    const status = await postBody(agent, `${url}/api/v1/hosts/${hostName(i)}/inventories`, bodies[i], {
      authorization: `Bearer ${token}`,
      'content-type': 'application/vnd.interdict.inventory-diff+json',
    });
    latencies.push(performance.now() - t);
    if (status !== 201) {
      if (failures++ < 3) process.stderr.write(`  check-in of ${hostName(i)}: ${status}\n`);
    }
    if (i > 0 && i % 1000 === 0) process.stderr.write(`  ${i} check-ins\n`);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow(serverPid);
  agent.destroy();
  const cpuMsPerCheckin = Object.fromEntries(
    Object.keys(cpuAfter).map((k) => [k, round((1000 * (cpuAfter[k] - cpuBefore[k])) / CHECKINS, 2)]),
  );
  return {
    cpuMsPerCheckin,
    agentMsPerDiff,
    checkins: CHECKINS,
    changedPerHost: CHANGED,
    meanBodyBytes: Math.round(bytes / CHECKINS),
    failures,
    seconds: round(seconds, 2),
    checkinsPerSecond: round(CHECKINS / seconds),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
  };
}

/** POSTs a body and drains the answer; resolves to the status. */
function postBody(agent, url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The dashboard's findings queries at this size, four at a time; following `next` pages too. */
async function findingsList(url, token) {
  const headers = { authorization: `Bearer ${token}` };
  const get = async (path) => {
    const t = performance.now();
    const res = await fetch(`${url}${path}`, { headers });
    const json = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return { ms: performance.now() - t, json };
  };
  const first = await get('/api/v1/findings?limit=50');
  const queries = [
    '/api/v1/findings?limit=50',
    '/api/v1/findings?status=prohibited&limit=50',
    '/api/v1/findings?sort=severity&order=desc&limit=100',
    '/api/v1/findings?sort=host&limit=50',
    '/api/v1/findings?q=endpoint&limit=50',
    `/api/v1/findings?host=${hostName(5 * Math.floor(HOSTS / 10))}`,
    '/api/v1/findings?determination=icts-2021-002&limit=50',
    '/api/v1/findings?state=open&product=kaspersky-endpoint-security-windows&limit=50',
  ];
  const latencies = [];
  const byQuery = new Map();
  const note = (label, ms) => {
    latencies.push(ms);
    byQuery.set(label, [...(byQuery.get(label) ?? []), ms]);
  };
  await pool(FINDINGS_REQUESTS, 4, async (n) => {
    if (n % 10 === 9 && first.json.next) {
      // Deep paging: walk three pages by cursor.
      let next = first.json.next;
      for (let p = 0; p < 3 && next; p++) {
        const r = await get(`/api/v1/findings?limit=50&cursor=${next}`);
        note('/api/v1/findings?limit=50&cursor=…', r.ms);
        next = r.json.next;
      }
      return;
    }
    note(queries[n % queries.length], (await get(queries[n % queries.length])).ms);
  });
  return {
    total: first.json.total,
    requests: latencies.length,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p95ByQuery: Object.fromEntries([...byQuery].map(([q, v]) => [q, round(percentile(v, 95))])),
  };
}

async function runStore(kind) {
  let db;
  let cleanup;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'interdict-bench-'));
    db = `sqlite:${join(dir, 'bench.db')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    db = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
    cleanup = async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    };
  }
  try {
    const agent = cli([
      'admin',
      'token',
      'create',
      '--name',
      'bench-import',
      '--role',
      'agent',
      '--bulk-import',
      '--db',
      db,
    ]);
    const viewer = cli([
      'admin',
      'token',
      'create',
      '--name',
      'bench-viewer',
      '--role',
      'viewer',
      '--db',
      db,
    ]);
    const server = await startServe(db);
    try {
      process.stderr.write(
        `${kind}: uploading ${HOSTS} hosts x ${PROGRAMS} programs, ${CONCURRENCY} clients\n`,
      );
      const acks = new Array(HOSTS);
      const ingestion = await ingest(server.url, agent, server.pid, acks);
      process.stderr.write(`${kind}: findings list\n`);
      const findings = await findingsList(server.url, viewer);
      process.stderr.write(`${kind}: differential check-ins, ${CHANGED} of ${PROGRAMS} programs changed\n`);
      const steady = await checkins(server.url, agent, server.pid, acks);
      process.stderr.write(`${kind}: findings list after the check-ins\n`);
      const findingsAfter = await findingsList(server.url, viewer);
      // The check-ins changed versions of ordinary programs only: the same findings must remain.
      if (findingsAfter.total !== findings.total)
        throw new Error(
          `${kind}: ${findings.total} findings before the check-ins, ${findingsAfter.total} after`,
        );
      return { store: kind, ingestion, findings, checkins: steady, findingsAfter };
    } finally {
      await server.stop();
    }
  } finally {
    await cleanup();
  }
}

/** The same rows straight into a PostgreSQL table: COPY through psql, and batched INSERTs through pg. */
async function rawPostgres() {
  const schema = `bench_raw_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const table = `${schema}.observations`;
  const create = `CREATE TABLE ${table} (host text not null, kind text not null, name text not null, publisher text, version text)`;
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(create);
    const escape = (v) =>
      String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]);
    const started = performance.now();
    const psql = spawn('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy ${table} FROM STDIN`], {
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const done = new Promise((resolve, reject) =>
      psql.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited ${code}`)))),
    );
    for (let i = 0; i < HOSTS; i++) {
      const host = hostName(i);
      const chunk = programsOf(i)
        .map((p) => `${host}\tprogram\t${escape(p.name)}\t${escape(p.publisher)}\t${escape(p.version)}\n`)
        .join('');
      if (!psql.stdin.write(chunk)) await new Promise((resolve) => psql.stdin.once('drain', resolve));
    }
    psql.stdin.end();
    await done;
    const copySeconds = (performance.now() - started) / 1000;
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);

    await client.query(`TRUNCATE ${table}`);
    const insertStarted = performance.now();
    const batch = [];
    const flush = async () => {
      if (!batch.length) return;
      const values = batch.map(
        (_, r) => `($${r * 5 + 1}, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5})`,
      );
      await client.query(`INSERT INTO ${table} VALUES ${values.join(',')}`, batch.flat());
      batch.length = 0;
    };
    for (let i = 0; i < HOSTS; i++) {
      for (const p of programsOf(i)) {
        batch.push([hostName(i), 'program', p.name, p.publisher, p.version]);
        if (batch.length === 1000) await flush();
      }
    }
    await flush();
    const insertSeconds = (performance.now() - insertStarted) / 1000;
    return {
      rows: rows[0].n,
      copy: {
        method: 'COPY FROM STDIN via psql \\copy',
        seconds: round(copySeconds, 2),
        rowsPerSecond: Math.round(rows[0].n / copySeconds),
      },
      insert: {
        method: 'multi-row INSERT via pg, 1000 rows per statement',
        seconds: round(insertSeconds, 2),
        rowsPerSecond: Math.round(rows[0].n / insertSeconds),
      },
    };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

const results = [];
for (const kind of STORES) results.push(await runStore(kind));
const raw = RAW && STORES.includes('postgres') ? await rawPostgres() : undefined;
const pgRun = results.find((r) => r.store === 'postgres');
const report = {
  date: new Date().toISOString().slice(0, 10),
  machine: { arch: process.arch, node: process.version, cores: cpus().length },
  hosts: HOSTS,
  programs: PROGRAMS,
  concurrency: CONCURRENCY,
  stores: results,
  rawPostgres: raw,
  ingestionVsCopy:
    raw && pgRun ? round((100 * pgRun.ingestion.rowsPerSecond) / raw.copy.rowsPerSecond) : undefined,
};
const resultName = LABEL ? `server-${LABEL}` : 'server';
writeBenchJson(`out/${resultName}.json`, report);
writeBenchJson(`results/${resultName}.json`, report);

const lines = [
  `# bench: server (${report.date})`,
  '',
  `${HOSTS} hosts x ${PROGRAMS} programs (${(HOSTS * PROGRAMS).toLocaleString('en-US')} observations), uploaded as interdict/inventory@1 JSON by ${CONCURRENCY} concurrent clients; one host in five carries Kaspersky.`,
  '',
  '| store | uploads/s | rows/s | upload p50 | upload p95 | findings | findings-list p50 | findings-list p95 (target < 100 ms) |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    (r) =>
      `| ${r.store} | ${r.ingestion.uploadsPerSecond} | ${r.ingestion.rowsPerSecond} | ${r.ingestion.p50Ms} ms | ${r.ingestion.p95Ms} ms | ${r.findings.total} | ${r.findings.p50Ms} ms | ${r.findings.p95Ms} ms |`,
  ),
  '',
];
if (raw) {
  lines.push(
    `Raw PostgreSQL, same ${raw.rows.toLocaleString('en-US')} rows in the same run: ${raw.copy.method} ${raw.copy.rowsPerSecond} rows/s; ${raw.insert.method} ${raw.insert.rowsPerSecond} rows/s.`,
    `Ingestion on PostgreSQL = **${report.ingestionVsCopy}%** of raw COPY throughput (target ≥ 30%).`,
    '',
  );
}
lines.push(
  'CPU per upload while uploading (from /proc: the server process, the benchmark process that builds and sends the bodies, every PostgreSQL process):',
  '',
  '| store | server | clients | PostgreSQL | all |',
  '| --- | --- | --- | --- | --- |',
  ...results.map(({ store, ingestion: { cpuMsPerUpload: c } }) => {
    const all = c.server + c.clients + (store === 'postgres' ? c.postgres : 0);
    return `| ${store} | ${c.server} ms | ${c.clients} ms | ${store === 'postgres' ? `${c.postgres} ms` : '-'} | ${round(all, 2)} ms |`;
  }),
  '',
);
if (raw && pgRun) {
  const c = pgRun.ingestion.cpuMsPerUpload;
  const needed = (0.3 * raw.copy.rowsPerSecond) / PROGRAMS;
  lines.push(
    `30% of this run's COPY is ${Math.round(needed)} uploads/s: with ${cpus().length} cores that leaves ${round((1000 * cpus().length) / needed, 2)} ms of CPU per upload for all three sides together; this run spent ${round(c.server + c.clients + c.postgres, 2)} ms.`,
    '',
  );
}
lines.push(
  `Steady state: ${CHECKINS === HOSTS ? 'every host checks' : `${CHECKINS} of the ${HOSTS} hosts check`} in once more with a differential check-in (interdict/inventory-diff@1) in which ${CHANGED} of its ${PROGRAMS} programs changed version, ${CHECKIN_CONCURRENCY} concurrent clients on keep-alive connections. The diffs are built beforehand with the agent's code (on a fleet each host builds its own); the agent's CPU per diff is its own column.`,
  '',
  '| store | check-ins/s (target ≥ 2,000 on PostgreSQL) | body | p50 | p95 | CPU server | CPU clients | CPU PostgreSQL | CPU agent (diff) | findings after | findings-list p95 after |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...results.map(
    ({ store, checkins: c, findingsAfter: f }) =>
      `| ${store} | ${c.checkinsPerSecond} | ${c.meanBodyBytes} B | ${c.p50Ms} ms | ${c.p95Ms} ms | ${c.cpuMsPerCheckin.server} ms | ${c.cpuMsPerCheckin.clients} ms | ${store === 'postgres' ? `${c.cpuMsPerCheckin.postgres} ms` : '-'} | ${c.agentMsPerDiff} ms | ${f.total} | ${f.p95Ms} ms |`,
  ),
  '',
);
lines.push(
  `Machine: ${process.arch}, Node ${process.version}, ${cpus().length} cores; the clients, the server and the database share them.`,
  `Reproduce: \`npm run build && node bench/server.mjs --hosts ${HOSTS}\` (full size: \`--hosts 10000\`).`,
  '',
);
writeBench(`results/${resultName}.md`, lines.join('\n'));
process.stdout.write(lines.join('\n'));
