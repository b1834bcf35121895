import { hostname } from 'node:os';
import pino, {} from 'pino';
import { createLoginThrottle } from './auth/login-throttle.js';
import { DEFAULT_CONFIG } from './context.js';
import { createEvaluationCache } from './evaluation.js';
import { createMetrics } from './metrics.js';
export function createServerContext(o) {
    const metrics = createMetrics();
    const ctx = {
        store: o.store,
        pack: o.pack,
        logger: o.logger ?? pino({ level: 'silent' }),
        metrics,
        config: { ...DEFAULT_CONFIG, instance: `${hostname()}:${process.pid}`, ...o.config },
        evaluations: createEvaluationCache(o.pack),
        loginThrottle: createLoginThrottle(o.loginThrottle),
        now: o.now ?? (() => new Date()),
    };
    metrics.gauge('interdict_jobs_queued', 'Background jobs waiting to run.', async () => {
        const row = await o.store.db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('state', '=', 'queued')
            .executeTakeFirstOrThrow();
        return Number(row.n);
    });
    return ctx;
}
