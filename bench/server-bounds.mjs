#!/usr/bin/env node
// Resource bounds of the built server (dist/) on SQLite: peak RSS (VmHWM) for one 50 MB upload
// and for four at once, the slowest /healthz answer while they run, and the median latency of
// small uploads alone and while 40 clients log in with random names (scrypt for each).
// Each scenario gets a fresh server, since the kernel's peak RSS cannot be reset.
// Writes bench/results/server-bounds.json.
// Usage: npm run build && node bench/server-bounds.mjs [--mb 50] [--logins 40] [--uploads 100]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, root, serverUrl, writeBenchJson } from './lib.mjs';

const bin = join(root, 'dist/bin/interdict.js');
const MB = Number(flag('mb', 50));
const LOGINS = Number(flag('logins', 40));
const UPLOADS = Number(flag('uploads', 100));

function inventoryOf(host, bytes) {
  const observations = [];
  let size = 0;
  for (let n = 0; size < bytes; n++) {
    const o = {
      kind: 'program',
      name: `Contoso Line-of-Business Tool ${n}`,
      publisher: 'Contoso Ltd.',
      version: `${n % 40}.${n % 13}.${n}`,
      origin: { source: host, format: 'windows-registry', locator: `HKLM:${n}`, collector: 'windows' },
    };
    observations.push(o);
    size += JSON.stringify(o).length + 1;
  }
  return JSON.stringify({
    schema: 'interdict/inventory@1',
    host,
    collectedAt: '2025-03-01T09:00:00Z',
    agent: { name: 'interdict', version: '0.1.0' },
    observations,
  });
}

async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'interdict-bounds-'));
  const db = `sqlite:${join(dir, 'bench.db')}`;
  const token = spawnSync(
    process.execPath,
    [bin, 'admin', 'token', 'create', '--name', 'bench', '--role', 'agent', '--bulk-import', '--db', db],
    { encoding: 'utf8' },
  ).stdout.trim();
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--db', db, '--port', '0', '--insecure-cookies', '--log-level', 'error'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await serverUrl(child);
  return {
    url,
    token,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const peakRssMb = (pid) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function upload(s, host, body) {
  const started = performance.now();
  const res = await fetch(`${s.url}/api/v1/hosts/${host}/inventories`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

/** One /healthz on a new connection, as a load balancer's probe (no keep-alive reuse races). */
function probeHealth(url) {
  return new Promise((resolve) => {
    const req = get(`${url}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', (error) => resolve(error.code ?? 'error'));
  });
}

/** Polls /healthz every 100 ms until `done` settles; returns the slowest answer and its statuses. */
async function watchHealth(s, done) {
  let finished = false;
  void done.finally(() => (finished = true));
  let slowest = 0;
  const statuses = {};
  while (!finished) {
    const started = performance.now();
    const status = await probeHealth(s.url);
    slowest = Math.max(slowest, performance.now() - started);
    statuses[status] = (statuses[status] ?? 0) + 1;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { slowestMs: Math.round(slowest), statuses };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function bigUploads(count) {
  const s = await startServer();
  try {
    const bodies = Array.from({ length: count }, (_, i) => inventoryOf(`big-${i}`, MB * 1024 * 1024));
    const baseline = peakRssMb(s.pid);
    const started = performance.now();
    const all = Promise.all(bodies.map((b, i) => upload(s, `big-${i}`, b)));
    const health = await watchHealth(s, all);
    const results = await all;
    return {
      uploads: count,
      bodyMb: Math.round(bodies[0].length / 1024 / 1024),
      statuses: results.map((r) => r.status),
      seconds: Math.round(performance.now() - started) / 1000,
      baselineRssMb: Math.round(baseline),
      peakRssMb: Math.round(peakRssMb(s.pid)),
      health,
    };
  } finally {
    await s.stop();
  }
}

async function loginsAndUploads() {
  const s = await startServer();
  try {
    const small = (i) => inventoryOf(`small-${i}`, 60 * 1024);
    const sequential = async (from) => {
      const out = [];
      for (let i = from; i < from + UPLOADS; i++) out.push(await upload(s, `small-${i}`, small(i)));
      return out;
    };
    const alone = await sequential(0);
    let stop = false;
    const loginStatuses = {};
    const loginClient = async (c) => {
      for (let n = 0; !stop; n++) {
        const res = await fetch(`${s.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bench': String(c) },
          body: JSON.stringify({
            name: `user-${c}-${n}-${Math.random()}`,
            password: 'not the password at all',
          }),
        });
        await res.arrayBuffer();
        loginStatuses[res.status] = (loginStatuses[res.status] ?? 0) + 1;
        if (res.status === 429) await new Promise((r) => setTimeout(r, 200));
      }
    };
    const clients = Array.from({ length: LOGINS }, (_, c) => loginClient(c));
    const during = await sequential(UPLOADS);
    stop = true;
    await Promise.all(clients);
    return {
      uploads: UPLOADS,
      loginClients: LOGINS,
      medianMsAlone: Math.round(median(alone.map((r) => r.ms)) * 10) / 10,
      medianMsDuringLogins: Math.round(median(during.map((r) => r.ms)) * 10) / 10,
      uploadStatuses: [...new Set(during.map((r) => r.status))],
      loginStatuses,
    };
  } finally {
    await s.stop();
  }
}

const result = {
  node: process.version,
  cpus: cpus().length,
  oneUpload: await bigUploads(1),
  fourUploads: await bigUploads(4),
  logins: await loginsAndUploads(),
};
writeBenchJson('results/server-bounds.json', result);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
