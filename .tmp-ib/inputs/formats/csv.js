import { splitTextLines } from '../lines.js';
import { openText } from '../source.js';
import { mapCsvHeader } from './csv-header.js';
import { detectDelimiter, readCsvRecords } from './csv-records.js';
export { parseCsvMap } from './csv-header.js';
const ID = 'csv';
const SEP_LINE = /^sep=(.)$/i;
/**
 * CSV exports of inventory tools (Intune discovered apps, Defender software inventory,
 * Lansweeper, SCCM) and supplier lists. Delimiter (, ; tab |) and header are recognised;
 * `createCsvFormat({ name: 'Software' })` reads files whose headers are not.
 */
export function createCsvFormat(explicit) {
    return {
        id: ID,
        description: 'CSV/TSV inventory or supplier list with a header row',
        producedBy: 'an export from Intune, Defender, Lansweeper, SCCM, Jamf or a spreadsheet (--csv-map if needed)',
        fileNames: [/\.(csv|tsv)$/i],
        detect: detectCsv,
        read: (source, ctx) => readCsv(source, ctx, explicit),
    };
}
export const csv = createCsvFormat();
function detectCsv(sample) {
    const lines = sample.text.replace(/^\uFEFF/, '').split(/\r?\n/, 3);
    let header = lines[0] ?? '';
    let delimiter;
    const sep = SEP_LINE.exec(header);
    if (sep) {
        delimiter = sep[1];
        header = lines[1] ?? '';
    }
    if (!header.trim() || /^\s*[[{<]/.test(header))
        return undefined;
    delimiter ??= detectDelimiter(header);
    const names = header.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, ''));
    if (names.length < 2)
        return undefined;
    const { columns } = mapCsvHeader(names);
    if (columns.name !== undefined || columns.supplier !== undefined)
        return { id: ID, confidence: 0.6 };
    if (columns.publisher !== undefined && columns.version !== undefined)
        return { id: ID, confidence: 0.4 };
    return undefined;
}
async function* readCsv(source, ctx, explicit) {
    let delimiter;
    let header;
    let columns = {};
    let kind = 'program';
    let extra = [];
    async function* physicalLines() {
        for await (const l of splitTextLines(openText(source, ctx))) {
            if (l.overlong) {
                ctx.error(`line ${l.line}`, 'line too long; skipped');
                continue;
            }
            if (delimiter === undefined) {
                if (l.text.trim() === '')
                    continue;
                const sep = SEP_LINE.exec(l.text);
                delimiter = sep ? sep[1] : detectDelimiter(l.text.replace(/^\uFEFF/, ''));
                if (sep)
                    continue;
            }
            yield l;
        }
    }
    const lines = physicalLines();
    const first = await lines.next();
    if (first.done) {
        ctx.error('line 1', 'empty input: expected a CSV header row');
        return;
    }
    async function* all() {
        yield first.value;
        yield* lines;
    }
    for await (const item of readCsvRecords(all(), delimiter, (text) => header === undefined || ctx.mayMatch(text))) {
        const at = `line ${item.line}`;
        if ('problem' in item) {
            ctx.error(at, item.problem);
            if (header !== undefined)
                ctx.record();
            continue;
        }
        if (header === undefined) {
            header = item.fields.map((f) => f.replace(/^\uFEFF/, '').trim());
            const mapped = mapCsvHeader(header, explicit);
            columns = mapped.columns;
            if (mapped.missing.length) {
                ctx.error(at, `--csv-map column(s) not in the header: ${mapped.missing.join(', ')} (header: ${header.join(', ')})`);
            }
            if (columns.name === undefined) {
                const supplierColumn = columns.supplier ?? columns.publisher;
                if (supplierColumn === undefined) {
                    ctx.error(at, `no name, supplier or publisher column in the header (${header.join(', ')}); use --csv-map name=COLUMN`);
                    return;
                }
                kind = 'supplier';
                columns.name = supplierColumn;
            }
            const used = new Set(Object.values(columns));
            extra = header.map((_, i) => i).filter((i) => !used.has(i) && header[i]);
            continue;
        }
        ctx.record();
        if (item.skipped)
            continue;
        const { fields } = item;
        if (fields.every((f) => f === ''))
            continue;
        if (fields.length !== header.length) {
            if (fields.length > header.length) {
                ctx.error(at, `row has ${fields.length} fields, header has ${header.length}; skipped (unquoted delimiter?)`);
                continue;
            }
            ctx.error(at, `row has ${fields.length} fields, header has ${header.length}; read the fields present`);
        }
        const obs = toObservation(fields, columns, kind, extra, header);
        if (!obs.name) {
            ctx.error(at, `empty ${header[columns.name] ?? 'name'} field`);
            continue;
        }
        const host = obs.host ?? ctx.host;
        yield { ...obs, ...(host ? { host } : {}), origin: { source: source.name, format: ID, locator: at } };
    }
    if (header === undefined)
        ctx.error('line 1', 'no header row could be read');
}
const ID_FIELDS = [
    ['product-code', 'product-code'],
    ['bundle-id', 'bundle-id'],
    ['package', 'package'],
];
function toObservation(fields, columns, kind, extra, header) {
    const get = (field) => {
        const i = columns[field];
        const value = i === undefined ? undefined : fields[i]?.trim();
        return value ? value : undefined;
    };
    const obs = { kind, name: get('name') };
    if (kind === 'program' && get('publisher'))
        obs.publisher = get('publisher');
    for (const field of ['version', 'host', 'path']) {
        const value = get(field);
        if (value)
            obs[field] = value;
    }
    const ids = ID_FIELDS.flatMap(([f, k]) => (get(f) ? [{ kind: k, value: get(f) }] : []));
    if (kind === 'program' && get('supplier'))
        ids.push({ kind: 'supplier', value: get('supplier') });
    if (ids.length)
        obs.ids = ids;
    const attributes = {};
    if (get('country'))
        attributes['country'] = get('country');
    // Supplier lists carry evidence (address, registration number) worth keeping with a finding.
    if (kind === 'supplier')
        for (const i of extra.slice(0, 20))
            if (fields[i])
                attributes[header[i]] = fields[i];
    if (Object.keys(attributes).length)
        obs.attributes = attributes;
    return obs;
}
