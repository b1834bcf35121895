import { readLines } from '../lines.js';
import { placeKey, toRegistryObservation } from './registry-values.js';
const ID = 'reg-export';
/**
 * `regedit /e` and `reg export` files (UTF-16LE with BOM, or REGEDIT4 ANSI) of the Uninstall
 * keys (HKLM, WOW6432Node, HKU\SID, HKCU) and of HKLM\SYSTEM\…\Services. One record per key;
 * `line N` is the line of the key's `[...]` header.
 */
export const regExport = {
    id: ID,
    description: 'Windows .reg export of Uninstall (and Services) keys',
    producedBy: 'reg export "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall" uninstall.reg (also WOW6432Node, HKU\\<SID>)',
    fileNames: [/\.reg$/i],
    detect(sample) {
        return /^\uFEFF?(Windows Registry Editor Version 5\.00|REGEDIT4)\s*$/m.test(sample.text.slice(0, 200))
            ? { id: ID, confidence: 1 }
            : undefined;
    },
    read: readRegExport,
};
async function* readRegExport(source, ctx) {
    let key;
    let pending;
    const close = () => {
        const k = key;
        key = undefined;
        if (!k)
            return undefined;
        const place = placeKey(k.path);
        if (!place)
            return undefined;
        ctx.record();
        const obs = toRegistryObservation(place, k.path, k.values);
        if (!obs)
            return undefined;
        const host = ctx.host;
        return {
            ...obs,
            ...(host ? { host } : {}),
            origin: { source: source.name, format: ID, locator: `line ${k.line}` },
        };
    };
    const value = (text, line) => {
        if (!key)
            return;
        const m = /^(@|"((?:[^"\\]|\\.)*)")=(.*)$/.exec(text);
        if (!m) {
            ctx.error(`line ${line}`, 'expected "Name"=value');
            return;
        }
        const name = m[1] === '@' ? '' : unescape(m[2]);
        const decoded = decodeValue(m[3]);
        if (decoded === undefined)
            ctx.error(`line ${line}`, `cannot read the value of "${name}"`);
        else
            key.values.set(name.toLowerCase(), decoded);
    };
    for await (const { line, text } of readLines(source, ctx)) {
        if (pending) {
            pending.text += text.trim();
            if (pending.text.endsWith('\\')) {
                pending.text = pending.text.slice(0, -1);
                continue;
            }
            value(pending.text, pending.line);
            pending = undefined;
            continue;
        }
        if (line === 1 || text.startsWith(';'))
            continue;
        if (text.startsWith('[')) {
            const done = close();
            if (done)
                yield done;
            const m = /^\[(-?)(.+)\]\s*$/.exec(text);
            if (!m)
                ctx.error(`line ${line}`, 'unterminated key name');
            // [-KEY] deletes the key: nothing installed there.
            else if (!m[1])
                key = { path: m[2], line, values: new Map() };
            continue;
        }
        if (text.trimEnd().endsWith('\\') && /=hex(\([0-9a-f]+\))?:/i.test(text)) {
            pending = { text: text.trimEnd().slice(0, -1), line };
            continue;
        }
        value(text, line);
    }
    if (pending)
        value(pending.text, pending.line);
    const done = close();
    if (done)
        yield done;
}
function unescape(text) {
    return text.replace(/\\(.)/g, '$1');
}
/** A value's data as text: strings, dwords (decimal), REG_EXPAND_SZ / REG_MULTI_SZ hex. */
function decodeValue(data) {
    if (data.startsWith('"')) {
        const m = /^"((?:[^"\\]|\\.)*)"\s*$/.exec(data);
        return m ? unescape(m[1]) : undefined;
    }
    const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
    if (dword)
        return String(parseInt(dword[1], 16));
    if (data === '-')
        return '';
    const hex = /^hex(?:\(([0-9a-f]+)\))?:([0-9a-f,\s]*)$/i.exec(data);
    if (!hex)
        return undefined;
    const type = hex[1] ? parseInt(hex[1], 16) : 3;
    const bytes = Buffer.from(hex[2]
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean)
        .map((b) => parseInt(b, 16)));
    if (type === 2 || type === 1)
        return bytes.toString('utf16le').replace(/\0+$/, '');
    if (type === 7)
        return bytes.toString('utf16le').replace(/\0+$/, '').split('\0').join(',');
    if (type === 0xb && bytes.length === 8)
        return bytes.readBigUInt64LE().toString();
    return hex[2].replace(/\s/g, '');
}
