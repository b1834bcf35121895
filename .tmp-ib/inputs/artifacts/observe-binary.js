import { baseNameOf, observe } from './frame.js';
const ELF_TYPES = {
    1: 'relocatable',
    2: 'executable',
    3: 'shared object',
    4: 'core',
};
/**
 * An ELF file: its file name and where it lies. Linux builds carry no publisher metadata, so
 * what identifies them is the install path (`/opt/kaspersky/…`) and the file name.
 */
export async function observeElf(scan, frame, reader) {
    const head = await reader.read(0, 20);
    if (head.length < 20)
        return [];
    const little = head[5] !== 2;
    const type = little ? head.readUInt16LE(16) : head.readUInt16BE(16);
    const attributes = {
        elf: `${head[4] === 2 ? '64' : '32'}-bit ${ELF_TYPES[type] ?? `type ${type}`}`,
    };
    // The matcher compares a file name with process and driver names too.
    const ids = [{ kind: 'file-name', value: baseNameOf(frame.path) }];
    return [await observe(scan, frame, { kind: 'file', ids, attributes }, reader)];
}
