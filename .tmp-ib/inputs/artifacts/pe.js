import { parseVersionInfo } from './version-info.js';
/** Thrown when the bytes are not a PE at all (an MZ stub without a PE header). */
export class NotPeError extends Error {
}
const RT_VERSION = 16;
const WIN_CERT_TYPE_PKCS_SIGNED_DATA = 0x0002;
const MAX_SECTIONS = 96;
const MAX_DIRECTORY_ENTRIES = 4096;
/**
 * Reads the headers, the RT_VERSION resource and the certificate table of a PE file through
 * bounded windows. Hostile offsets and sizes end the affected part with a problem, never a throw
 * past `NotPeError`.
 */
export async function parsePe(reader, maxStructureBytes) {
    const dos = await reader.read(0, 64);
    if (dos.length < 64 || dos.readUInt16LE(0) !== 0x5a4d)
        throw new NotPeError('no DOS header');
    const peOffset = dos.readUInt32LE(0x3c);
    const head = await reader.read(peOffset, 24);
    if (head.length < 24 || head.readUInt32LE(0) !== 0x00004550)
        throw new NotPeError('no PE signature at e_lfanew');
    const machine = head.readUInt16LE(4);
    const sectionCount = head.readUInt16LE(6);
    const optionalSize = head.readUInt16LE(20);
    const characteristics = head.readUInt16LE(22);
    const optional = await reader.read(peOffset + 24, optionalSize);
    const info = {
        machine,
        dll: (characteristics & 0x2000) !== 0,
        native: false,
        signatures: [],
        problems: [],
    };
    if (optional.length < 70) {
        info.problems.push('optional header truncated');
        return info;
    }
    const magic = optional.readUInt16LE(0);
    const wide = magic === 0x20b;
    if (!wide && magic !== 0x10b) {
        info.problems.push(`unknown optional header magic 0x${magic.toString(16)}`);
        return info;
    }
    info.native = optional.readUInt16LE(68) === 1;
    const countAt = wide ? 108 : 92;
    const directories = countAt + 4;
    const directoryCount = optional.length >= directories ? Math.min(optional.readUInt32LE(countAt), 16) : 0;
    const directory = (index) => {
        const at = directories + index * 8;
        if (index >= directoryCount || at + 8 > optional.length)
            return undefined;
        const address = optional.readUInt32LE(at);
        const size = optional.readUInt32LE(at + 4);
        return address && size ? { address, size } : undefined;
    };
    const sections = await readSections(reader, peOffset + 24 + optionalSize, Math.min(sectionCount, MAX_SECTIONS));
    const resources = directory(2);
    if (resources) {
        try {
            const bytes = await findVersionResource(reader, sections, resources.address, maxStructureBytes);
            if (bytes)
                info.version = parseVersionInfo(bytes);
        }
        catch (cause) {
            info.problems.push(`version resource: ${cause.message}`);
        }
    }
    const security = directory(4);
    if (security)
        info.signatures = await readCertificateTable(reader, security, maxStructureBytes, info.problems);
    return info;
}
async function readSections(reader, at, count) {
    const table = await reader.read(at, count * 40);
    const sections = [];
    for (let i = 0; i + 40 <= table.length; i += 40) {
        sections.push({
            virtualSize: table.readUInt32LE(i + 8),
            rva: table.readUInt32LE(i + 12),
            rawSize: table.readUInt32LE(i + 16),
            rawOffset: table.readUInt32LE(i + 20),
        });
    }
    return sections;
}
function toOffset(sections, rva) {
    for (const s of sections) {
        const span = Math.max(s.virtualSize, s.rawSize);
        if (rva >= s.rva && rva < s.rva + span && rva - s.rva < s.rawSize)
            return s.rawOffset + (rva - s.rva);
    }
    return undefined;
}
/** Walks type → name → language of the resource tree to the first RT_VERSION data entry. */
async function findVersionResource(reader, sections, rootRva, maxBytes) {
    const root = toOffset(sections, rootRva);
    if (root === undefined)
        throw new Error('resource directory outside every section');
    const entries = async (offset) => {
        const header = await reader.read(offset, 16);
        if (header.length < 16)
            throw new Error(`resource directory truncated at byte ${offset}`);
        const count = Math.min(header.readUInt16LE(12) + header.readUInt16LE(14), MAX_DIRECTORY_ENTRIES);
        const raw = await reader.read(offset + 16, count * 8);
        const out = [];
        for (let i = 0; i + 8 <= raw.length; i += 8) {
            const name = raw.readUInt32LE(i);
            const data = raw.readUInt32LE(i + 4);
            out.push({
                id: name & 0x80000000 ? -1 : name,
                target: root + (data & 0x7fffffff),
                isDirectory: (data & 0x80000000) !== 0,
            });
        }
        return out;
    };
    const type = (await entries(root)).find((e) => e.id === RT_VERSION && e.isDirectory);
    if (!type)
        return undefined;
    let node = type;
    // Two more levels (name, language); a loop back to a visited directory is hostile input.
    const visited = new Set([root, type.target]);
    for (let level = 0; level < 2; level++) {
        const next = (await entries(node.target))[0];
        if (!next)
            return undefined;
        if (next.isDirectory && visited.has(next.target))
            throw new Error('resource directory loops');
        visited.add(next.target);
        node = next;
    }
    if (node.isDirectory)
        throw new Error('resource tree deeper than type/name/language');
    const entry = await reader.read(node.target, 16);
    if (entry.length < 16)
        throw new Error('resource data entry truncated');
    const size = entry.readUInt32LE(4);
    if (size > maxBytes)
        throw new Error(`version resource of ${size} bytes exceeds the ${maxBytes}-byte limit`);
    const offset = toOffset(sections, entry.readUInt32LE(0));
    if (offset === undefined)
        throw new Error('version resource outside every section');
    return reader.read(offset, size);
}
/** WIN_CERTIFICATE entries: dwLength, wRevision, wCertificateType, then the blob, 8-byte aligned. */
async function readCertificateTable(reader, table, maxBytes, problems) {
    if (table.size > maxBytes) {
        problems.push(`certificate table of ${table.size} bytes exceeds the ${maxBytes}-byte limit`);
        return [];
    }
    const bytes = await reader.read(table.address, table.size);
    if (bytes.length < table.size)
        problems.push(`certificate table truncated at byte ${table.address + bytes.length}`);
    const out = [];
    for (let at = 0; at + 8 <= bytes.length;) {
        const length = bytes.readUInt32LE(at);
        const type = bytes.readUInt16LE(at + 6);
        if (length < 8 || at + length > bytes.length) {
            problems.push(`certificate entry at byte ${table.address + at} has a bad length ${length}`);
            break;
        }
        if (type === WIN_CERT_TYPE_PKCS_SIGNED_DATA)
            out.push(bytes.subarray(at + 8, at + length));
        at += (length + 7) & ~7;
    }
    return out;
}
