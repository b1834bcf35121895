import { readTargets } from '../../inputs/read-targets.js';
import { AgentAuthError, collectToSpool, flushSpool } from '../../server/agent/agent.js';
import { createSpool } from '../../server/agent/spool.js';
import { UsageError } from '../io.js';
export function parseDuration(value) {
    const m = /^(\d+)(s|m|h|d)$/.exec(value.trim());
    if (!m)
        throw new UsageError(`--interval ${value}: expected a number and s, m, h or d, e.g. 6h`);
    return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2]] * 1000;
}
export async function runAgent(flags, io) {
    const token = flags.token ?? io.env.INTERDICT_TOKEN;
    if (!token)
        throw new UsageError('no API token', 'pass --token or set INTERDICT_TOKEN (interdict admin token create --role agent)');
    if (!/^https?:\/\//.test(flags.server))
        throw new UsageError(`--server ${flags.server}: expected an http(s) URL`);
    const interval = parseDuration(flags.interval);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const options = {
        server: flags.server,
        token,
        spool: createSpool(flags.spool),
        host: flags.hostName,
        collect: () => readTargets([], { includeHost: true }).observations,
        log: (m) => io.stderr.write(`interdict agent: ${m}\n`),
        signal: controller.signal,
    };
    try {
        for (;;) {
            await collectToSpool(options);
            const waiting = await flushSpool(options);
            if (waiting)
                options.log(`${waiting} inventories wait in ${flags.spool} for the next round`);
            if (flags.once)
                return waiting ? 3 : 0;
            await new Promise((resolve) => {
                const t = setTimeout(resolve, interval);
                controller.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
            });
            if (controller.signal.aborted)
                return 0;
        }
    }
    catch (error) {
        if (error instanceof AgentAuthError) {
            io.stderr.write(`interdict agent: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
    finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
    }
}
