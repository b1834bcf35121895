const MIN_BYTES = 4 * 1024 * 1024;
const INTERVAL_MS = 200;
/** One overwritten line on a TTY for inputs of a few MB and more; silent when piped or quiet. */
export function createProgress(stderr, enabled) {
    const active = enabled && stderr.isTTY === true;
    let last = 0;
    let shown = false;
    const started = Date.now();
    return {
        update(done, total, source) {
            if (!active)
                return;
            const now = Date.now();
            if (now - last < INTERVAL_MS || (total !== undefined && total < MIN_BYTES) || done < MIN_BYTES)
                return;
            last = now;
            const mb = done / 1048576;
            const rate = mb / Math.max((now - started) / 1000, 0.001);
            const pct = total ? ` ${Math.min(100, Math.floor((done / total) * 100))}%` : '';
            const line = `scanning ${source ?? ''}${pct} ${mb.toFixed(0)} MB ${rate.toFixed(0)} MB/s`;
            stderr.write(`\r${line.slice(0, (stderr.columns ?? 80) - 1)}\x1b[K`);
            shown = true;
        },
        done() {
            if (shown)
                stderr.write('\r\x1b[K');
        },
    };
}
