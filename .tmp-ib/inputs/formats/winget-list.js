import { createLineFormat, sampleLines } from './line-format.js';
const ID = 'winget-list';
const HEADER = /^Name\s+Id\s+Version(\s+Available)?(\s+Source)?\s*$/;
/**
 * `winget list` as printed to a file: a fixed-width table whose column starts are read from
 * the header. Truncated cells end in '…'; progress-bar lines before the header are ignored.
 */
export const wingetList = createLineFormat({
    id: ID,
    description: 'winget list text table',
    producedBy: 'winget list --accept-source-agreements > winget-list.txt',
    detect(sample) {
        const lines = sampleLines(sample, 8).map(stripProgress);
        const i = lines.findIndex((l) => HEADER.test(l));
        return i !== -1 && /^-{20,}\s*$/.test(lines[i + 1] ?? '') ? { id: ID, confidence: 0.95 } : undefined;
    },
    start: () => ({}),
    isHeader(text, _line, state) {
        const line = stripProgress(text);
        if (HEADER.test(line)) {
            state.columns = {
                id: line.indexOf(' Id ') + 1,
                version: line.indexOf(' Version') + 1,
                available: positionOf(line, ' Available'),
                source: positionOf(line, ' Source'),
            };
            return true;
        }
        // Separator, progress spinner and bars, and the "N upgrades available" footer.
        return (!state.columns ||
            /^-{10,}\s*$/.test(line) ||
            /^\s*[-\\|/]?\s*$/.test(line) ||
            /upgrades? available/.test(line));
    },
    parse(text, _line, state) {
        const c = state.columns;
        const chars = [...stripProgress(text)];
        const name = chars.slice(0, c.id).join('').trim();
        const id = chars.slice(c.id, c.version).join('').trim();
        // A long version pushes later columns right: split what follows on runs of spaces.
        const tail = chars.slice(c.version).join('').trim().split(/\s+/).filter(Boolean);
        if (tail[0] === '<' || tail[0] === '>')
            tail.splice(0, 2, `${tail[0]} ${tail[1] ?? ''}`.trim());
        const version = tail[0];
        const source = c.source !== undefined && tail.length > 1 ? tail[tail.length - 1] : undefined;
        if (!name)
            return { error: 'row without a name' };
        const obs = { kind: 'program', name: name.replace(/…$/, '') };
        if (version)
            obs.version = version;
        // ARP entries are listed as ARP\Machine\X64\{PRODUCT-CODE} (or the bare code).
        const code = /(\{[0-9A-F-]{36}\})$/i.exec(id)?.[1];
        if (code)
            obs.ids = [{ kind: 'product-code', value: code.toUpperCase() }];
        else if (id && !id.endsWith('…'))
            obs.ids = [{ kind: 'winget-id', value: id }];
        if (source && /^(winget|msstore)$/i.test(source))
            obs.attributes = { source };
        return obs;
    },
});
function stripProgress(line) {
    // winget draws its spinner with \r on the same line: keep what follows the last one.
    const cr = line.lastIndexOf('\r');
    return (cr === -1 ? line : line.slice(cr + 1)).replace(/^[\u2580-\u259f\s]+[\d.]+\s*[KMG]?B\s*\/\s*[\d.]+\s*[KMG]?B\s*$/, '');
}
function positionOf(line, label) {
    const i = line.indexOf(label);
    return i === -1 ? undefined : i + 1;
}
