/**
 * Every output format by name. Each loads its module only when asked for, so `--format json`
 * never parses the html reporter.
 */
const REPORTERS = {
    table: async () => (await import('./table.js')).tableReporter,
    json: async () => (await import('./json.js')).jsonReporter,
    csv: async () => (await import('./csv.js')).csvReporter,
    sarif: async (options) => (await import('./sarif.js')).createSarifReporter(options),
    markdown: async () => (await import('./markdown.js')).markdownReporter,
    html: async () => (await import('./html.js')).htmlReporter,
};
export const REPORTER_NAMES = Object.keys(REPORTERS);
export function isReporterName(name) {
    return Object.hasOwn(REPORTERS, name);
}
/**
 * Loads one reporter.
 * @example const reporter = await loadReporter('sarif', { failOn: 'high' });
 */
export async function loadReporter(name, options = {}) {
    return REPORTERS[name](options);
}
// Longest suffix first: "x.sarif.json" is SARIF, not JSON.
const EXTENSIONS = [
    ['.sarif.json', 'sarif'],
    ['.sarif', 'sarif'],
    ['.json', 'json'],
    ['.csv', 'csv'],
    ['.md', 'markdown'],
    ['.markdown', 'markdown'],
    ['.html', 'html'],
    ['.htm', 'html'],
    ['.txt', 'table'],
];
/** The format a file name implies, if any. */
export function inferFormat(path) {
    const lower = path.toLowerCase();
    return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}
export class OutputSpecError extends Error {
    spec;
    name = 'OutputSpecError';
    constructor(message, spec) {
        super(message);
        this.spec = spec;
    }
}
const NAME_PREFIX = /^([A-Za-z][A-Za-z0-9-]*)=(.*)$/s;
function parseOne(spec, defaultFormat) {
    const named = NAME_PREFIX.exec(spec);
    if (named) {
        const [, name, path] = named;
        const format = name.toLowerCase();
        if (!isReporterName(format)) {
            throw new OutputSpecError(`unknown output format "${name}" in -o ${spec}; known formats: ${REPORTER_NAMES.join(', ')}` +
                ` (for a file whose name contains "=", write ./${spec})`, spec);
        }
        if (path === '')
            throw new OutputSpecError(`-o ${spec}: missing file name after "${name}="`, spec);
        return { format, path };
    }
    if (spec === '')
        throw new OutputSpecError('-o needs a file name, NAME=FILE, or "-" for standard output', spec);
    return { format: inferFormat(spec) ?? defaultFormat, path: spec };
}
/**
 * Parses the `-o` values of one run. A bare file name takes its format from its extension
 * (.sarif, .json, .csv, .md, .html, .txt), otherwise `defaultFormat`; `NAME=FILE` names it.
 * @example parseOutputSpecs(['out.sarif', 'html=report.html'], 'table')
 * // → [{ format: 'sarif', path: 'out.sarif' }, { format: 'html', path: 'report.html' }]
 */
export function parseOutputSpecs(specs, defaultFormat) {
    const outputs = specs.map((spec) => parseOne(spec, defaultFormat));
    const seen = new Map();
    outputs.forEach((output, i) => {
        const spec = specs[i];
        const earlier = seen.get(output.path);
        if (earlier !== undefined) {
            const where = output.path === '-' ? 'standard output' : output.path;
            throw new OutputSpecError(`-o ${earlier} and -o ${spec} both write to ${where}`, spec);
        }
        seen.set(output.path, spec);
    });
    return outputs;
}
