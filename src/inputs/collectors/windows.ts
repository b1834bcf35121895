import { hostname } from 'node:os';
import type { Observation } from '../../core/observation.js';
import { driverqueryCsv } from '../formats/driverquery-csv.js';
import { mapPowerShellObject, propertiesOf, type PowerShellShape } from '../formats/powershell-objects.js';
import { placeKey, toRegistryObservation } from '../formats/registry-values.js';
import { tasklistCsv } from '../formats/tasklist-csv.js';
import type { Collector, ReadContext } from '../types.js';
import {
  classifyFailure,
  createCommandRunner,
  readCommandOutput,
  type MakeOrigin,
  type RunCommand,
} from './command-output.js';
import { parseEnvelope, parseRegQuery, parseUserHives, type PowerShellEnvelope } from './windows-parse.js';
import { createSourceScript, toPowerShellArgs, type WindowsSource } from './windows-scripts.js';
import { attachSigners, readSignatures } from './windows-signers.js';

export interface WindowsCollectorOptions {
  run?: RunCommand;
  host?: string;
  /** At most this many distinct service and driver binaries have their signature read (default 300). */
  maxSignaturePaths?: number;
}

const ID = 'windows';
const POWERSHELL = 'powershell.exe';
const UNINSTALL_KEYS = [
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
  'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
];
const SHAPES: Record<Exclude<WindowsSource, 'signers'>, PowerShellShape> = {
  uninstall: 'uninstall-key',
  services: 'cim-service',
  drivers: 'cim-service',
  processes: 'process',
};

/** Two minutes per command: CIM queries and signature checks on a busy server are slow. */
const runWindowsCommand = createCommandRunner(120_000);

/**
 * The live Windows host through PowerShell: Uninstall keys (64-bit, WOW6432Node, every loaded
 * HKU hive), services and drivers (CIM), running processes, and the Authenticode signers of
 * service and driver binaries, attached to those observations. Without PowerShell it falls back
 * to `reg query`, `tasklist` and `driverquery`. Missing sources are notes, failures errors.
 * @example for await (const obs of createWindowsCollector().collect(ctx)) console.log(obs.name);
 */
export function createWindowsCollector(options: WindowsCollectorOptions = {}): Collector {
  const run = options.run ?? runWindowsCommand;
  return {
    id: ID,
    description:
      'this Windows host: Uninstall keys (incl. WOW6432Node, HKU), services, drivers, processes, signers',
    platforms: ['win32'],
    async *collect(ctx: ReadContext): AsyncGenerator<Observation> {
      const host = options.host ?? ctx.host ?? hostname();
      const origin: MakeOrigin = (collector, locator) => ({ source: host, format: ID, locator, collector });
      const fail = (locator: string, file: string, cause: unknown): boolean => {
        const failure = classifyFailure(file, cause);
        if (failure.missing) ctx.note?.(locator, `${failure.message}; skipped`);
        else ctx.error(locator, failure.message);
        return failure.missing;
      };
      let powershell = true;
      const script = async (source: WindowsSource, text: string): Promise<PowerShellEnvelope | undefined> => {
        if (!powershell) return undefined;
        const locator = `powershell ${source}`;
        let stdout: string;
        try {
          stdout = (await run(POWERSHELL, toPowerShellArgs(text), ctx.signal)).stdout;
        } catch (cause) {
          if (fail(locator, POWERSHELL, cause)) powershell = false;
          return undefined;
        }
        const envelope = parseEnvelope(stdout);
        if ('problem' in envelope) {
          ctx.error(`${locator} ${envelope.locator}`, envelope.problem);
          return undefined;
        }
        for (const e of envelope.errors) ctx.error(e.target ? `${locator} ${e.target}` : locator, e.message);
        return envelope;
      };
      const fromPowerShell = async (source: Exclude<WindowsSource, 'signers'>) => {
        const envelope = await script(source, createSourceScript(source));
        if (!envelope) return undefined;
        const out: Observation[] = [];
        for (const [i, item] of envelope.items.entries()) {
          ctx.record();
          const mapped = mapPowerShellObject(SHAPES[source], propertiesOf(item).get);
          if (!mapped) continue;
          if ('error' in mapped) ctx.error(`powershell ${source} /items/${i}`, mapped.error);
          else out.push({ ...mapped, host, origin: origin(source, `powershell ${source} /items/${i}`) });
        }
        return out;
      };
      const command = async (file: string, args: string[]): Promise<string | undefined> => {
        try {
          return (await run(file, args, ctx.signal)).stdout;
        } catch (cause) {
          const stderr = String((cause as { stderr?: string }).stderr ?? '');
          // A key this machine or user does not have (no 32-bit view, no per-user installs): nothing
          // is installed there, and nothing went unread.
          if (!/unable to find the specified registry key/i.test(stderr))
            fail([file, ...args].join(' '), file, cause);
          return undefined;
        }
      };
      const regKeys = async (key: string, collector: string): Promise<Observation[]> => {
        const stdout = await command('reg', ['query', key, '/s']);
        if (stdout === undefined) return [];
        const out: Observation[] = [];
        for (const k of parseRegQuery(stdout)) {
          const place = placeKey(k.path);
          if (!place) continue;
          ctx.record();
          const obs = toRegistryObservation(place, k.path, k.values);
          if (obs) out.push({ ...obs, host, origin: origin(collector, k.path) });
        }
        return out;
      };

      const programs =
        (await fromPowerShell('uninstall')) ?? (await collectUninstallWithReg(command, regKeys));
      let services = await fromPowerShell('services');
      let drivers = await fromPowerShell('drivers');
      if (!services || !drivers) {
        const fromReg = await regKeys('HKLM\\SYSTEM\\CurrentControlSet\\Services', 'services');
        services ??= fromReg.filter((o) => o.kind === 'service');
        if (!drivers) {
          const listed = await command('driverquery', ['/fo', 'csv', '/v']);
          drivers =
            listed === undefined
              ? fromReg.filter((o) => o.kind === 'driver')
              : await collectAll(
                  readCommandOutput(driverqueryCsv, 'drivers', 'driverquery', listed, ctx, origin, host),
                );
        }
      }
      let processes = await fromPowerShell('processes');
      if (!processes) {
        const listed = await command('tasklist', ['/v', '/fo', 'csv']);
        processes =
          listed === undefined
            ? []
            : await collectAll(
                readCommandOutput(tasklistCsv, 'processes', 'tasklist', listed, ctx, origin, host),
              );
      }
      const unnamed = processes.filter((p) => !p.path).length;
      if (powershell && unnamed > 0)
        ctx.note?.(
          'powershell processes',
          `the executable path of ${unnamed} processes could not be read; run as administrator for all`,
        );

      for (const driver of drivers) addDriverFileName(driver);
      if (powershell) {
        const signatures = await readSignatures([...services, ...drivers], {
          max: options.maxSignaturePaths ?? 300,
          ctx,
          run: (text) => script('signers', text),
        });
        attachSigners([...services, ...drivers, ...processes, ...programs], signatures);
      } else {
        ctx.note?.('signers', 'Authenticode signers need PowerShell (Get-AuthenticodeSignature); not read');
      }
      yield* programs;
      yield* services;
      yield* drivers;
      yield* processes;
    },
  };
}

export const windowsCollector: Collector = createWindowsCollector();

type Command = (file: string, args: string[]) => Promise<string | undefined>;

async function collectUninstallWithReg(
  command: Command,
  regKeys: (key: string, collector: string) => Promise<Observation[]>,
): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const key of UNINSTALL_KEYS) out.push(...(await regKeys(key, 'uninstall')));
  const users = await command('reg', ['query', 'HKU']);
  for (const hive of users === undefined ? [] : parseUserHives(users))
    out.push(
      ...(await regKeys(`${hive}\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall`, 'uninstall')),
    );
  return out;
}

async function collectAll(items: AsyncIterable<Observation>): Promise<Observation[]> {
  const out: Observation[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Catalogs name drivers by file (klif.sys); CIM and driverquery name them by service (klif). */
function addDriverFileName(driver: Observation): void {
  const file = driver.path?.split(/[\\/]/).pop();
  if (!file || !/\.sys$/i.test(file)) return;
  const ids = driver.ids ?? [];
  if (!ids.some((i) => i.kind === 'driver' && i.value.toLowerCase() === file.toLowerCase()))
    driver.ids = [...ids, { kind: 'driver', value: file }];
}
