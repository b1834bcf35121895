import type { Observation } from '../../core/observation.js';
import { splitJsonArray } from '../json-array.js';
import { openText } from '../source.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import {
  detectOsqueryTable,
  findTableByColumns,
  mapOsqueryRow,
  OSQUERY_TABLES,
  type OsqueryRow,
} from './osquery-tables.js';

const ID = 'osquery-json';

/**
 * `osqueryi --json "select * from programs"`: a JSON array of flat objects with string values.
 * The array is split element by element (memory bounded by one row), so a multi-GB export of
 * a fleet is read without ever holding the document.
 */
export const osqueryJson: InputFormat = {
  id: ID,
  description: `osquery JSON query output (tables: ${OSQUERY_TABLES.join(', ')})`,
  producedBy: 'osqueryi --json "select * from programs" > programs.json',
  fileNames: [/osquery.*\.json$/i],
  detect: detectOsqueryJson,
  read: readOsqueryJson,
};

function detectOsqueryJson(sample: Sample) {
  const text = sample.text.trimStart();
  if (!text.startsWith('[')) return undefined;
  if (/^\[\s*\]\s*$/.test(text)) return { id: ID, confidence: 0.2 };
  const columns = readFirstRowColumns(text);
  if (!columns) return undefined;
  // All of a table's characteristic columns, not just a fitting subset: other JSON arrays have names too.
  return { id: ID, confidence: findTableByColumns(columns) ? 0.9 : 0.4 };
}

/** Column names of the first row, or undefined when the array does not start with a flat object. */
function readFirstRowColumns(text: string): string[] | undefined {
  const flat = /^\[\s*(\{[^{}[\]]*\})/.exec(text);
  if (flat) {
    try {
      const row = JSON.parse(flat[1]!) as Record<string, unknown>;
      const values = Object.values(row);
      if (values.length === 0 || values.some((v) => v !== null && typeof v === 'object')) return undefined;
      return Object.keys(row);
    } catch {
      // A brace inside a string value (a cmdline): fall back to the keys.
    }
  }
  if (!/^\[\s*\{\s*"/.test(text)) return undefined;
  const head = text.slice(0, 4096);
  const keys = [...head.matchAll(/[{,]\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*"/g)].map((m) => m[1]!);
  return keys.length ? keys : undefined;
}

async function* readOsqueryJson(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const tables = new Map<string, string | undefined>();
  for await (const item of splitJsonArray(openText(source, ctx))) {
    ctx.signal?.throwIfAborted();
    const locator = `/${item.index}`;
    if ('problem' in item) {
      ctx.error(locator, `${item.problem} (line ${item.line})`);
      continue;
    }
    ctx.record();
    if (!ctx.mayMatch(item.text)) continue;
    let row: unknown;
    try {
      row = JSON.parse(item.text);
    } catch (cause) {
      ctx.error(locator, `invalid JSON at line ${item.line}: ${(cause as Error).message}`);
      continue;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      ctx.error(locator, 'expected an object (one osquery row)');
      continue;
    }
    const columns = Object.keys(row);
    const signature = columns.join(',');
    if (!tables.has(signature)) tables.set(signature, detectOsqueryTable(columns));
    const mapped = mapOsqueryRow(tables.get(signature), row as OsqueryRow);
    if (!mapped.name && !mapped.path && !mapped.ids) {
      ctx.error(locator, `row has no name, path or identifier (columns: ${columns.slice(0, 8).join(', ')})`);
      continue;
    }
    const host = mapped.host ?? ctx.host;
    yield { ...mapped, ...(host ? { host } : {}), origin: { source: source.name, format: ID, locator } };
  }
}
