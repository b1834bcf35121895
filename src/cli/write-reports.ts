import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Report } from '../core/report.js';
import { getReporter, parseOutputSpecs } from '../report/registry.js';

interface Options {
  /** Format for stdout; undefined writes nothing there. */
  stdoutFormat?: string;
  /** `-o` values: FILE or FORMAT=FILE. */
  outputs: string[];
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  openFile(path: string): Writable;
}

/** Renders one report to stdout and to every `-o` file, each from the same JSON model. */
export async function writeReports(report: Report, options: Options): Promise<void> {
  const specs = parseOutputSpecs(options.outputs, 'json');
  if (options.stdoutFormat) {
    const reporter = await getReporter(options.stdoutFormat);
    await reporter.render(report, {
      write: (s) => void options.stdout.write(s),
      isTTY: options.stdout.isTTY === true,
      columns: options.stdout.columns,
    });
  }
  for (const spec of specs) {
    const reporter = await getReporter(spec.format);
    const file = options.openFile(spec.path);
    await reporter.render(report, { write: (s) => void file.write(s), isTTY: false });
    file.end();
    await once(file, 'finish');
  }
}
