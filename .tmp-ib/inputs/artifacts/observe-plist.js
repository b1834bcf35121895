import { parseBuffer } from 'bplist-parser';
import { XMLParser } from 'fast-xml-parser';
import { locate, observe } from './frame.js';
/**
 * A property list (XML or binary): an app bundle's Info.plist gives its bundle id, name and
 * version; a launchd plist gives its job label. Other plists say nothing and yield nothing.
 */
export async function observePlist(scan, frame, reader) {
    if (reader.size > scan.limits.maxStructureBytes) {
        scan.ctx.note?.(locate(frame), `property list of ${reader.size} bytes exceeds the ${scan.limits.maxStructureBytes}-byte limit; not read`);
        return [];
    }
    const bytes = await reader.read(0, reader.size);
    let dict;
    try {
        dict = parsePlist(bytes);
    }
    catch (cause) {
        scan.ctx.note?.(locate(frame), `property list unreadable: ${cause.message}`);
        return [];
    }
    const text = (key) => {
        const value = dict[key];
        return typeof value === 'string' && value.trim() ? value.trim() : undefined;
    };
    const ids = [];
    const bundleId = text('CFBundleIdentifier');
    if (bundleId)
        ids.push({ kind: 'bundle-id', value: bundleId });
    const label = text('Label');
    if (label)
        ids.push({ kind: 'service', value: label }, { kind: 'bundle-id', value: label });
    const executable = text('CFBundleExecutable');
    if (executable)
        ids.push({ kind: 'process', value: executable });
    if (!ids.length)
        return [];
    const attributes = {};
    const copyright = text('NSHumanReadableCopyright');
    if (copyright)
        attributes['copyright'] = copyright;
    const program = dict['ProgramArguments'];
    if (Array.isArray(program) && typeof program[0] === 'string')
        attributes['program'] = program[0];
    return [
        await observe(scan, frame, {
            kind: bundleId ? 'app' : 'service',
            name: text('CFBundleDisplayName') ?? text('CFBundleName') ?? label,
            version: text('CFBundleShortVersionString') ?? text('CFBundleVersion'),
            ids,
            attributes,
        }, reader),
    ];
}
/** Parses an XML or binary plist whose root is a dictionary. @throws Error otherwise. */
export function parsePlist(bytes) {
    let root;
    if (bytes.toString('latin1', 0, 8) === 'bplist00') {
        root = parseBuffer(bytes)[0];
    }
    else {
        const xml = bytes.toString('utf8');
        // DTDs are never fetched or expanded: entity declarations are refused outright.
        if (/<!ENTITY/i.test(xml))
            throw new Error('entity declarations are not allowed');
        root = parseXmlPlist(xml);
    }
    if (!root || typeof root !== 'object' || Array.isArray(root) || Buffer.isBuffer(root))
        throw new Error('root is not a dictionary');
    return root;
}
const xmlParser = new XMLParser({
    preserveOrder: true,
    processEntities: false,
    parseTagValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
});
const MAX_NESTING = 64;
/** XML plists through fast-xml-parser (entities off, nothing printed): dict, array and scalar elements. */
function parseXmlPlist(xml) {
    const nodes = xmlParser.parse(xml);
    const plistNode = nodes.find((n) => 'plist' in n);
    if (!plistNode)
        throw new Error('no <plist> element');
    const [first] = elements(plistNode['plist']);
    if (!first)
        throw new Error('empty <plist>');
    return toValue(first, 0);
}
function elements(children) {
    return Array.isArray(children)
        ? children.filter((c) => !('#text' in c) && !(':@' in c && Object.keys(c).length === 1))
        : [];
}
function textOf(children) {
    return Array.isArray(children)
        ? children.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('')
        : '';
}
function toValue(node, depth) {
    if (depth > MAX_NESTING)
        throw new Error('plist nested too deeply');
    const tag = Object.keys(node).find((k) => k !== ':@');
    const children = node[tag];
    switch (tag) {
        case 'dict': {
            const out = {};
            const items = elements(children);
            for (let i = 0; i + 1 < items.length; i += 2) {
                if (!('key' in items[i]))
                    throw new Error('dict entry without <key>');
                out[textOf(items[i]['key'])] = toValue(items[i + 1], depth + 1);
            }
            return out;
        }
        case 'array':
            return elements(children).map((c) => toValue(c, depth + 1));
        case 'true':
            return true;
        case 'false':
            return false;
        case 'integer':
        case 'real':
            return Number(textOf(children));
        default:
            return textOf(children);
    }
}
