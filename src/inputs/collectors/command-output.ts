import { execFile } from 'node:child_process';
import type { Observation } from '../../core/observation.js';
import { createBufferSource } from '../source.js';
import type { InputFormat, ReadContext } from '../types.js';
import type { RunCommand } from './linux.js';

export type { RunCommand } from './linux.js';

/**
 * A command runner with its own timeout: `system_profiler` on a Mac with many apps and
 * PowerShell's CIM queries can take well over the minute the Linux collector allows.
 */
export function createCommandRunner(timeoutMs: number): RunCommand {
  return (file, args, signal) =>
    new Promise((resolve, reject) => {
      execFile(
        file,
        args,
        {
          maxBuffer: 64 * 1024 * 1024,
          timeout: timeoutMs,
          signal,
          windowsHide: true,
          env: { ...process.env, LC_ALL: 'C.UTF-8' },
        },
        (error, stdout, stderr) => {
          if (error) reject(Object.assign(error, { stderr: String(stderr) }));
          else resolve({ stdout: String(stdout) });
        },
      );
    });
}

/** Why a command gave nothing: not on this host (a note), or it ran and failed (an error). */
export interface CommandFailure {
  missing: boolean;
  message: string;
}

/** Classifies a rejected RunCommand; rethrows an abort so that a cancelled scan stops. */
export function classifyFailure(file: string, cause: unknown): CommandFailure {
  const error = cause as NodeJS.ErrnoException & { stderr?: string; killed?: boolean; signal?: string };
  if (error.name === 'AbortError') throw cause;
  const stderr = (error.stderr ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  if (error.code === 'ENOENT') return { missing: true, message: `${file} is not available on this host` };
  if (error.killed && error.signal === 'SIGTERM')
    return { missing: false, message: `${file} timed out${stderr ? `: ${stderr}` : ''}` };
  return { missing: false, message: `${file} failed: ${stderr || error.message}` };
}

/** Locates an observation on a live host: the command (or file) that showed it. */
export type MakeOrigin = (collector: string, locator: string) => Observation['origin'];

/**
 * Reads a command's output with the file format that already parses it (pkgutil, launchctl,
 * tasklist, driverquery, system_profiler), relocating origins and errors to the command.
 */
export async function* readCommandOutput(
  format: InputFormat,
  collector: string,
  command: string,
  stdout: string,
  ctx: ReadContext,
  origin: MakeOrigin,
  host: string,
): AsyncGenerator<Observation> {
  const inner: ReadContext = {
    ...ctx,
    host,
    error: (locator, message) => ctx.error(`${command} ${locator}`.trim(), message),
    note: (locator, message) => ctx.note?.(`${command} ${locator}`.trim(), message),
    // Command outputs are small inventories: every record is read, so each bad one is located.
    mayMatch: () => true,
  };
  for await (const obs of format.read(createBufferSource(command, stdout), inner)) {
    yield { ...obs, origin: origin(collector, `${command} ${obs.origin.locator}`) };
  }
}
