import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
/**
 * Inventories waiting for the server, one file each, written atomically (temp file + rename) so a
 * crash never leaves half a file that would later be uploaded.
 */
export function createSpool(dir, maxFiles = 100) {
    return {
        dir,
        async add(name, body) {
            await mkdir(dir, { recursive: true });
            const path = join(dir, `${name}.inventory.json`);
            await writeFile(`${path}.tmp`, body, { mode: 0o600 });
            await rename(`${path}.tmp`, path);
            const pending = await this.list();
            // Oldest first are dropped past the cap: a newer inventory supersedes them on the server anyway.
            for (const old of pending.slice(0, Math.max(0, pending.length - maxFiles)))
                await rm(join(dir, old), { force: true });
            return path;
        },
        async list() {
            try {
                return (await readdir(dir)).filter((f) => f.endsWith('.inventory.json')).sort();
            }
            catch (error) {
                if (error.code === 'ENOENT')
                    return [];
                throw error;
            }
        },
        read: (file) => readFile(join(dir, file)),
        remove: (file) => rm(join(dir, file), { force: true }),
        async reject(file) {
            await mkdir(join(dir, 'rejected'), { recursive: true });
            await rename(join(dir, file), join(dir, 'rejected', file));
        },
    };
}
