import { once } from 'node:events';
import { isReporterName, loadReporter, parseOutputSpecs, REPORTER_NAMES } from '../report/registry.js';
import { UsageError } from './io.js';
function checkFormat(name) {
    if (!isReporterName(name))
        throw new UsageError(`unknown format "${name}"`, `use one of: ${REPORTER_NAMES.join(', ')}`);
    return name;
}
/** Renders one report to stdout and to every `-o` file, each from the same JSON model. */
export async function writeReports(report, options) {
    let specs;
    try {
        specs = parseOutputSpecs(options.outputs, 'json');
    }
    catch (error) {
        throw new UsageError(error.message);
    }
    const reporterOptions = { failOn: options.failOn };
    if (options.stdoutFormat) {
        const reporter = await loadReporter(checkFormat(options.stdoutFormat), reporterOptions);
        await reporter.render(report, {
            write: (s) => void options.stdout.write(s),
            isTTY: options.stdout.isTTY === true,
            columns: options.stdout.columns,
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
