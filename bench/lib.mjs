// What every bench shares: where the repository is, its `--name value` flags, the tests' PE
// fixture builders, the two sides of a scan-versus-ripgrep row and writing under bench/.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ordinaryPrograms, plantedPrograms } from './programs.mjs';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const args = process.argv.slice(2);

/** The value after `--name`, or `fallback` when the flag is absent or has no value. */
export function flag(name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/** The middle value of `xs` (the upper one of the two middles when their count is even). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Whether the switch `--name` was given. */
export const has = (name) => args.includes(`--${name}`);

/** Writes `text` to `bench/<path>` (creating its folder), as the results pages expect. */
export function writeBench(path, text) {
  const file = join(root, 'bench', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/**
 * The tests' own fixture builders (a real PE, a real PKCS#7), compiled into bench/out/seeds
 * when the compiled copy is missing or older than the source, then imported.
 */
export async function seedPes() {
  const source = join(root, 'test/artifacts/seed-pes.ts');
  const seeds = join(root, 'bench/out/seeds');
  const compiled = join(seeds, 'seed-pes.js');
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) {
    const built = spawnSync(
      'npx',
      ['tsc', source, '--outDir', seeds, '--module', 'nodenext', '--target', 'es2022', '--skipLibCheck'],
      { cwd: root, stdio: 'inherit' },
    );
    if (built.status !== 0) process.exit(1);
  }
  return (await import(compiled)).seedPes();
}

/** The ripgrep side of a throughput row over `bytes` of input. */
export const ripgrepSide = (rg, bytes) => ({
  seconds: rg.seconds,
  mbPerSecond: bytes / 1048576 / rg.seconds,
  count: Number(rg.stdout.trim()),
});

/** The interdict side of a throughput row; callers append what their log counts. */
export const scanSide = (scan, bytes) => ({
  seconds: scan.seconds,
  mbPerSecond: bytes / 1048576 / scan.seconds,
  maxRssMb: scan.maxRssMb,
});

/**
 * `page` with the section marked `<!-- bench:KEY -->` … `<!-- /bench:KEY -->` replaced by `body`
 * (appended when absent), so that each measure owns its part and the notes around it are kept.
 */
export function withSection(page, key, body) {
  const begin = `<!-- bench:${key} -->`;
  const end = `<!-- /bench:${key} -->`;
  const section = `${begin}\n${body}\n${end}`;
  return page.includes(begin) && page.includes(end)
    ? page.slice(0, page.indexOf(begin)) + section + page.slice(page.indexOf(end) + end.length)
    : `${page.trimEnd()}\n\n${section}\n`;
}

/** Writes `value` as indented JSON with a final newline to `bench/<path>`. */
export const writeBenchJson = (path, value) => writeBench(path, `${JSON.stringify(value, null, 2)}\n`);

/** One Windows uninstall-key program observation of `host`, as the agent's collector reports it. */
export const registryProgram = (host, program, n) => ({
  kind: 'program',
  ...program,
  origin: {
    source: host,
    format: 'windows-registry',
    locator: `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\${n}`,
    collector: 'windows',
  },
});

/** An interdict/inventory@1 upload; `observations` already in the agent's canonical order. */
export const inventoryUpload = (host, collectedAt, observations) => ({
  schema: 'interdict/inventory@1',
  host,
  collectedAt: collectedAt.toISOString(),
  agent: { name: 'interdict', version: '0.1.0' },
  observations,
});

/** The URL a `interdict serve` child prints once it listens; rejects if it exits first. */
export const serverUrl = (child) =>
  new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /interdict server on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });

/**
 * Writes `header` and then lines `line(0)`, `line(1)`… to `file`, `batch` at a time, until it
 * holds at least `bytes`. The batch decides where the file ends, so each generator keeps its own.
 */
export async function writeLines(file, bytes, line, { header = '', batch = 2000 } = {}) {
  const stream = createWriteStream(file);
  stream.write(header);
  let written = header.length;
  for (let n = 0; written < bytes;) {
    const lines = [];
    for (let i = 0; i < batch; i++, n++) lines.push(line(n));
    const chunk = `${lines.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
}

/**
 * An osqueryd results log of at least `bytes`: 25,000 hosts' ordinary Windows programs with a
 * Kaspersky row planted every 50,000 rows on a host of its own. Returns how many were planted.
 */
export async function writeOsqueryLog(file, bytes) {
  let planted = 0;
  await writeLines(file, bytes, (n) => {
    const plant = n % 50_000 === 25_000;
    const host = `ws-${String(plant ? 10007 + planted * 37 : n % 25000).padStart(5, '0')}.corp.example`;
    const columns = plant
      ? plantedPrograms[planted++ % plantedPrograms.length]
      : ordinaryPrograms[n % ordinaryPrograms.length];
    return JSON.stringify({
      name: 'pack_inventory_programs',
      hostIdentifier: host,
      calendarTime: 'Sat Nov 28 06:00:00 2026 UTC',
      unixTime: 1795845600 + (n % 86400),
      epoch: 0,
      counter: n,
      numerics: false,
      decorations: {
        host_uuid: `4C4C4544-0042-${String(n % 10000).padStart(4, '0')}-8048-B4C04F4B3732`,
        hostname: host,
      },
      columns,
      action: 'added',
    });
  });
  return planted;
}
