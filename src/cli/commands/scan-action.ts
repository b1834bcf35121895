import { createWriteStream, existsSync } from 'node:fs';
import type { Profile, Severity } from '../../core/status.js';
import { computeExitCode } from '../../report/exit-code.js';
import type { Report } from '../../core/report.js';
import { isIsoDate } from '../../core/dates.js';
import { WaiverFileError } from '../../policy/waivers.js';
import { scan } from '../../scan.js';
import { parseCsvMap } from '../../inputs/formats/csv.js';
import { UsageError, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { writeReports } from '../write-reports.js';
import type { ScanFlags } from './scan.js';

/** The working directory's waivers file, the one other place the design allows waivers from. */
const DEFAULT_WAIVERS_FILE = 'interdict-waivers.yaml';

async function resolveWaiversFile(flag: string | false | undefined): Promise<string | undefined> {
  if (flag === false) return undefined;
  if (flag !== undefined) return flag;
  return existsSync(DEFAULT_WAIVERS_FILE) ? DEFAULT_WAIVERS_FILE : undefined;
}

export async function runScan(targets: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  if (flags.asOf !== undefined && !isIsoDate(flags.asOf)) {
    throw new UsageError(`--as-of "${flags.asOf}" is not a date`, 'use YYYY-MM-DD, e.g. --as-of 2024-10-01');
  }
  if (flags.maxDepth !== undefined && !/^\d+$/.test(flags.maxDepth)) {
    throw new UsageError(
      `--max-depth "${flags.maxDepth}" is not a whole number`,
      'e.g. --max-depth 3; 0 opens no archive',
    );
  }
  if (flags.workers !== undefined && !/^\d+$/.test(flags.workers)) {
    throw new UsageError(
      `--workers "${flags.workers}" is not a whole number`,
      'e.g. --workers 2; 0 uses none',
    );
  }
  const progress = createProgress(io.stderr, !flags.quiet);
  let report: Report;
  try {
    report = await scan({
      targets,
      includeHost: flags.host,
      asOf: flags.asOf,
      profile: flags.profile as Profile,
      waivers: await resolveWaiversFile(flags.waivers),
      inputFormat: flags.inputFormat,
      csvMap: flags.csvMap ? parseCsvMap(flags.csvMap) : undefined,
      dataDir: flags.dataDir,
      ...(flags.maxDepth !== undefined ? { artifactLimits: { maxDepth: Number(flags.maxDepth) } } : {}),
      ...(flags.workers !== undefined ? { workers: Number(flags.workers) } : {}),
      stdin: io.stdin,
      onProgress: progress.update,
    });
  } catch (error) {
    if (error instanceof WaiverFileError) throw new UsageError(error.message, 'see "Waivers" in the README');
    throw error;
  } finally {
    progress.done();
  }
  await writeReports(report, {
    stdoutFormat: flags.quiet && !flags.format ? undefined : (flags.format ?? 'table'),
    outputs: flags.output,
    stdout: io.stdout,
    env: io.env,
    wide: flags.wide === true,
    openFile: (path) => createWriteStream(path),
    failOn: flags.failOn as Severity | 'never',
  });
  return computeExitCode(report, flags.failOn as Severity | 'never');
}
