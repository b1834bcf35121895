/** Parsers for the outputs the Linux collector runs; pure, so recorded outputs can be tested. */
/** The `-f` format the collector passes to `dpkg-query -W`. */
export const DPKG_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Status}\\t${Maintainer}\\n';
/** The `--qf` format the collector passes to `rpm -qa`. */
export const RPM_FORMAT = '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{VENDOR}\\n';
/** `dpkg-query -W -f="$DPKG_FORMAT"` output. */
export function parseDpkgQuery(text) {
    return splitRows(text).map(({ cells, line }) => ({
        name: cells[0],
        version: cells[1] || undefined,
        arch: cells[2] || undefined,
        status: cells[3] || undefined,
        publisher: cells[4] || undefined,
        line,
    }));
}
/** `rpm -qa --qf "$RPM_FORMAT"` output; rpm prints "(none)" for a missing vendor. */
export function parseRpmQuery(text) {
    return splitRows(text).map(({ cells, line }) => ({
        name: cells[0],
        version: cells[1] || undefined,
        arch: cells[2] && cells[2] !== '(none)' ? cells[2] : undefined,
        publisher: cells[3] && cells[3] !== '(none)' ? cells[3] : undefined,
        line,
    }));
}
/** `snap list`: a column table "Name Version Rev Tracking Publisher Notes". */
export function parseSnapList(text) {
    const out = [];
    text.split('\n').forEach((raw, i) => {
        const row = i === 0 ? undefined : parseSnapLine(raw, i + 1);
        if (row)
            out.push(row);
    });
    return out;
}
/** One data line of `snap list` (not the header), or undefined when it has too few columns. */
export function parseSnapLine(raw, line) {
    const cells = raw.trim().split(/\s+/);
    if (cells.length < 5 || !cells[0])
        return undefined;
    return {
        name: cells[0],
        version: cells[1],
        // Verified publishers carry a check mark (✓, or ** without unicode).
        publisher: cells[4].replace(/(\u2713|\*\*|\u2605|\*)$/u, '') || undefined,
        line,
    };
}
/** `flatpak list --app --columns=application,name,version,origin`: tab-separated, maybe with a header. */
export function parseFlatpakList(text) {
    return splitRows(text)
        .filter(({ cells }) => !/^application id$/i.test(cells[0]))
        .map(({ cells, line }) => ({
        name: cells[1] || cells[0],
        version: cells[2] || undefined,
        publisher: cells[3] || undefined,
        id: cells[0],
        line,
    }));
}
/** `systemctl list-units --all --type=service --output=json`. */
export function parseSystemctlJson(text) {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed))
        throw new Error('expected a JSON array of units');
    return parsed.flatMap((u, i) => typeof u?.['unit'] === 'string'
        ? [
            {
                unit: u['unit'],
                load: str(u['load']),
                active: str(u['active']),
                sub: str(u['sub']),
                description: str(u['description']),
                line: i + 1,
            },
        ]
        : []);
}
/** `systemctl list-units --all --type=service --plain --no-legend --no-pager` (older systemd). */
export function parseSystemctlPlain(text) {
    const out = [];
    text.split('\n').forEach((raw, i) => {
        const m = /^\s*(?:[●*×]\s+)?(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/u.exec(raw);
        if (!m || !m[1].includes('.'))
            return;
        out.push({
            unit: m[1],
            load: m[2],
            active: m[3],
            sub: m[4],
            description: m[5]?.trim() || undefined,
            line: i + 1,
        });
    });
    return out;
}
function splitRows(text) {
    const rows = [];
    text.split('\n').forEach((raw, i) => {
        const trimmed = raw.replace(/\r$/, '');
        if (!trimmed.trim())
            return;
        const cells = trimmed.split('\t').map((c) => c.trim());
        if (cells[0])
            rows.push({ cells, line: i + 1 });
    });
    return rows;
}
function str(value) {
    return typeof value === 'string' && value ? value : undefined;
}
