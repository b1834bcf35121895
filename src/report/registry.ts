import type { Severity } from '../core/status.js';
import type { Reporter } from './types.js';

/** Options some reporters use; every reporter accepts them. */
export interface ReporterOptions {
  /** The `--fail-on` threshold, so SARIF can record the exit code; default `high`. */
  failOn?: Severity | 'never';
}

type ReporterLoader = (options: ReporterOptions) => Promise<Reporter>;

interface ReporterEntry {
  /** File name endings that imply this format for `-o FILE`; the first is its usual one. */
  extensions: readonly string[];
  load: ReporterLoader;
}

/**
 * Every output format by name, the one list the CLI's help, `-o` inference and the tests read.
 * Each loads its module only when asked for, so `--format json` never parses the html reporter.
 */
const REPORTERS = {
  table: { extensions: ['.txt'], load: async () => (await import('./table.js')).tableReporter },
  json: { extensions: ['.json'], load: async () => (await import('./json.js')).jsonReporter },
  csv: { extensions: ['.csv'], load: async () => (await import('./csv.js')).csvReporter },
  sarif: {
    extensions: ['.sarif', '.sarif.json'],
    load: async (options) => (await import('./sarif.js')).createSarifReporter(options),
  },
  markdown: {
    extensions: ['.md', '.markdown'],
    load: async () => (await import('./markdown.js')).markdownReporter,
  },
  html: { extensions: ['.html', '.htm'], load: async () => (await import('./html.js')).htmlReporter },
  cyclonedx: {
    extensions: ['.cdx.json'],
    load: async () => (await import('./cyclonedx.js')).cyclonedxReporter,
  },
} satisfies Record<string, ReporterEntry>;

/** The values `-f/--format` accepts. */
export type ReporterName = keyof typeof REPORTERS;
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/**
 * Loads one reporter.
 * @example const reporter = await loadReporter('sarif', { failOn: 'high' });
 */
export async function loadReporter(name: ReporterName, options: ReporterOptions = {}): Promise<Reporter> {
  return REPORTERS[name].load(options);
}

// Longest suffix first: "x.sarif.json" is SARIF, not JSON.
const EXTENSIONS: [string, ReporterName][] = REPORTER_NAMES.flatMap((name) =>
  REPORTERS[name].extensions.map((ext): [string, ReporterName] => [ext, name]),
).sort((a, b) => b[0].length - a[0].length);

/** The usual file name ending of a format, e.g. `.sarif`. */
export function extensionOf(name: ReporterName): string {
  return REPORTERS[name].extensions[0]!;
}

/** The format a file name implies, if any. */
export function inferFormat(path: string): ReporterName | undefined {
  const lower = path.toLowerCase();
  return EXTENSIONS.find(([ext]) => lower.endsWith(ext))?.[1];
}

export interface OutputSpec {
  format: ReporterName;
  /** A file path, or "-" for standard output. */
  path: string;
}

export class OutputSpecError extends Error {
  override name = 'OutputSpecError';
  constructor(
    message: string,
    readonly spec: string,
  ) {
    super(message);
  }
}

const NAME_PREFIX = /^([A-Za-z][A-Za-z0-9-]*)=(.*)$/s;

function parseOne(spec: string, defaultFormat: ReporterName): OutputSpec {
  const named = NAME_PREFIX.exec(spec);
  if (named) {
    const [, name, path] = named as unknown as [string, string, string];
    const format = name.toLowerCase();
    if (!isReporterName(format)) {
      throw new OutputSpecError(
        `unknown output format "${name}" in -o ${spec}; known formats: ${REPORTER_NAMES.join(', ')}` +
          ` (for a file whose name contains "=", write ./${spec})`,
        spec,
      );
    }
    if (path === '') throw new OutputSpecError(`-o ${spec}: missing file name after "${name}="`, spec);
    return { format, path };
  }
  if (spec === '')
    throw new OutputSpecError('-o needs a file name, NAME=FILE, or "-" for standard output', spec);
  return { format: inferFormat(spec) ?? defaultFormat, path: spec };
}

/**
 * Parses the `-o` values of one run. A bare file name takes its format from its extension
 * (.sarif, .cdx.json, .json, .csv, .md, .html, .txt), otherwise `defaultFormat`; `NAME=FILE` names it.
 * @example parseOutputSpecs(['out.sarif', 'html=report.html'], 'table')
 * // → [{ format: 'sarif', path: 'out.sarif' }, { format: 'html', path: 'report.html' }]
 */
export function parseOutputSpecs(specs: readonly string[], defaultFormat: ReporterName): OutputSpec[] {
  const outputs = specs.map((spec) => parseOne(spec, defaultFormat));
  const seen = new Map<string, string>();
  outputs.forEach((output, i) => {
    const spec = specs[i] as string;
    const earlier = seen.get(output.path);
    if (earlier !== undefined) {
      const where = output.path === '-' ? 'standard output' : output.path;
      throw new OutputSpecError(`-o ${earlier} and -o ${spec} both write to ${where}`, spec);
    }
    seen.set(output.path, spec);
  });
  return outputs;
}
