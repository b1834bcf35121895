import { REPORTER_NAMES } from '../../report/registry.js';
import { Option, type Command } from 'commander';
import { SEVERITIES } from '../../core/status.js';
import type { CliIO } from '../io.js';

interface ReportFlags {
  format: string;
  output: string[];
  failOn: string;
  wide?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('report')
    .description('re-render a saved JSON report (from scan -f json) into other formats')
    .argument('<file>', "a saved interdict JSON report, or '-' for stdin")
    .option('-f, --format <name>', `output format on stdout: ${REPORTER_NAMES.join(', ')}`, 'table')
    .option('-o, --output <[format=]file>', 'also write to a file (repeatable)', collect, [])
    .option(
      '--wide',
      'table: every column at full width, whatever the terminal (default: fit the terminal, or 120 columns when piped)',
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit code threshold, as for scan')
        .choices([...SEVERITIES, 'never'])
        .default('high'),
    )
    .action(async (file: string, flags: ReportFlags) => {
      const { readFile } = await import('node:fs/promises');
      const { createWriteStream } = await import('node:fs');
      const { text } = await import('node:stream/consumers');
      const { readReport } = await import('../../report/read-report.js');
      const { computeExitCode } = await import('../../report/exit-code.js');
      const { writeReports } = await import('../write-reports.js');
      const { UsageError } = await import('../io.js');
      let raw: string;
      try {
        raw = file === '-' ? await text(io.stdin) : await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const report = readReport(raw, file);
      const failOn = flags.failOn as (typeof SEVERITIES)[number] | 'never';
      await writeReports(report, {
        stdoutFormat: flags.format,
        outputs: flags.output,
        stdout: io.stdout,
        env: io.env,
        wide: flags.wide === true,
        openFile: (path) => createWriteStream(path),
        failOn,
      });
      done(computeExitCode(report, failOn));
    });
}
