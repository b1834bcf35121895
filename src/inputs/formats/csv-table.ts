import type { Observation } from '../../core/observation.js';
import { splitTextLines } from '../lines.js';
import { openText } from '../source.js';
import type { Detection, InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { foldHeader } from './csv-header.js';
import { detectDelimiter, readCsvRecords } from './csv-records.js';
import type { LineResult } from './line-format.js';

/** A row's cells by folded header name (`foldHeader`: "Image Name" → "imagename"). */
type CsvRow = (folded: string) => string | undefined;

export interface CsvTableSpec {
  id: string;
  description: string;
  producedBy: string;
  fileNames?: RegExp[];
  /** Confidence (0..1) that a header row, folded, is this tool's; 0 when it is not. */
  matchHeader(folded: string[]): number;
  /** Maps one data row; `header` is the folded header. */
  map(row: CsvRow, header: string[]): LineResult;
}

/** Lines a tool writes before the header: PowerShell 5.1's `#TYPE …`, Excel's `sep=;`. */
const PREAMBLE = /^(#TYPE\s|sep=.$)/i;

/**
 * A CSV export whose header identifies the tool that wrote it (tasklist, driverquery,
 * PowerShell Export-Csv…), read with the shared quote-aware CSV record reader.
 */
export function createCsvTableFormat(spec: CsvTableSpec): InputFormat {
  return {
    id: spec.id,
    description: spec.description,
    producedBy: spec.producedBy,
    fileNames: spec.fileNames,
    detect: (sample) => detectCsvTable(sample, spec),
    read: (source, ctx) => readCsvTable(source, ctx, spec),
  };
}

const headers = new WeakMap<Sample, { cells?: string[]; folded?: string[] }>();

/** The header of a sample as the csv-table formats compare it, folded (`foldHeader`) once for all of them. */
function headerOf(sample: Sample): { cells?: string[]; folded?: string[] } {
  let header = headers.get(sample);
  if (!header) {
    const cells = parseSampleHeader(sample);
    header = cells ? { cells, folded: cells.map(foldHeader) } : {};
    headers.set(sample, header);
  }
  return header;
}

function parseSampleHeader(sample: Sample): string[] | undefined {
  const lines = sample.text.replace(/^\uFEFF/, '').split('\n', 6);
  const header = lines.map((l) => l.replace(/\r$/, '')).find((l) => l.trim() && !PREAMBLE.test(l));
  if (!header || /^\s*[[{<]/.test(header)) return undefined;
  const delimiter = detectDelimiter(header);
  const cells = header.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
  return cells.length >= 2 ? cells : undefined;
}

function detectCsvTable(sample: Sample, spec: CsvTableSpec): Detection | undefined {
  const { folded } = headerOf(sample);
  if (!folded) return undefined;
  const confidence = spec.matchHeader(folded);
  return confidence > 0 ? { id: spec.id, confidence } : undefined;
}

/** Reads the rows of a CSV table as observations with `line N` locators (the record's first line). */
async function* readCsvTable(
  source: InputSource,
  ctx: ReadContext,
  spec: Pick<CsvTableSpec, 'id' | 'map'>,
): AsyncGenerator<Observation> {
  let delimiter: string | undefined;
  let header: string[] | undefined;
  let index = new Map<string, number>();
  const lines = (async function* () {
    for await (const l of splitTextLines(openText(source, ctx))) {
      if (l.overlong) {
        ctx.error(`line ${l.line}`, 'line too long; skipped');
        continue;
      }
      if (delimiter === undefined) {
        const text = l.text.replace(/^\uFEFF/, '');
        if (text.trim() === '' || PREAMBLE.test(text)) continue;
        delimiter = detectDelimiter(text);
        yield { line: l.line, text };
        continue;
      }
      yield l;
    }
  })();
  const first = await lines.next();
  if (first.done) {
    ctx.error('line 1', 'empty input: expected a CSV header row');
    return;
  }
  const all = (async function* () {
    yield first.value;
    yield* lines;
  })();
  for await (const item of readCsvRecords(all, delimiter!, (t) => header === undefined || ctx.mayMatch(t))) {
    const at = `line ${item.line}`;
    if ('problem' in item) {
      if (header !== undefined) ctx.record();
      ctx.error(at, item.problem);
      continue;
    }
    if (header === undefined) {
      header = item.fields.map(foldHeader);
      // The first column of a name wins, as in the tool's own reading of its export.
      index = new Map([...header.map((h, i) => [h, i] as const)].reverse());
      continue;
    }
    ctx.record();
    if (item.skipped || item.fields.every((f) => f === '')) continue;
    const cells = item.fields;
    if (cells.length !== header.length)
      ctx.error(at, `row has ${cells.length} fields, header has ${header.length}; read the fields present`);
    const row: CsvRow = (name) => {
      const i = index.get(name);
      const value = i === undefined ? undefined : cells[i]?.trim();
      return value ? value : undefined;
    };
    const result = spec.map(row, header);
    if (!result) continue;
    if ('error' in result) {
      ctx.error(at, result.error);
      continue;
    }
    const host = result.host ?? ctx.host;
    yield {
      ...result,
      ...(host ? { host } : {}),
      origin: { source: source.name, format: spec.id, locator: at },
    } as Observation;
  }
  if (header === undefined) ctx.error('line 1', 'no header row could be read');
}
