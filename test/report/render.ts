import type { Report } from '../../src/core/report.js';
import { loadReporter } from '../../src/report/registry.js';
import type { ReporterName, ReporterOptions } from '../../src/report/registry.js';
import type { Sink } from '../../src/report/types.js';

/** Renders through the registry into a string, the way the CLI will. */
export async function render(
  name: ReporterName,
  report: Report,
  sink: Omit<Sink, 'write'> = {},
  options: ReporterOptions = {},
): Promise<string> {
  const reporter = await loadReporter(name, options);
  let out = '';
  await reporter.render(report, { ...sink, write: (chunk) => void (out += chunk) });
  return out;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;
// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
