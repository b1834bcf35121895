/** Tables the dashboard can export, in the order its pages show them. */
export const EXPORT_TABLES = [
    'findings',
    'hosts',
    'waivers',
    'products',
    'determinations',
    'votes',
    'audit',
];
/**
 * One CSV field (RFC 4180). A cell that starts with = + - @ or a control character is prefixed with
 * an apostrophe: spreadsheets would otherwise run it as a formula (CSV injection), and host and
 * product names come from scanned machines, not from us.
 */
export function toCsvField(value) {
    if (value === null || value === undefined)
        return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text))
        text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
export function toCsvRow(columns, row) {
    return `${columns.map((c) => toCsvField(c.value(row))).join(',')}\r\n`;
}
export function toCsvHeader(columns) {
    return `${columns.map((c) => toCsvField(c.header)).join(',')}\r\n`;
}
/**
 * Streams rows from an async source as CSV or as a JSON document `{ table, generatedAt, items }`,
 * so a large export holds one page in memory at a time.
 */
export function streamExport(format, o) {
    const encoder = new TextEncoder();
    const iterator = o.pages[Symbol.asyncIterator]();
    let started = false;
    let first = true;
    return new ReadableStream({
        async pull(controller) {
            if (!started) {
                started = true;
                controller.enqueue(encoder.encode(format === 'csv'
                    ? `\uFEFF${toCsvHeader(o.columns)}`
                    : `{"table":${JSON.stringify(o.table)},"generatedAt":${JSON.stringify(o.generatedAt)},"items":[`));
                return;
            }
            const next = await iterator.next();
            if (next.done) {
                if (format === 'json')
                    controller.enqueue(encoder.encode(']}\n'));
                controller.close();
                return;
            }
            let chunk = '';
            for (const row of next.value) {
                if (format === 'csv')
                    chunk += toCsvRow(o.columns, row);
                else {
                    chunk += `${first ? '' : ','}\n${JSON.stringify(o.toJson(row))}`;
                    first = false;
                }
            }
            controller.enqueue(encoder.encode(chunk));
        },
        async cancel() {
            await iterator.return?.();
        },
    });
}
