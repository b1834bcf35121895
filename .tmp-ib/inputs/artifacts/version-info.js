const MAX_DEPTH = 6;
/**
 * Parses VS_VERSIONINFO: nested blocks of wLength, wValueLength, wType, a UTF-16 key, padding,
 * a value and child blocks, each 32-bit aligned. Returns the first string table's values.
 * @example parseVersionInfo(resource).CompanyName // 'AO Kaspersky Lab'
 */
export function parseVersionInfo(bytes) {
    const root = parseBlock(bytes, 0, bytes.length, 0);
    if (!root || root.key !== 'VS_VERSION_INFO')
        throw new Error('not a VS_VERSIONINFO block');
    const strings = {};
    const fileInfo = root.children.find((c) => c.key === 'StringFileInfo');
    for (const table of fileInfo?.children ?? []) {
        for (const entry of table.children) {
            if (!entry.text || entry.key in strings)
                continue;
            const value = entry.value.toString('utf16le').replace(/\0.*$/s, '').trim();
            if (value)
                strings[entry.key] = value;
        }
        if (Object.keys(strings).length)
            break;
    }
    return strings;
}
function parseBlock(bytes, start, limit, depth) {
    if (depth > MAX_DEPTH || start + 6 > limit)
        return undefined;
    const length = bytes.readUInt16LE(start);
    const valueLength = bytes.readUInt16LE(start + 2);
    const text = bytes.readUInt16LE(start + 4) === 1;
    const end = Math.min(start + length, limit);
    if (length < 6)
        return undefined;
    let at = start + 6;
    let keyEnd = at;
    while (keyEnd + 1 < end && bytes.readUInt16LE(keyEnd) !== 0)
        keyEnd += 2;
    const key = bytes.toString('utf16le', at, keyEnd);
    at = align(keyEnd + 2);
    // wValueLength counts WORDs for text values and bytes otherwise.
    const valueBytes = Math.min(text ? valueLength * 2 : valueLength, Math.max(0, end - at));
    const value = bytes.subarray(at, at + valueBytes);
    at = align(at + valueBytes);
    const children = [];
    while (at + 6 <= end) {
        const child = parseBlock(bytes, at, end, depth + 1);
        if (!child)
            break;
        children.push(child);
        const childLength = bytes.readUInt16LE(at);
        at = align(at + childLength);
    }
    return { key, value, text, children };
}
function align(offset) {
    return (offset + 3) & ~3;
}
