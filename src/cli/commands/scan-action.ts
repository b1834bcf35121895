import { createWriteStream } from 'node:fs';
import { isAtOrAbove, type Profile, type Severity } from '../../core/status.js';
import type { Report } from '../../core/report.js';
import { isIsoDate } from '../../policy/dates.js';
import { WaiverFileError } from '../../policy/waivers.js';
import { scan } from '../../scan.js';
import { parseCsvMap } from '../../inputs/formats/csv.js';
import { EXIT, UsageError, type CliIO } from '../io.js';
import { createProgress } from '../progress.js';
import { writeReports } from '../write-reports.js';
import type { ScanFlags } from './scan.js';

export async function runScan(targets: string[], flags: ScanFlags, io: CliIO): Promise<number> {
  if (flags.asOf !== undefined && !isIsoDate(flags.asOf)) {
    throw new UsageError(`--as-of "${flags.asOf}" is not a date`, 'use YYYY-MM-DD, e.g. --as-of 2024-10-01');
  }
  const progress = createProgress(io.stderr, !flags.quiet);
  let report: Report;
  try {
    report = await scan({
      targets,
      includeHost: flags.host,
      asOf: flags.asOf,
      profile: flags.profile as Profile,
      waivers: flags.waivers,
      inputFormat: flags.inputFormat,
      csvMap: flags.csvMap ? parseCsvMap(flags.csvMap) : undefined,
      dataDir: flags.dataDir,
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
    openFile: (path) => createWriteStream(path),
  });
  return exitCodeOf(report, flags.failOn as Severity | 'never');
}

/** The design's contract: 1 beats 3, 3 beats 0, and 2 when nothing at all could be read. */
export function exitCodeOf(report: Report, failOn: Severity | 'never'): number {
  const readable = report.inputs.filter((i) => !i.failed);
  if (report.inputs.length > 0 && readable.length === 0) return EXIT.usage;
  if (failOn !== 'never' && report.findings.some((f) => isAtOrAbove(f.severity, failOn))) return EXIT.findings;
  if (report.errors.length > 0 || report.inputs.some((i) => i.failed)) return EXIT.partial;
  return EXIT.ok;
}
