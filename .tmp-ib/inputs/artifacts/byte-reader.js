import { open } from 'node:fs/promises';
/** Wraps bytes already in memory. */
export function createBufferReader(buffer) {
    return {
        size: buffer.length,
        buffer,
        read: (position, length) => Promise.resolve(sliceWindow(buffer, position, length)),
        close: () => Promise.resolve(),
    };
}
/** Opens a file read-only; the caller closes it. */
export async function openFileReader(path) {
    const handle = await open(path, 'r');
    const { size } = await handle.stat();
    return {
        size,
        fd: handle.fd,
        async read(position, length) {
            const start = clamp(position, size);
            const want = clamp(length, size - start);
            const out = Buffer.allocUnsafe(want);
            let filled = 0;
            while (filled < want) {
                const { bytesRead } = await handle.read(out, filled, want - filled, start + filled);
                if (bytesRead === 0)
                    break;
                filled += bytesRead;
            }
            return out.subarray(0, filled);
        },
        close: () => handle.close(),
    };
}
function sliceWindow(buffer, position, length) {
    const start = clamp(position, buffer.length);
    return buffer.subarray(start, start + clamp(length, buffer.length - start));
}
function clamp(value, max) {
    if (!Number.isFinite(value) || value < 0)
        return 0;
    return Math.min(Math.floor(value), Math.max(0, max));
}
