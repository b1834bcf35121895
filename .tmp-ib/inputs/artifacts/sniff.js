/** What an artifact is, decided from its first bytes (and, for package databases, its path). */
export const ARTIFACT_KINDS = [
    'pe',
    'elf',
    'macho',
    'zip',
    'tar',
    'gzip',
    'xar',
    'plist',
    'dpkg-status',
    'apk-installed',
    'rpmdb-sqlite',
    'rpmdb-legacy',
];
/** Bytes of the head that `sniffArtifact` needs: the tar magic sits at 257, an XML plist header within 1 KiB. */
export const SNIFF_BYTES = 1024;
const MACHO_MAGICS = new Set([0xfeedface, 0xcefaedfe, 0xfeedfacf, 0xcffaedfe]);
/**
 * The artifact kind of some bytes, or undefined when the scanner has nothing to read in them.
 * @example sniffArtifact(head, '/rootfs/var/lib/dpkg/status') // 'dpkg-status'
 */
export function sniffArtifact(head, path) {
    const byPath = sniffPackageDatabase(head, path);
    if (byPath)
        return byPath;
    if (head.length < 4)
        return undefined;
    const magic = head.readUInt32BE(0);
    if (head[0] === 0x4d && head[1] === 0x5a)
        return 'pe';
    if (magic === 0x7f454c46)
        return 'elf';
    if (MACHO_MAGICS.has(magic))
        return 'macho';
    // 0xcafebabe is also a Java class file; a fat Mach-O has a small architecture count where Java has its version.
    if (magic === 0xcafebabe && head.length >= 8 && head.readUInt32BE(4) > 0 && head.readUInt32BE(4) < 20)
        return 'macho';
    if (magic === 0x504b0304 || magic === 0x504b0506)
        return 'zip';
    if (head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (magic === 0x78617221)
        return 'xar';
    if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar')
        return 'tar';
    if (isPlist(head))
        return 'plist';
    return undefined;
}
function sniffPackageDatabase(head, path) {
    const p = path.replace(/\\/g, '/');
    if (p.endsWith('var/lib/dpkg/status'))
        return head.toString('latin1', 0, 8) === 'Package:' ? 'dpkg-status' : undefined;
    if (p.endsWith('lib/apk/db/installed'))
        return /^C:|^P:/.test(head.toString('latin1', 0, 2)) ? 'apk-installed' : undefined;
    if (/(^|\/)rpm\/rpmdb\.sqlite$/.test(p))
        return head.toString('latin1', 0, 15) === 'SQLite format 3' ? 'rpmdb-sqlite' : undefined;
    if (/(^|\/)var\/lib\/rpm\/Packages(\.db)?$/.test(p))
        return 'rpmdb-legacy';
    return undefined;
}
function isPlist(head) {
    if (head.toString('latin1', 0, 8) === 'bplist00')
        return true;
    const text = head
        .toString('latin1', 0, Math.min(head.length, 1024))
        .replace(/^\ufeff|^\xef\xbb\xbf/, '')
        .trimStart();
    return ((text.startsWith('<?xml') || text.startsWith('<!DOCTYPE') || text.startsWith('<plist')) &&
        /<(!DOCTYPE )?plist/.test(text));
}
