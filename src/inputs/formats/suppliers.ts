import type { Observation } from '../../core/observation.js';
import { decodeSample } from '../encoding.js';
import { splitJsonArray } from '../json-array.js';
import { splitTextLines, TextLineSplitter, type TextLine } from '../lines.js';
import { openText } from '../source.js';
import type { Detection, InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import {
  CsvRecordSplitter,
  detectDelimiter,
  loadCsvParser,
  type CsvProblem,
  type CsvRecord,
} from './csv-records.js';
import {
  mapSupplierColumns,
  rateSupplierHeader,
  toSupplierObservation,
  type CellValue,
} from './supplier-columns.js';

const ID = 'suppliers';
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SUPPLIER_FILE = /(vendor|supplier|contract|counterpart|part(y|ies)|procurement|payee)/i;

/**
 * Supplier lists and vendor masters for screening against covered parties: CSV/TSV, XLSX (first
 * worksheet with a supplier header, streamed) and JSON (an array of objects, or JSON Lines).
 * Columns: supplier name, alternative names, country, address parts, registration ids (DUNS, CAGE,
 * UEI, LEI, VAT, INN, OGRN…), contract start date, contract id, vendor id, type (company/person).
 */
export const suppliers: InputFormat = {
  id: ID,
  description: 'supplier list / vendor master (CSV, XLSX, JSON) for supplier screening',
  producedBy:
    'an ERP or procurement export (SAP vendor master, Oracle suppliers, Coupa, SAM.gov extract) or a spreadsheet',
  fileNames: [/(vendor|supplier|counterpart|contract).*\.(csv|tsv|xlsx|json|jsonl)$/i],
  detect: detectSuppliers,
  read: readSuppliers,
};

function detectSuppliers(sample: Sample): Detection | undefined {
  if (sample.bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    if (!sample.bytes.includes('xl/')) return undefined;
    return { id: ID, confidence: SUPPLIER_FILE.test(sample.name) ? 0.8 : 0.3 };
  }
  const text = sample.text.replace(/^\uFEFF/, '').trimStart();
  if (!text) return undefined;
  if (text.startsWith('[') || text.startsWith('{')) {
    const keys = [...text.slice(0, 8192).matchAll(/"([^"\\]{1,60})"\s*:/g)].map((m) => m[1]!);
    const rating = rateSupplierHeader([...new Set(keys)]);
    return rating > 0 ? { id: ID, confidence: rating } : undefined;
  }
  const end = text.indexOf('\n');
  const header = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
  const delimiter = detectDelimiter(header);
  const names = header.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
  const rating = rateSupplierHeader(names);
  return rating > 0 ? { id: ID, confidence: rating } : undefined;
}

async function* readSuppliers(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const head = await peekHead(source);
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    yield* readXlsx(source, ctx);
    return;
  }
  const first = decodeSample(head, head.length < HEAD_BYTES)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!first) {
    ctx.error('line 1', 'empty input: expected a supplier list');
    return;
  }
  if (first.startsWith('[')) yield* readJsonArray(source, ctx);
  else if (first.startsWith('{')) yield* readJsonLines(source, ctx);
  else yield* readCsv(source, ctx);
}

const HEAD_BYTES = 64 * 1024;

/** The first bytes, to tell XLSX, JSON and CSV apart; a single-use source is peeked, not consumed. */
async function peekHead(source: InputSource): Promise<Buffer> {
  if (source.peek) return source.peek(HEAD_BYTES);
  const stream = source.open();
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
    return Buffer.alloc(0);
  } finally {
    stream.destroy();
  }
}

function originOf(source: InputSource, locator: string) {
  return { source: source.name, format: ID, locator };
}

/**
 * A vendor master can have millions of rows and few that matter: each chunk of text is split,
 * parsed and screened synchronously (see `SupplierCsvRows`), and only the observations that
 * `ctx.mayFind` keeps are yielded, so the pipeline above awaits once per chunk, not per row.
 */
async function* readCsv(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  await loadCsvParser();
  const rows = new SupplierCsvRows(source, ctx);
  const lines = new TextLineSplitter();
  const batch: TextLine[] = [];
  for await (const chunk of openText(source, ctx)) {
    // A file chunk is a MiB: read in slices, so that the lines of one slice die young.
    for (let at = 0; at < chunk.length; at += SLICE_CHARS) {
      lines.push(at === 0 && chunk.length <= SLICE_CHARS ? chunk : chunk.slice(at, at + SLICE_CHARS), batch);
      rows.take(batch);
      batch.length = 0;
    }
    yield* rows.kept;
    rows.kept.length = 0;
    if (rows.stopped) return;
  }
  lines.end(batch);
  rows.take(batch);
  rows.finish();
  yield* rows.kept;
}

/**
 * A kept row outlives its chunk, and its cells are slices of the chunk's text (see
 * `splitPlainRecord`): each would keep a MiB of text alive, every chunk of a big file with a
 * finding in it. Its strings are copied (through JSON, exact for any string); few rows are kept.
 */
function detach(obs: Observation): Observation {
  const copy = (s: string) => JSON.parse(JSON.stringify(s)) as string;
  if (obs.name) obs.name = copy(obs.name);
  if (obs.date) obs.date = copy(obs.date);
  for (const id of obs.ids ?? []) id.value = copy(id.value);
  const attributes = obs.attributes;
  if (attributes) for (const key of Object.keys(attributes)) attributes[key] = copy(attributes[key]!);
  return obs;
}

function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f.length && f.trim()) return false;
  return true;
}

const UNPLACED: Observation['origin'] = { source: '', format: ID, locator: '' };

const SLICE_CHARS = 64 * 1024;

/** The rows of a supplier CSV, fed lines; what `ctx.mayFind` lets through waits in `kept`. */
class SupplierCsvRows {
  readonly kept: Observation[] = [];
  /** Set when the header has no name column: nothing more is read. */
  stopped = false;
  private splitter: CsvRecordSplitter | undefined;
  private header: string[] | undefined;
  private columns = mapSupplierColumns([]);
  private index = new Map<string, number>();
  /** The row being read, for `cell` and `rowError`: one closure each for the whole file, not per row. */
  private fields: readonly string[] = [];
  private line = 0;
  private readonly cell = (key: string) => this.fields[this.index.get(key)!];
  private readonly rowError = (message: string) => this.ctx.error(`line ${this.line}`, message);

  constructor(
    private readonly source: InputSource,
    private readonly ctx: ReadContext,
  ) {}

  take(lines: readonly TextLine[]): void {
    for (const l of lines) {
      if (this.stopped) return;
      if (l.overlong) {
        this.ctx.error(`line ${l.line}`, 'line too long; skipped');
        continue;
      }
      if (!this.splitter) {
        if (!l.text.trim()) continue;
        this.splitter = new CsvRecordSplitter(detectDelimiter(l.text.replace(/^\uFEFF/, '')));
      }
      const records = this.splitter.take(l);
      if (records) this.read(records);
    }
  }

  finish(): void {
    if (!this.splitter) {
      this.ctx.error('line 1', 'empty input: expected a CSV header row');
      return;
    }
    if (!this.stopped) this.read(this.splitter.finish());
  }

  private read(records: Iterable<CsvRecord | CsvProblem>): void {
    const { ctx } = this;
    for (const item of records) {
      if (this.stopped) return;
      if ('problem' in item) {
        ctx.error(`line ${item.line}`, item.problem);
        if (this.header) ctx.record();
        continue;
      }
      if (!this.header) {
        this.readHeader(item.fields, `line ${item.line}`);
        continue;
      }
      if (isBlankRecord(item.fields)) continue;
      ctx.record();
      this.fields = item.fields;
      this.line = item.line;
      // The origin is placed once the row is kept: most rows are dropped, and their locator never built.
      const obs = toSupplierObservation(this.cell, this.columns, UNPLACED, this.rowError);
      if (!obs || (ctx.mayFind && !ctx.mayFind(obs))) continue;
      obs.origin = originOf(this.source, `line ${item.line}`);
      this.kept.push(detach(obs));
    }
  }

  private readHeader(fields: readonly string[], at: string): void {
    const header = fields.map((f) => f.replace(/^\uFEFF/, '').trim());
    this.header = header;
    this.columns = mapSupplierColumns(header);
    this.index = new Map(header.map((h, i) => [h, i]));
    if (!this.columns.fields.name && !this.columns.fields.altNames) {
      this.ctx.error(at, `no supplier name column in the header (${header.join(', ')})`);
      this.stopped = true;
    }
  }
}

async function* readJsonArray(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  for await (const item of splitJsonArray(openText(source, ctx))) {
    if ('problem' in item) {
      ctx.error(`/${item.index} (line ${item.line})`, item.problem);
      continue;
    }
    const obs = fromJsonText(item.text, `/${item.index}`, source, ctx);
    if (obs) yield obs;
  }
}

async function* readJsonLines(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  for await (const l of splitTextLines(openText(source, ctx))) {
    if (l.overlong) {
      ctx.error(`line ${l.line}`, 'line too long; skipped');
      continue;
    }
    if (!l.text.trim()) continue;
    const obs = fromJsonText(l.text, `line ${l.line}`, source, ctx);
    if (obs) yield obs;
  }
}

function fromJsonText(
  text: string,
  at: string,
  source: InputSource,
  ctx: ReadContext,
): Observation | undefined {
  ctx.record();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    ctx.error(at, `not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    ctx.error(at, 'expected an object with a supplier name');
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const columns = mapSupplierColumns(Object.keys(record));
  if (!columns.fields.name && !columns.fields.altNames) {
    ctx.error(at, `no supplier name field (keys: ${Object.keys(record).join(', ')})`);
    return undefined;
  }
  return toSupplierObservation(
    (key) => jsonCell(record[key]),
    columns,
    originOf(source, at),
    (message) => ctx.error(at, message),
  );
}

function jsonCell(value: unknown): CellValue {
  if (Array.isArray(value)) return value.map((v) => String(v)).join('; ');
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  return value === undefined ? undefined : JSON.stringify(value);
}

async function* readXlsx(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  // exceljs is heavy: it loads only when a workbook is read.
  const { default: Excel } = await import('exceljs');
  const reader = new Excel.stream.xlsx.WorkbookReader(source.open(), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name?: string }).name ?? 'sheet';
      let header: string[] | undefined;
      let columns = mapSupplierColumns([]);
      let index = new Map<string, number>();
      for await (const row of sheet) {
        const values = (row.values as CellValue[] | undefined) ?? [];
        const cells = values.slice(1).map(toCell);
        const at = `${name}!row ${row.number}`;
        if (!header) {
          if (cells.every((c) => c === undefined || c === '')) continue;
          const candidate = cells.map((c) => (c === undefined ? '' : String(c).trim()));
          if (rateSupplierHeader(candidate) === 0) break; // not a supplier sheet: try the next one
          header = candidate;
          columns = mapSupplierColumns(header);
          index = new Map(header.map((h, i) => [h, i]));
          found = true;
          continue;
        }
        if (cells.every((c) => c === undefined || c === '')) continue;
        ctx.record();
        const obs = toSupplierObservation(
          (key) => cells[index.get(key)!],
          columns,
          originOf(source, at),
          (message) => ctx.error(at, message),
        );
        if (obs) yield obs;
      }
    }
  } catch (error) {
    ctx.error('workbook', `not a readable XLSX workbook: ${(error as Error).message}`);
    return;
  }
  if (!found)
    ctx.error(
      'workbook',
      'no worksheet has a supplier header row (supplier name and country, address, registration or contract columns)',
    );
}

/** ExcelJS cell values: rich text, formulas and hyperlinks carry their text in a property. */
function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date || typeof value !== 'object') return value as CellValue;
  const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
  if (v.richText) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return toCell(v.result);
  if (typeof v.text === 'string') return v.text;
  if (v.error) return undefined;
  return String(value);
}
