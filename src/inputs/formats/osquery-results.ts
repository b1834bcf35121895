import type { Observation } from '../../core/observation.js';
import { readLines } from '../lines.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { detectOsqueryTable, mapOsqueryRow, type OsqueryRow } from './osquery-tables.js';

const ID = 'osquery-results';

/**
 * osqueryd's filesystem results log (`osqueryd.results.log`, or the same lines shipped by a log
 * forwarder): one JSON object per line, as an event (`columns` + `action`), a batch
 * (`diffResults`) or a snapshot (`snapshot`). Each line is one record. Lines are prefiltered
 * on raw bytes, so a log whose lines mostly cannot match is read near disk speed.
 */
export const osqueryResults: InputFormat = {
  id: ID,
  description: 'osqueryd results log (JSON lines: event, batch and snapshot formats)',
  producedBy: 'osqueryd --logger_plugin=filesystem → /var/log/osquery/osqueryd.results.log',
  fileNames: [/osqueryd?\.results\.log(\.\d+)?$/i, /results\.log$/i],
  detect: detectOsqueryResults,
  read: readOsqueryResults,
};

function detectOsqueryResults(sample: Sample) {
  const first = sample.text.trimStart().split('\n', 1)[0] ?? '';
  if (!first.startsWith('{')) return undefined;
  const hasName = /"name"\s*:\s*"/.test(first);
  const hasHost = /"hostIdentifier"\s*:/.test(first);
  const hasRows = /"(columns|diffResults|snapshot)"\s*:/.test(first);
  if (hasName && hasRows && (hasHost || /"unixTime"\s*:/.test(first))) return { id: ID, confidence: 0.95 };
  if (hasHost && hasRows) return { id: ID, confidence: 0.8 };
  return undefined;
}

interface ResultLine {
  name?: unknown;
  hostIdentifier?: unknown;
  decorations?: Record<string, unknown>;
  calendarTime?: unknown;
  unixTime?: unknown;
  action?: unknown;
  columns?: unknown;
  diffResults?: { added?: unknown; removed?: unknown };
  snapshot?: unknown;
}

async function* readOsqueryResults(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const tables = new Map<string, string | undefined>();
  for await (const { line, text } of readLines(source, ctx, { prefilter: true })) {
    ctx.record();
    const at = `line ${line}`;
    let entry: ResultLine;
    try {
      entry = JSON.parse(text) as ResultLine;
    } catch (cause) {
      ctx.error(at, `invalid JSON: ${(cause as Error).message}`);
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      ctx.error(at, 'expected a JSON object (one osquery result)');
      continue;
    }
    const host = asText(entry.hostIdentifier) ?? asText(entry.decorations?.['hostname']) ?? ctx.host;
    const query = asText(entry.name);
    const time = toIsoTime(entry.unixTime, entry.calendarTime);
    const make = (row: unknown, pointer: string, removed: boolean): Observation | undefined => {
      const locator = pointer ? `${at} ${pointer}` : at;
      if (row === null || typeof row !== 'object' || Array.isArray(row)) {
        ctx.error(locator, 'expected an object of columns');
        return undefined;
      }
      const columns = Object.keys(row);
      // The query's name helps say which table a partial select is from: it is part of the key.
      const signature = `${query ?? ''}\0${columns.join(',')}`;
      if (!tables.has(signature)) tables.set(signature, detectOsqueryTable(columns, query));
      const mapped = mapOsqueryRow(tables.get(signature), row as OsqueryRow);
      if (!mapped.name && !mapped.path && !mapped.ids) return undefined;
      const attributes = { ...mapped.attributes, ...(query ? { query } : {}), ...(time ? { time } : {}) };
      const obs: Observation = { ...mapped, origin: { source: source.name, format: ID, locator } };
      if (host && !mapped.host) obs.host = host;
      if (removed) obs.removed = true;
      if (time) obs.date = time.slice(0, 10);
      if (Object.keys(attributes).length) obs.attributes = attributes;
      return obs;
    };
    const found: (Observation | undefined)[] = [];
    if (entry.columns !== undefined) {
      if (entry.action !== undefined && entry.action !== 'added' && entry.action !== 'removed') {
        ctx.error(at, `unknown action ${JSON.stringify(entry.action)}; read as added`);
      }
      found.push(make(entry.columns, '', entry.action === 'removed'));
    } else if (entry.diffResults !== undefined) {
      for (const key of ['added', 'removed'] as const) {
        const rows = entry.diffResults?.[key];
        if (rows === undefined) continue;
        if (!Array.isArray(rows)) ctx.error(`${at} /diffResults/${key}`, 'expected an array');
        else rows.forEach((row, i) => found.push(make(row, `/diffResults/${key}/${i}`, key === 'removed')));
      }
    } else if (entry.snapshot !== undefined) {
      if (!Array.isArray(entry.snapshot)) ctx.error(`${at} /snapshot`, 'expected an array');
      else entry.snapshot.forEach((row, i) => found.push(make(row, `/snapshot/${i}`, false)));
    } else {
      ctx.error(at, 'not an osquery result: no columns, diffResults or snapshot');
    }
    for (const obs of found) if (obs) yield obs;
  }
}

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function toIsoTime(unixTime: unknown, calendarTime: unknown): string | undefined {
  const seconds =
    typeof unixTime === 'number' ? unixTime : typeof unixTime === 'string' ? Number(unixTime) : NaN;
  const ms =
    Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : Date.parse(String(calendarTime ?? ''));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
