import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '../../core/observation.js';
import type { Collector, ReadContext } from '../types.js';
import {
  DPKG_FORMAT,
  parseDpkgQuery,
  parseFlatpakList,
  parseRpmQuery,
  parseSnapList,
  parseSystemctlJson,
  parseSystemctlPlain,
  RPM_FORMAT,
  type PackageRow,
} from './linux-parse.js';

interface CommandResult {
  stdout: string;
}

/** Runs a command; rejects with `code` ENOENT when it is not installed. Injectable for tests. */
export type RunCommand = (file: string, args: string[], signal?: AbortSignal) => Promise<CommandResult>;

export interface LinuxCollectorOptions {
  run?: RunCommand;
  /** Root of the proc filesystem (tests point it at a fixture tree). */
  procRoot?: string;
  optRoot?: string;
  host?: string;
}

const ID = 'linux';

/** Runs a command with a 32 MiB output cap and a minute's timeout. */
const runCommand: RunCommand = (file, args, signal) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { maxBuffer: 32 * 1024 * 1024, timeout: 60_000, signal, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { stderr: String(stderr) }));
        else resolve({ stdout: String(stdout) });
      },
    );
  });

/**
 * The live Linux host: dpkg, rpm, snap and flatpak packages, systemd services, running
 * processes and /opt. A source that is missing or fails is a located note, never the end of
 * the scan.
 */
export function createLinuxCollector(options: LinuxCollectorOptions = {}): Collector {
  const run = options.run ?? runCommand;
  const procRoot = options.procRoot ?? '/proc';
  const optRoot = options.optRoot ?? '/opt';
  return {
    id: ID,
    description: 'this Linux host: dpkg/rpm/snap/flatpak packages, systemd services, processes, /opt',
    platforms: ['linux'],
    async *collect(ctx: ReadContext): AsyncGenerator<Observation> {
      const host = options.host ?? ctx.host ?? hostname();
      const origin = (collector: string, locator: string) => ({
        source: host,
        format: ID,
        locator,
        collector,
      });
      const attempt = async (what: string, file: string, args: string[]): Promise<string | undefined> => {
        try {
          return (await run(file, args, ctx.signal)).stdout;
        } catch (cause) {
          reportFailure(ctx, what, file, cause);
          return undefined;
        }
      };
      const packages = function* (collector: string, rows: PackageRow[]): Generator<Observation> {
        for (const row of rows) {
          ctx.record();
          const obs: Observation = {
            kind: 'package',
            name: row.name,
            host,
            ids: [row.id ? { kind: 'package', value: row.id } : { kind: 'linux-package', value: row.name }],
            origin: origin(collector, `${collector}/${row.name}`),
          };
          if (row.version) obs.version = row.version;
          if (row.publisher) obs.publisher = row.publisher;
          if (row.arch) obs.attributes = { arch: row.arch };
          // dpkg keeps "config-files" entries for removed packages: the software itself is gone.
          if (collector === 'dpkg' && row.status && row.status !== 'installed') {
            obs.removed = true;
            obs.attributes = { ...obs.attributes, status: row.status };
          }
          yield obs;
        }
      };

      const dpkg = await attempt('dpkg', 'dpkg-query', [
        '-W',
        `-f=${DPKG_FORMAT.replaceAll('\\t', '\t').replaceAll('\\n', '\n')}`,
      ]);
      if (dpkg !== undefined) yield* packages('dpkg', parseDpkgQuery(dpkg));
      const rpm = await attempt('rpm', 'rpm', [
        '-qa',
        '--qf',
        RPM_FORMAT.replaceAll('\\t', '\t').replaceAll('\\n', '\n'),
      ]);
      if (rpm !== undefined) yield* packages('rpm', parseRpmQuery(rpm));
      const snap = await attempt('snap', 'snap', ['list']);
      if (snap !== undefined) yield* packages('snap', parseSnapList(snap));
      const flatpak = await attempt('flatpak', 'flatpak', [
        'list',
        '--app',
        '--columns=application,name,version,origin',
      ]);
      if (flatpak !== undefined) yield* packages('flatpak', parseFlatpakList(flatpak));

      const units = await readUnits(ctx, attempt);
      for (const unit of units) {
        ctx.record();
        const obs: Observation = {
          kind: 'service',
          name: unit.description ?? unit.unit,
          host,
          ids: [{ kind: 'service', value: unit.unit.replace(/\.service$/, '') }],
          origin: origin('systemd', `systemd/${unit.unit}`),
        };
        const attributes = {
          unit: unit.unit,
          ...(unit.active ? { active: unit.active } : {}),
          ...(unit.sub ? { sub: unit.sub } : {}),
        };
        obs.attributes = attributes;
        yield obs;
      }

      yield* collectProcesses(ctx, procRoot, host, origin);
      yield* collectOpt(ctx, optRoot, host, origin);
    },
  };
}

export const linuxCollector: Collector = createLinuxCollector();

async function readUnits(
  ctx: ReadContext,
  attempt: (what: string, file: string, args: string[]) => Promise<string | undefined>,
) {
  const json = await attempt('systemd', 'systemctl', [
    'list-units',
    '--all',
    '--type=service',
    '--output=json',
    '--no-pager',
  ]);
  if (json === undefined) return [];
  try {
    return parseSystemctlJson(json);
  } catch {
    // systemd before 251 ignores --output=json for list-units and prints the table.
    const plain = await attempt('systemd', 'systemctl', [
      'list-units',
      '--all',
      '--type=service',
      '--plain',
      '--no-legend',
      '--no-pager',
    ]);
    if (plain === undefined) return [];
    const units = parseSystemctlPlain(plain);
    if (units.length === 0 && plain.trim())
      ctx.error('systemd', 'could not read the output of systemctl list-units');
    return units;
  }
}

type MakeOrigin = (collector: string, locator: string) => Observation['origin'];

async function* collectProcesses(ctx: ReadContext, procRoot: string, host: string, origin: MakeOrigin) {
  let entries: string[];
  try {
    entries = (await readdir(procRoot)).filter((e) => /^\d+$/.test(e));
  } catch (cause) {
    ctx.error('proc', `cannot list processes: ${(cause as Error).message}`);
    return;
  }
  const seen = new Map<string, Observation>();
  for (const pid of entries) {
    const comm = (await readFile(join(procRoot, pid, 'comm'), 'utf8').catch(() => '')).trim();
    if (!comm) continue; // the process ended while we looked
    // Another user's executable is unreadable without root; the name still identifies it.
    const exe = await readlink(join(procRoot, pid, 'exe')).catch(() => undefined);
    // Kernel threads have neither an executable nor a command line: not software anyone installed.
    if (!exe && !(await readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => ''))) continue;
    const key = `${comm}\0${exe ?? ''}`;
    const known = seen.get(key);
    if (known) {
      known.attributes!['pids'] += `,${pid}`;
      continue;
    }
    const obs: Observation = {
      kind: 'process',
      name: comm,
      host,
      ids: [{ kind: 'process', value: comm }],
      attributes: { pids: pid },
      origin: origin('proc', `proc/${pid}`),
    };
    if (exe) obs.path = exe.replace(/ \(deleted\)$/, '');
    seen.set(key, obs);
  }
  for (const obs of seen.values()) {
    ctx.record();
    yield obs;
  }
}

async function* collectOpt(ctx: ReadContext, optRoot: string, host: string, origin: MakeOrigin) {
  let names: string[];
  try {
    names = (await readdir(optRoot, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT')
      ctx.error(optRoot, `cannot list: ${(cause as Error).message}`);
    return;
  }
  for (const name of names.sort()) {
    ctx.record();
    const path = join(optRoot, name);
    yield { kind: 'file', name, path, host, origin: origin('opt', path) } satisfies Observation;
  }
}

function reportFailure(ctx: ReadContext, what: string, file: string, cause: unknown): void {
  const error = cause as NodeJS.ErrnoException & { stderr?: string };
  if (error.name === 'AbortError') throw cause;
  const stderr = (error.stderr ?? '').trim().split('\n')[0];
  // Not installed, or no systemd in this container: nothing to read there, which is not a failure.
  if (error.code === 'ENOENT' || /not been booted with systemd/.test(stderr ?? '')) {
    ctx.note?.(what, `${file} is not available on this host (${stderr || 'not installed'}); skipped`);
    return;
  }
  ctx.error(what, `${file} failed: ${stderr || error.message}`);
}
