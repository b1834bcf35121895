import { createHash } from 'node:crypto';
import { posix } from 'node:path';
export const ARTIFACT_FORMAT_ID = 'artifact';
export function locate(frame) {
    return frame.chain.join('!/');
}
export function enterMember(frame, member, carrier = frame.carrier) {
    return { chain: [...frame.chain, member], path: toMemberPath(member), depth: frame.depth + 1, carrier };
}
/** '/'-rooted, '..'-free path of an archive member: names never address anything outside the archive. */
export function toMemberPath(name) {
    return posix.normalize(`/${name.replace(/\\/g, '/')}`).replace(/\/+$/, '') || '/';
}
/** Top-level directories of an installed system: a tree unpacked anywhere is matched from its root. */
const SYSTEM_ROOTS = /\/(opt|usr|etc|var|lib|lib64|bin|sbin|srv|Library|Applications|System|Program Files|Program Files \(x86\)|ProgramData|Windows)\//g;
/** The path plus each suffix that starts at a system root, so `/mnt/fw/opt/kaspersky/x` also meets `^/opt/kaspersky/`. */
export function listPathIds(path) {
    const normalized = path.replace(/\\/g, '/');
    const ids = [];
    for (const m of normalized.matchAll(SYSTEM_ROOTS)) {
        if (m.index > 0)
            ids.push({ kind: 'path', value: normalized.slice(m.index) });
    }
    return ids;
}
/**
 * An observation for evidence found at `frame`. The file is hashed (streamed) only when its
 * evidence passes the catalog prefilter: findings always carry a hash, clean files cost no hashing.
 */
export async function observe(scan, frame, evidence, reader) {
    const ids = [...evidence.ids, ...listPathIds(frame.path)];
    const text = [evidence.name, evidence.publisher, frame.path, ...ids.map((i) => i.value)]
        .filter(Boolean)
        .join('\n');
    const obs = {
        kind: frame.depth > 0 && evidence.kind === 'file' ? 'component' : evidence.kind,
        ...(evidence.name ? { name: evidence.name } : {}),
        ...(evidence.publisher ? { publisher: evidence.publisher } : {}),
        ...(evidence.version ? { version: evidence.version } : {}),
        ...(scan.ctx.host ? { host: scan.ctx.host } : {}),
        path: frame.path,
        ids: dedupe(ids),
        origin: { source: scan.source, format: ARTIFACT_FORMAT_ID, locator: locate(frame) },
    };
    const carrier = evidence.carrier ?? frame.carrier;
    if (carrier)
        obs.carrier = carrier;
    if (evidence.attributes && Object.keys(evidence.attributes).length)
        obs.attributes = evidence.attributes;
    if (reader && scan.ctx.mayMatch(text))
        obs.sha256 = await hashReader(reader, scan.ctx.signal);
    return obs;
}
const HASH_WINDOW = 4 * 1024 * 1024;
export async function hashReader(reader, signal) {
    const hash = createHash('sha256');
    if (reader.buffer)
        return hash.update(reader.buffer).digest('hex');
    for (let at = 0; at < reader.size; at += HASH_WINDOW) {
        signal?.throwIfAborted();
        hash.update(await reader.read(at, HASH_WINDOW));
    }
    return hash.digest('hex');
}
function dedupe(ids) {
    const seen = new Set();
    return ids.filter((i) => {
        const k = `${i.kind}\0${i.value}`;
        if (!i.value || seen.has(k))
            return false;
        seen.add(k);
        return true;
    });
}
export function baseNameOf(path) {
    return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}
