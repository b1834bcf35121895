import ExcelJS from 'exceljs';
import { mapCsvHeader } from './csv-header.js';
const ID = 'xlsx-inventory';
const MAX_HEADER_SEARCH = 10;
/**
 * XLSX versions of the CSV inventories (Intune, Defender, Lansweeper, SCCM exports saved from
 * Excel, supplier spreadsheets): every worksheet, header row found among its first rows and
 * mapped like the CSV reader's. Streamed with exceljs's WorkbookReader.
 */
export const xlsxInventory = {
    id: ID,
    description: 'XLSX inventory or supplier spreadsheet (header row, every sheet)',
    producedBy: 'Export to Excel from Intune, Defender, Lansweeper, SCCM; or a spreadsheet',
    fileNames: [/\.xlsx$/i],
    detect(sample) {
        const head = sample.bytes;
        if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50)
            return undefined;
        const names = head.toString('latin1');
        // Above the generic archive reader: a workbook is a zip, but read as a table, not as members.
        return /\[Content_Types\]\.xml|xl\/(workbook|worksheets|sharedStrings)/.test(names) && /xl\//.test(names)
            ? { id: ID, confidence: 0.97 }
            : undefined;
    },
    read: readXlsx,
};
async function* readXlsx(source, ctx) {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source.open(), {
        sharedStrings: 'cache',
        hyperlinks: 'ignore',
        styles: 'ignore',
        worksheets: 'emit',
        entries: 'emit',
    });
    try {
        let sheetNo = 0;
        for await (const worksheet of reader) {
            sheetNo++;
            const sheet = worksheet.name ?? `Sheet${sheetNo}`;
            let header;
            let columns = {};
            for await (const row of worksheet) {
                const cells = toTexts(row.values);
                const at = `sheet ${sheet} row ${row.number}`;
                if (!header) {
                    if (row.number > MAX_HEADER_SEARCH)
                        break;
                    const mapped = mapCsvHeader(cells);
                    if (mapped.columns.name !== undefined || mapped.columns.supplier !== undefined) {
                        header = cells;
                        columns = mapped.columns;
                        if (columns.name === undefined)
                            columns.name = columns.supplier;
                    }
                    continue;
                }
                ctx.record();
                if (cells.every((c) => c === ''))
                    continue;
                if (!ctx.mayMatch(cells.join('\t')))
                    continue;
                const get = (f) => {
                    const i = columns[f];
                    return i === undefined ? undefined : cells[i]?.trim() || undefined;
                };
                const name = get('name');
                if (!name) {
                    ctx.error(at, `empty ${header[columns.name] ?? 'name'} cell`);
                    continue;
                }
                const supplierSheet = columns.supplier !== undefined && columns.supplier === columns.name;
                const obs = {
                    kind: supplierSheet ? 'supplier' : 'program',
                    name,
                    origin: { source: source.name, format: ID, locator: at },
                };
                if (!supplierSheet && get('publisher'))
                    obs.publisher = get('publisher');
                if (get('version'))
                    obs.version = get('version');
                if (get('path'))
                    obs.path = get('path');
                const host = get('host') ?? ctx.host;
                if (host)
                    obs.host = host;
                const ids = [];
                if (get('product-code'))
                    ids.push({ kind: 'product-code', value: get('product-code') });
                if (get('bundle-id'))
                    ids.push({ kind: 'bundle-id', value: get('bundle-id') });
                if (get('package'))
                    ids.push({ kind: 'package', value: get('package') });
                if (!supplierSheet && get('supplier'))
                    ids.push({ kind: 'supplier', value: get('supplier') });
                if (ids.length)
                    obs.ids = ids;
                if (get('country'))
                    obs.attributes = { country: get('country') };
                yield obs;
            }
            if (!header)
                ctx.note?.(`sheet ${sheet}`, 'no header row with a name or supplier column in the first rows; sheet skipped');
        }
    }
    catch (cause) {
        ctx.error('/', `cannot read the workbook: ${cause.message}`);
    }
}
/** exceljs row values are 1-based and typed: rich text, formulas, dates, hyperlinks → text. */
function toTexts(values) {
    const out = [];
    for (let i = 1; i < values.length; i++)
        out.push(toText(values[i]));
    return out;
}
function toText(value) {
    if (value === null || value === undefined)
        return '';
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    if (value instanceof Date)
        return value.toISOString().slice(0, 10);
    if (typeof value === 'object') {
        if ('richText' in value)
            return value.richText.map((r) => r.text).join('');
        if ('text' in value)
            return String(value.text);
        if ('result' in value)
            return toText(value.result);
    }
    return '';
}
