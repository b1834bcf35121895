import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Identifier, Observation } from '../../core/observation.js';
import { launchctlList, pkgutilPkgs } from '../formats/macos-lists.js';
import { systemProfilerApps } from '../formats/system-profiler-apps.js';
import type { Collector, ReadContext } from '../types.js';
import {
  classifyFailure,
  createCommandRunner,
  readCommandOutput,
  type MakeOrigin,
  type RunCommand,
} from './command-output.js';
import {
  isReverseDns,
  parseBundleInfo,
  parseLaunchdPlist,
  parseLoadedKexts,
  parseSystemExtensions,
  type UnreadLine,
} from './macos-parse.js';

export interface MacosCollectorOptions {
  run?: RunCommand;
  /** Prefix of every absolute path read from disk (tests point it at a fixture tree). */
  root?: string;
  /** launchd job folders; default /Library/LaunchDaemons and /Library/LaunchAgents. */
  launchdDirs?: readonly string[];
  host?: string;
}

const ID = 'macos';
const LAUNCHD_DIRS = ['/Library/LaunchDaemons', '/Library/LaunchAgents'] as const;

/** Three minutes: system_profiler walks every app bundle on the disk. */
const runMacosCommand = createCommandRunner(180_000);

/**
 * The live macOS host: apps (system_profiler, bundle ids from Info.plist), installer receipts
 * (pkgutil), launchd jobs (launchctl and the plists of /Library), system extensions
 * (systemextensionsctl) and loaded kernel extensions (kmutil, else kextstat). A command that
 * is missing is a note; one that fails is an error located by the command line.
 * @example for await (const obs of createMacosCollector().collect(ctx)) console.log(obs.name);
 */
export function createMacosCollector(options: MacosCollectorOptions = {}): Collector {
  const run = options.run ?? runMacosCommand;
  const root = options.root ?? '';
  const launchdDirs = options.launchdDirs ?? LAUNCHD_DIRS;
  return {
    id: ID,
    description: 'this Mac: apps and bundle ids, pkg receipts, launchd jobs, system and kernel extensions',
    platforms: ['darwin'],
    async *collect(ctx: ReadContext): AsyncGenerator<Observation> {
      const host = options.host ?? ctx.host ?? hostname();
      const origin: MakeOrigin = (collector, locator) => ({ source: host, format: ID, locator, collector });
      /** Runs a command; undefined (after a note or an error) when it gave nothing. */
      const attempt = async (file: string, args: string[]): Promise<string | undefined> => {
        try {
          return (await run(file, args, ctx.signal)).stdout;
        } catch (cause) {
          const failure = classifyFailure(file, cause);
          const locator = [file, ...args].join(' ');
          if (failure.missing) ctx.note?.(locator, `${failure.message}; skipped`);
          else ctx.error(locator, failure.message);
          return undefined;
        }
      };
      const unreadable = (command: string, unread: UnreadLine[]) => {
        for (const u of unread) {
          ctx.record();
          ctx.error(`${command} line ${u.line}`, `unexpected line: ${u.text.slice(0, 120)}`);
        }
      };

      const apps = await attempt('system_profiler', ['SPApplicationsDataType', '-json']);
      if (apps !== undefined) {
        const read = readCommandOutput(
          systemProfilerApps,
          'apps',
          'system_profiler',
          apps,
          ctx,
          origin,
          host,
        );
        for await (const app of read) yield await addBundleInfo(app, root, ctx);
      }

      const pkgs = await attempt('pkgutil', ['--pkgs']);
      if (pkgs !== undefined)
        yield* readCommandOutput(pkgutilPkgs, 'pkgutil', 'pkgutil', pkgs, ctx, origin, host);

      const jobs = await attempt('launchctl', ['list']);
      if (jobs !== undefined)
        yield* readCommandOutput(launchctlList, 'launchctl', 'launchctl', jobs, ctx, origin, host);
      for (const dir of launchdDirs) yield* readLaunchdDir(dir, root, ctx, host, origin);

      const sysext = await attempt('systemextensionsctl', ['list']);
      if (sysext !== undefined) {
        const { rows, unread } = parseSystemExtensions(sysext);
        unreadable('systemextensionsctl', unread);
        for (const row of rows) {
          ctx.record();
          const ids: Identifier[] = [{ kind: 'bundle-id', value: row.bundleId }];
          // The team id is the signer: the one thing a renamed white-label extension keeps.
          if (row.teamId) ids.push({ kind: 'signer', value: row.teamId });
          const obs: Observation = {
            kind: 'extension',
            name: row.name ?? row.bundleId,
            host,
            ids,
            attributes: {
              type: 'system-extension',
              category: row.category,
              enabled: String(row.enabled),
              active: String(row.active),
              ...(row.teamId ? { teamId: row.teamId } : {}),
              ...(row.state ? { state: row.state } : {}),
            },
            origin: origin('systemextensionsctl', `systemextensionsctl line ${row.line}`),
          };
          if (row.version) obs.version = row.version;
          yield obs;
        }
      }

      yield* collectKexts(run, ctx, host, origin, unreadable);
    },
  };
}

export const macosCollector: Collector = createMacosCollector();

/** Adds the bundle id (and version) from the app's Info.plist when system_profiler did not give it. */
async function addBundleInfo(app: Observation, root: string, ctx: ReadContext): Promise<Observation> {
  if (!app.path || app.ids?.some((i) => i.kind === 'bundle-id')) return app;
  const plist = join(app.path, 'Contents', 'Info.plist');
  let bytes: Buffer;
  try {
    bytes = await readFile(root + plist);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    // A bundle without an Info.plist (some wrappers, a deleted app) simply has no bundle id.
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      ctx.error(
        plist,
        `cannot read: ${(cause as Error).message} (grant Full Disk Access for complete coverage)`,
      );
    return app;
  }
  try {
    const info = parseBundleInfo(bytes);
    if (!info.bundleId) return app;
    const out: Observation = {
      ...app,
      ids: [...(app.ids ?? []), { kind: 'bundle-id', value: info.bundleId }],
    };
    if (!out.version && info.version) out.version = info.version;
    return out;
  } catch (cause) {
    ctx.error(plist, `not a property list: ${(cause as Error).message}`);
    return app;
  }
}

async function* readLaunchdDir(
  dir: string,
  root: string,
  ctx: ReadContext,
  host: string,
  origin: MakeOrigin,
): AsyncGenerator<Observation> {
  let names: string[];
  try {
    names = (await readdir(root + dir)).filter((n) => n.endsWith('.plist')).sort();
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') ctx.note?.(dir, 'folder does not exist on this host; skipped');
    else ctx.error(dir, `cannot list: ${(cause as Error).message}`);
    return;
  }
  const domain = dir.endsWith('LaunchAgents') ? 'agent' : 'daemon';
  for (const name of names) {
    const path = `${dir}/${name}`;
    ctx.record();
    let job;
    try {
      job = parseLaunchdPlist(await readFile(root + path));
    } catch (cause) {
      ctx.error(path, `cannot read the launchd job: ${(cause as Error).message}`);
      continue;
    }
    const label = job.label ?? name.replace(/\.plist$/, '');
    const ids: Identifier[] = [{ kind: 'service', value: label }];
    if (isReverseDns(label)) ids.push({ kind: 'bundle-id', value: label });
    const obs: Observation = {
      kind: 'service',
      name: label,
      host,
      ids,
      attributes: { plist: path, launchd: domain, ...(job.disabled ? { disabled: 'true' } : {}) },
      origin: origin('launchd', path),
    };
    if (job.program) obs.path = job.program;
    yield obs;
  }
}

async function* collectKexts(
  run: RunCommand,
  ctx: ReadContext,
  host: string,
  origin: MakeOrigin,
  unreadable: (command: string, unread: UnreadLine[]) => void,
): AsyncGenerator<Observation> {
  // kmutil replaced kextstat in macOS 11; older systems have only kextstat.
  const commands: [string, string[]][] = [
    ['kmutil', ['showloaded', '--list-only']],
    ['kextstat', []],
  ];
  for (const [file, args] of commands) {
    const command = [file, ...args].join(' ');
    let stdout: string;
    try {
      stdout = (await run(file, args, ctx.signal)).stdout;
    } catch (cause) {
      const failure = classifyFailure(file, cause);
      if (failure.missing) {
        ctx.note?.(command, `${failure.message}; skipped`);
        continue;
      }
      ctx.error(command, failure.message);
      return;
    }
    const { rows, unread } = parseLoadedKexts(stdout);
    unreadable(file, unread);
    for (const row of rows) {
      ctx.record();
      const obs: Observation = {
        kind: 'kernel-extension',
        name: row.bundleId,
        host,
        ids: [{ kind: 'bundle-id', value: row.bundleId }],
        origin: origin(file, `${file} line ${row.line}`),
      };
      if (row.version) obs.version = row.version;
      if (row.uuid) obs.attributes = { uuid: row.uuid };
      yield obs;
    }
    return;
  }
}
