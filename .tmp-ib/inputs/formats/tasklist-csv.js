import { createCsvTableFormat } from './csv-table.js';
import { toAttributes } from './json-values.js';
/** `tasklist /v /fo csv` (and `/fo csv` without /v, and `/svc`): one running process per row. */
export const tasklistCsv = createCsvTableFormat({
    id: 'tasklist-csv',
    description: 'Windows tasklist CSV (running processes)',
    producedBy: 'tasklist /v /fo csv > tasklist.csv',
    matchHeader: (h) => (h[0] === 'imagename' && h[1] === 'pid' ? 0.95 : 0),
    map(row) {
        const image = row('imagename');
        if (!image)
            return { error: 'row without an Image Name' };
        return {
            kind: 'process',
            name: image,
            ids: [{ kind: 'process', value: image }],
            attributes: toAttributes({
                pid: row('pid'),
                user: row('username') === 'N/A' ? undefined : row('username'),
                services: row('services') === 'N/A' ? undefined : row('services'),
                windowTitle: row('windowtitle') === 'N/A' ? undefined : row('windowtitle'),
                status: row('status'),
            }),
        };
    },
});
