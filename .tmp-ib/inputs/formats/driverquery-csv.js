import { createCsvTableFormat } from './csv-table.js';
import { prune, toAttributes, toIds } from './json-values.js';
/** `driverquery /v /fo csv` (also without /v) and `driverquery /si /fo csv` (signed drivers). */
export const driverqueryCsv = createCsvTableFormat({
    id: 'driverquery-csv',
    description: 'Windows driverquery CSV (installed drivers; /v and /si variants)',
    producedBy: 'driverquery /v /fo csv > drivers.csv',
    matchHeader(h) {
        if (h[0] === 'modulename' && h.includes('displayname') && h.includes('drivertype'))
            return 0.95;
        if (h[0] === 'devicename' && h.includes('infname') && h.includes('issigned'))
            return 0.95;
        return 0;
    },
    map(row) {
        const module = row('modulename');
        if (module) {
            return prune({
                kind: 'driver',
                name: row('displayname') ?? module,
                path: row('path'),
                ids: toIds(['driver', module]),
                attributes: toAttributes({
                    type: row('drivertype'),
                    description: row('description'),
                    startMode: row('startmode'),
                    state: row('state'),
                    linkDate: row('linkdate'),
                }),
            });
        }
        const device = row('devicename');
        if (!device)
            return { error: 'row without a Module Name or DeviceName' };
        return prune({
            kind: 'driver',
            name: device,
            publisher: row('manufacturer'),
            ids: toIds(['file-name', row('infname')]),
            attributes: toAttributes({ inf: row('infname'), signed: row('issigned') }),
        });
    },
});
