import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Report } from '../core/report.js';
import type { Severity } from '../core/status.js';
import { isReporterName, loadReporter, parseOutputSpecs, REPORTER_NAMES } from '../report/registry.js';
import { UsageError } from './io.js';

interface Options {
  /** Format for stdout; undefined writes nothing there. */
  stdoutFormat?: string;
  /** `-o` values: FILE or FORMAT=FILE. */
  outputs: string[];
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  openFile(path: string): Writable;
  env: NodeJS.ProcessEnv;
  /** Table at full width instead of fitted to the terminal. */
  wide?: boolean;
  failOn?: Severity | 'never';
}

function checkFormat(name: string) {
  if (!isReporterName(name))
    throw new UsageError(`unknown format "${name}"`, `use one of: ${REPORTER_NAMES.join(', ')}`);
  return name;
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; so does a dumb terminal. */
function wantsColor(env: NodeJS.ProcessEnv): boolean {
  return !env.NO_COLOR && env.TERM !== 'dumb';
}

/** The terminal's width; piped, $COLUMNS or 120, so a file or a pager reads like a wide terminal. */
function tableWidth(stdout: Options['stdout'], env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.COLUMNS);
  if (stdout.isTTY && stdout.columns) return stdout.columns;
  return Number.isInteger(fromEnv) && fromEnv >= 40 ? fromEnv : 120;
}

/** Renders one report to stdout and to every `-o` file, each from the same JSON model. */
export async function writeReports(report: Report, options: Options): Promise<void> {
  let specs;
  try {
    specs = parseOutputSpecs(options.outputs, 'json');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const reporterOptions = { failOn: options.failOn };
  if (options.stdoutFormat) {
    const reporter = await loadReporter(checkFormat(options.stdoutFormat), reporterOptions);
    await reporter.render(report, {
      write: (s) => void options.stdout.write(s),
      isTTY: options.stdout.isTTY === true,
      color: options.stdout.isTTY === true && wantsColor(options.env),
      columns: options.wide ? undefined : tableWidth(options.stdout, options.env),
    });
  }
  for (const spec of specs) {
    const reporter = await loadReporter(spec.format, reporterOptions);
    if (spec.path === '-') {
      await reporter.render(report, { write: (s) => void options.stdout.write(s), isTTY: false });
      continue;
    }
    const file = options.openFile(spec.path);
    await reporter.render(report, { write: (s) => void file.write(s), isTTY: false });
    file.end();
    await once(file, 'finish');
  }
}
