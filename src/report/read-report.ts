import { REPORT_SCHEMA } from '../core/report.js';
import type { Report } from '../core/report.js';
import { reportSchema } from './report-schema.js';

// Apart from the JSON reporter, so that writing a report never loads zod and its schema.

/** A saved report that could not be read: where (line and column, or JSON Pointer) and why. */
export class ReportReadError extends Error {
  override name = 'ReportReadError';
  constructor(
    readonly source: string,
    readonly locator: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`${source}${locator ? ` ${locator}` : ''}: ${problems.join('; ')}`, options);
  }
}

function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function locateSyntaxError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return `line ${lineCol[1]} column ${lineCol[2]}`;
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line} column ${column}`;
}

/**
 * Parses and validates a saved JSON report so it can be rendered again in any format.
 * Throws ReportReadError naming the source and the place (line/column or JSON Pointer).
 * @example const report = readReport(await readFile('scan.json', 'utf8'), 'scan.json');
 */
export function readReport(text: string, source: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ReportReadError(source, locateSyntaxError(text, error), [`not valid JSON: ${message}`], {
      cause: error,
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ReportReadError(source, '', ['not an interdict report: expected a JSON object']);
  }
  const schema = (data as { schema?: unknown }).schema;
  if (schema !== REPORT_SCHEMA) {
    const known = typeof schema === 'string' && schema.startsWith('interdict/report@');
    throw new ReportReadError(source, '/schema', [
      known
        ? `unsupported report version ${schema}; this interdict reads ${REPORT_SCHEMA}`
        : `not an interdict report: "schema" must be "${REPORT_SCHEMA}"`,
    ]);
  }
  const parsed = reportSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const problems = issues.slice(0, 5).map((i) => `${toPointer(i.path) || '/'}: ${i.message}`);
  if (issues.length > 5) problems.push(`and ${issues.length - 5} more`);
  throw new ReportReadError(source, first ? toPointer(first.path) : '', problems, { cause: parsed.error });
}
