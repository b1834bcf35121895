import { toAttributes, toIds } from './json-values.js';
const HIVES = {
    HKEY_LOCAL_MACHINE: 'HKLM',
    HKEY_USERS: 'HKU',
    HKEY_CURRENT_USER: 'HKCU',
    HKLM: 'HKLM',
    HKU: 'HKU',
    HKCU: 'HKCU',
};
/**
 * Recognises `…\CurrentVersion\Uninstall\NAME` (64-bit, WOW6432Node, per user) and
 * `HKLM\SYSTEM\(CurrentControlSet|ControlSet00N)\Services\NAME`; other keys are not inventory.
 */
export function placeKey(path) {
    const clean = path.replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, '').replace(/^Registry::/i, '');
    const parts = clean.replace(/:\\?/, '\\').split('\\');
    const hive = HIVES[parts[0].toUpperCase()];
    if (!hive)
        return undefined;
    const lower = parts.map((p) => p.toLowerCase());
    const u = lower.lastIndexOf('uninstall');
    if (u > 0 && u === parts.length - 2 && lower[u - 1] === 'currentversion') {
        return {
            kind: 'uninstall',
            name: parts[parts.length - 1],
            hive,
            wow64: lower.includes('wow6432node'),
            user: hive === 'HKU' ? parts[1] : hive === 'HKCU' ? 'HKCU' : undefined,
        };
    }
    const s = lower.lastIndexOf('services');
    if (hive === 'HKLM' &&
        s > 0 &&
        s === parts.length - 2 &&
        /^(currentcontrolset|controlset\d{3})$/.test(lower[s - 1]))
        return { kind: 'service', name: parts[parts.length - 1], hive, wow64: false };
    return undefined;
}
/** Service `Type` values that are kernel or file-system drivers. */
const DRIVER_TYPES = new Set([1, 2, 8]);
/**
 * An Uninstall or Services key's values (as regedit, reg query and PowerShell show them) as one
 * observation, or undefined when Windows itself would not list it (no DisplayName, a
 * SystemComponent, an update). `values` are keyed case-insensitively by lower-cased name.
 */
export function toRegistryObservation(place, keyPath, values) {
    const get = (name) => values.get(name.toLowerCase())?.trim() || undefined;
    if (place.kind === 'service') {
        const type = Number(get('Type'));
        const image = get('ImagePath');
        if (!image && !get('DisplayName'))
            return undefined;
        const driver = DRIVER_TYPES.has(type);
        return {
            kind: driver ? 'driver' : 'service',
            name: cleanResource(get('DisplayName')) ?? place.name,
            path: image,
            ids: toIds([driver ? 'driver' : 'service', place.name]),
            attributes: toAttributes({
                key: keyPath,
                start: get('Start'),
                type: get('Type'),
                objectName: get('ObjectName'),
                description: cleanResource(get('Description')),
            }),
        };
    }
    const name = get('DisplayName');
    if (!name)
        return undefined;
    const code = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/i.test(place.name)
        ? place.name.toUpperCase()
        : undefined;
    const obs = {
        kind: 'program',
        name,
        publisher: get('Publisher'),
        version: get('DisplayVersion'),
        path: get('InstallLocation'),
        ids: toIds(['product-code', code]),
        attributes: toAttributes({
            key: keyPath,
            hive: place.hive,
            architecture: place.hive === 'HKLM' ? (place.wow64 ? 'x86' : 'x64') : undefined,
            user: place.user,
            uninstallString: get('UninstallString'),
            installDate: get('InstallDate'),
            systemComponent: get('SystemComponent') === '1' ? 'true' : undefined,
        }),
    };
    const date = /^(\d{4})(\d{2})(\d{2})$/.exec(get('InstallDate') ?? '');
    if (date)
        obs.date = `${date[1]}-${date[2]}-${date[3]}`;
    for (const key of Object.keys(obs))
        if (obs[key] === undefined)
            delete obs[key];
    return obs;
}
/** "@%SystemRoot%\system32\x.dll,-100" display names are resource references, not names. */
function cleanResource(value) {
    return value && !value.startsWith('@') ? value : undefined;
}
