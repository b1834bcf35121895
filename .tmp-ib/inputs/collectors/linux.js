import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DPKG_FORMAT, parseDpkgQuery, parseFlatpakList, parseRpmQuery, parseSnapList, parseSystemctlJson, parseSystemctlPlain, RPM_FORMAT, } from './linux-parse.js';
const ID = 'linux';
/** Runs a command with a 32 MiB output cap and a minute's timeout. */
export const runCommand = (file, args, signal) => new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 32 * 1024 * 1024, timeout: 60_000, signal, env: { ...process.env, LC_ALL: 'C.UTF-8' } }, (error, stdout, stderr) => {
        if (error)
            reject(Object.assign(error, { stderr: String(stderr) }));
        else
            resolve({ stdout: String(stdout) });
    });
});
/**
 * The live Linux host: dpkg, rpm, snap and flatpak packages, systemd services, running
 * processes and /opt. A source that is missing or fails is a located note, never the end of
 * the scan.
 */
export function createLinuxCollector(options = {}) {
    const run = options.run ?? runCommand;
    const procRoot = options.procRoot ?? '/proc';
    const optRoot = options.optRoot ?? '/opt';
    return {
        id: ID,
        description: 'this Linux host: dpkg/rpm/snap/flatpak packages, systemd services, processes, /opt',
        platforms: ['linux'],
        async *collect(ctx) {
            const host = options.host ?? ctx.host ?? hostname();
            const origin = (collector, locator) => ({
                source: host,
                format: ID,
                locator,
                collector,
            });
            const attempt = async (what, file, args) => {
                try {
                    return (await run(file, args, ctx.signal)).stdout;
                }
                catch (cause) {
                    reportFailure(ctx, what, file, cause);
                    return undefined;
                }
            };
            const packages = function* (collector, rows) {
                for (const row of rows) {
                    ctx.record();
                    const obs = {
                        kind: 'package',
                        name: row.name,
                        host,
                        ids: [row.id ? { kind: 'package', value: row.id } : { kind: 'linux-package', value: row.name }],
                        origin: origin(collector, `${collector}/${row.name}`),
                    };
                    if (row.version)
                        obs.version = row.version;
                    if (row.publisher)
                        obs.publisher = row.publisher;
                    if (row.arch)
                        obs.attributes = { arch: row.arch };
                    // dpkg keeps "config-files" entries for removed packages: the software itself is gone.
                    if (collector === 'dpkg' && row.status && row.status !== 'installed') {
                        obs.removed = true;
                        obs.attributes = { ...obs.attributes, status: row.status };
                    }
                    yield obs;
                }
            };
            const dpkg = await attempt('dpkg', 'dpkg-query', [
                '-W',
                `-f=${DPKG_FORMAT.replaceAll('\\t', '\t').replaceAll('\\n', '\n')}`,
            ]);
            if (dpkg !== undefined)
                yield* packages('dpkg', parseDpkgQuery(dpkg));
            const rpm = await attempt('rpm', 'rpm', [
                '-qa',
                '--qf',
                RPM_FORMAT.replaceAll('\\t', '\t').replaceAll('\\n', '\n'),
            ]);
            if (rpm !== undefined)
                yield* packages('rpm', parseRpmQuery(rpm));
            const snap = await attempt('snap', 'snap', ['list']);
            if (snap !== undefined)
                yield* packages('snap', parseSnapList(snap));
            const flatpak = await attempt('flatpak', 'flatpak', [
                'list',
                '--app',
                '--columns=application,name,version,origin',
            ]);
            if (flatpak !== undefined)
                yield* packages('flatpak', parseFlatpakList(flatpak));
            const units = await readUnits(ctx, attempt);
            for (const unit of units) {
                ctx.record();
                const obs = {
                    kind: 'service',
                    name: unit.description ?? unit.unit,
                    host,
                    ids: [{ kind: 'service', value: unit.unit.replace(/\.service$/, '') }],
                    origin: origin('systemd', `systemd/${unit.unit}`),
                };
                const attributes = {
                    unit: unit.unit,
                    ...(unit.active ? { active: unit.active } : {}),
                    ...(unit.sub ? { sub: unit.sub } : {}),
                };
                obs.attributes = attributes;
                yield obs;
            }
            yield* collectProcesses(ctx, procRoot, host, origin);
            yield* collectOpt(ctx, optRoot, host, origin);
        },
    };
}
export const linuxCollector = createLinuxCollector();
async function readUnits(ctx, attempt) {
    const json = await attempt('systemd', 'systemctl', [
        'list-units',
        '--all',
        '--type=service',
        '--output=json',
        '--no-pager',
    ]);
    if (json === undefined)
        return [];
    try {
        return parseSystemctlJson(json);
    }
    catch {
        // systemd before 251 ignores --output=json for list-units and prints the table.
        const plain = await attempt('systemd', 'systemctl', [
            'list-units',
            '--all',
            '--type=service',
            '--plain',
            '--no-legend',
            '--no-pager',
        ]);
        if (plain === undefined)
            return [];
        const units = parseSystemctlPlain(plain);
        if (units.length === 0 && plain.trim())
            ctx.error('systemd', 'could not read the output of systemctl list-units');
        return units;
    }
}
async function* collectProcesses(ctx, procRoot, host, origin) {
    let entries;
    try {
        entries = (await readdir(procRoot)).filter((e) => /^\d+$/.test(e));
    }
    catch (cause) {
        ctx.error('proc', `cannot list processes: ${cause.message}`);
        return;
    }
    const seen = new Map();
    for (const pid of entries) {
        const comm = (await readFile(join(procRoot, pid, 'comm'), 'utf8').catch(() => '')).trim();
        if (!comm)
            continue; // the process ended while we looked
        // Another user's executable is unreadable without root; the name still identifies it.
        const exe = await readlink(join(procRoot, pid, 'exe')).catch(() => undefined);
        // Kernel threads have neither an executable nor a command line: not software anyone installed.
        if (!exe && !(await readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => '')))
            continue;
        const key = `${comm}\0${exe ?? ''}`;
        const known = seen.get(key);
        if (known) {
            known.attributes['pids'] += `,${pid}`;
            continue;
        }
        const obs = {
            kind: 'process',
            name: comm,
            host,
            ids: [{ kind: 'process', value: comm }],
            attributes: { pids: pid },
            origin: origin('proc', `proc/${pid}`),
        };
        if (exe)
            obs.path = exe.replace(/ \(deleted\)$/, '');
        seen.set(key, obs);
    }
    for (const obs of seen.values()) {
        ctx.record();
        yield obs;
    }
}
async function* collectOpt(ctx, optRoot, host, origin) {
    let names;
    try {
        names = (await readdir(optRoot, { withFileTypes: true }))
            .filter((d) => d.isDirectory())
            .map((d) => d.name);
    }
    catch (cause) {
        if (cause.code !== 'ENOENT')
            ctx.error(optRoot, `cannot list: ${cause.message}`);
        return;
    }
    for (const name of names.sort()) {
        ctx.record();
        const path = join(optRoot, name);
        yield { kind: 'file', name, path, host, origin: origin('opt', path) };
    }
}
function reportFailure(ctx, what, file, cause) {
    const error = cause;
    if (error.name === 'AbortError')
        throw cause;
    const stderr = (error.stderr ?? '').trim().split('\n')[0];
    // Not installed, or no systemd in this container: nothing to read there, which is not a failure.
    if (error.code === 'ENOENT' || /not been booted with systemd/.test(stderr ?? '')) {
        ctx.note?.(what, `${file} is not available on this host (${stderr || 'not installed'}); skipped`);
        return;
    }
    ctx.error(what, `${file} failed: ${stderr || error.message}`);
}
