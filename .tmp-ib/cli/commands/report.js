import { Option } from 'commander';
import { SEVERITIES } from '../../core/status.js';
const collect = (value, previous) => [...previous, value];
export function register(program, io, done) {
    program
        .command('report')
        .description('re-render a saved JSON report (from scan -f json) into other formats')
        .argument('<file>', "a saved interdict JSON report, or '-' for stdin")
        .option('-f, --format <name>', 'output format on stdout', 'table')
        .option('-o, --output <[format=]file>', 'also write to a file (repeatable)', collect, [])
        .addOption(new Option('--fail-on <severity>', 'exit code threshold, as for scan')
        .choices([...SEVERITIES, 'never'])
        .default('high'))
        .action(async (file, flags) => {
        const { readFile } = await import('node:fs/promises');
        const { createWriteStream } = await import('node:fs');
        const { text } = await import('node:stream/consumers');
        const { readReport } = await import('../../report/json.js');
        const { computeExitCode } = await import('../../report/exit-code.js');
        const { writeReports } = await import('../write-reports.js');
        const { UsageError } = await import('../io.js');
        let raw;
        try {
            raw = file === '-' ? await text(io.stdin) : await readFile(file, 'utf8');
        }
        catch (error) {
            throw new UsageError(`cannot read ${file}: ${error.message}`);
        }
        const report = readReport(raw, file);
        const failOn = flags.failOn;
        await writeReports(report, {
            stdoutFormat: flags.format,
            outputs: flags.output,
            stdout: io.stdout,
            openFile: (path) => createWriteStream(path),
            failOn,
        });
        done(computeExitCode(report, failOn));
    });
}
