import { cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareVersions } from '../policy/version-range.js';
import { defaultDataDir, loadDataPack } from './load.js';
import { verifyDataPack } from './verify.js';
/**
 * Where `interdict data update` installs a newer pack: `$INTERDICT_DATA_HOME`, else
 * `$XDG_DATA_HOME/interdict/data`, else `~/.local/share/interdict/data`.
 */
export function userDataDir(env = process.env) {
    if (env.INTERDICT_DATA_HOME)
        return resolve(env.INTERDICT_DATA_HOME);
    return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'interdict', 'data');
}
/** The version line of a pack's manifest, read without a YAML parser (start-up cost). */
async function readPackVersion(dir) {
    try {
        const text = await readFile(join(dir, 'pack.yaml'), 'utf8');
        return /^version:\s*['"]?([^'"\s#]+)/m.exec(text)?.[1];
    }
    catch {
        return undefined;
    }
}
/** The pack a scan uses by default: an installed update when it is newer than the bundled pack. */
export async function preferredDataDir(env = process.env) {
    const bundled = defaultDataDir();
    const installed = userDataDir(env);
    const [a, b] = await Promise.all([readPackVersion(bundled), readPackVersion(installed)]);
    return b && (!a || compareVersions(b, a) > 0) ? installed : bundled;
}
/**
 * Validates the pack in `from` and, when it is valid and newer than the one in use (or `force`),
 * copies it into the user data folder, replacing any earlier update in one rename.
 */
export async function installDataPack(from, options = {}) {
    const pack = await loadDataPack(from, { cache: false });
    const problems = verifyDataPack(pack).problems;
    const target = userDataDir(options.env);
    const current = await loadDataPack(await preferredDataDir(options.env));
    const base = { pack, target, previous: current.version, problems };
    if (problems.length)
        return { ...base, installed: false };
    if (!options.force && compareVersions(pack.version, current.version) <= 0)
        return { ...base, installed: false };
    const staging = `${target}.new-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await cp(resolve(from), staging, { recursive: true, filter: (src) => isPackPath(src) });
    const old = `${target}.old-${process.pid}`;
    const exists = await stat(target).then(() => true, () => false);
    if (exists)
        await rename(target, old);
    await rename(staging, target);
    if (exists)
        await rm(old, { recursive: true, force: true });
    return { ...base, installed: true };
}
function isPackPath(src) {
    return !/[\\/](node_modules|\.git)([\\/]|$)/.test(src);
}
