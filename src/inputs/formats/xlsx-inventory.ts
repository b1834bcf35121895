import type ExcelJS from 'exceljs';
import type { Identifier, Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { mapCsvHeader, type CsvColumns, type CsvField } from './csv-header.js';
import { isoDay } from '../../core/dates.js';

const ID = 'xlsx-inventory';
const MAX_HEADER_SEARCH = 10;

/**
 * XLSX versions of the CSV inventories (Intune, Defender, Lansweeper, SCCM exports saved from
 * Excel, supplier spreadsheets): every worksheet, header row found among its first rows and
 * mapped like the CSV reader's. Streamed with exceljs's WorkbookReader.
 */
export const xlsxInventory: InputFormat = {
  id: ID,
  description: 'XLSX inventory or supplier spreadsheet (header row, every sheet)',
  producedBy: 'Export to Excel from Intune, Defender, Lansweeper, SCCM; or a spreadsheet',
  fileNames: [/\.xlsx$/i],
  detect(sample: Sample) {
    const head = sample.bytes;
    if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) return undefined;
    const names = head.toString('latin1');
    // Above the generic archive reader: a workbook is a zip, but read as a table, not as members.
    return /\[Content_Types\]\.xml|xl\/(workbook|worksheets|sharedStrings)/.test(names) && /xl\//.test(names)
      ? { id: ID, confidence: 0.97 }
      : undefined;
  },
  read: readXlsx,
};

type Cell = ExcelJS.CellValue;

async function* readXlsx(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  // exceljs is heavy: it loads only when a workbook is read.
  const { default: Excel } = await import('exceljs');
  const input = source.open();
  const stall = createStallGuard(input);
  const reader = new Excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    let sheetNo = 0;
    for await (const worksheet of stall.guard(reader as AsyncIterable<unknown>)) {
      sheetNo++;
      const sheet = (worksheet as unknown as { name?: string }).name ?? `Sheet${sheetNo}`;
      let header: string[] | undefined;
      let columns: CsvColumns = {};
      for await (const row of stall.guard(worksheet as AsyncIterable<ExcelJS.Row>)) {
        const cells = toTexts(row.values as Cell[]);
        const at = `sheet ${sheet} row ${row.number}`;
        if (!header) {
          if (row.number > MAX_HEADER_SEARCH) break;
          const mapped = mapCsvHeader(cells);
          if (mapped.columns.name !== undefined || mapped.columns.supplier !== undefined) {
            header = cells;
            columns = mapped.columns;
            if (columns.name === undefined) columns.name = columns.supplier;
          }
          continue;
        }
        ctx.record();
        if (cells.every((c) => c === '')) continue;
        if (!ctx.mayMatch(cells.join('\t'))) continue;
        const get = (f: CsvField) => {
          const i = columns[f];
          return i === undefined ? undefined : cells[i]?.trim() || undefined;
        };
        const name = get('name');
        if (!name) {
          ctx.error(at, `empty ${header[columns.name!] ?? 'name'} cell`);
          continue;
        }
        const supplierSheet = columns.supplier !== undefined && columns.supplier === columns.name;
        const obs: Observation = {
          kind: supplierSheet ? 'supplier' : 'program',
          name,
          origin: { source: source.name, format: ID, locator: at },
        };
        if (!supplierSheet && get('publisher')) obs.publisher = get('publisher');
        if (get('version')) obs.version = get('version');
        if (get('path')) obs.path = get('path');
        const host = get('host') ?? ctx.host;
        if (host) obs.host = host;
        const ids: Identifier[] = [];
        if (get('product-code')) ids.push({ kind: 'product-code', value: get('product-code')! });
        if (get('bundle-id')) ids.push({ kind: 'bundle-id', value: get('bundle-id')! });
        if (get('package')) ids.push({ kind: 'package', value: get('package')! });
        if (!supplierSheet && get('supplier')) ids.push({ kind: 'supplier', value: get('supplier')! });
        if (ids.length) obs.ids = ids;
        if (get('country')) obs.attributes = { country: get('country')! };
        yield obs;
      }
      if (!header)
        ctx.note?.(
          `sheet ${sheet}`,
          'no header row with a name or supplier column in the first rows; sheet skipped',
        );
    }
  } catch (cause) {
    ctx.error('/', `cannot read the workbook: ${(cause as Error).message}`);
  } finally {
    input.destroy();
  }
}

/** How long a damaged workbook may sit silent after its last byte was read. */
const STALL_MS = 2000;

/**
 * exceljs's streaming reader can wait forever on some damaged zip entries once its input has
 * ended: after the end, a step that yields nothing for STALL_MS is an error, not a hang.
 */
function createStallGuard(input: NodeJS.ReadableStream) {
  let ended = false;
  input.once('end', () => (ended = true));
  const step = <T>(next: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> =>
    new Promise((resolve, reject) => {
      let quietSince = Date.now();
      const timer = setInterval(() => {
        if (!ended) quietSince = Date.now();
        else if (Date.now() - quietSince > STALL_MS) {
          clearInterval(timer);
          reject(new Error('the workbook is damaged: reading stopped before its end'));
        }
      }, 100);
      timer.unref();
      next.then(
        (value) => {
          clearInterval(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearInterval(timer);
          reject(error as Error);
        },
      );
    });
  return {
    async *guard<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
      const iterator = items[Symbol.asyncIterator]();
      for (;;) {
        const next = await step(iterator.next());
        if (next.done) return;
        yield next.value;
      }
    },
  };
}

/** exceljs row values are 1-based and typed: rich text, formulas, dates, hyperlinks → text. */
function toTexts(values: Cell[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < values.length; i++) out.push(toText(values[i]));
  return out;
}

function toText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return isoDay(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return toText(value.result as Cell);
  }
  return '';
}
