import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import { createLoginThrottle, type LoginThrottleOptions } from './auth/login-throttle.js';
import { DEFAULT_CONFIG, type ServerConfig, type ServerContext, type ServerPack } from './context.js';
import type { Store } from './db/dialect.js';
import { createEvaluationCache } from './evaluation.js';
import { createGate } from './gate.js';
import { createUploadParser } from './ingest/upload-parser.js';
import { createMetrics } from './metrics.js';

export function createServerContext(o: {
  store: Store;
  pack: ServerPack;
  logger?: Logger;
  config?: Partial<ServerConfig>;
  now?: () => Date;
  loginThrottle?: Partial<LoginThrottleOptions>;
}): ServerContext {
  const metrics = createMetrics();
  const config: ServerConfig = { ...DEFAULT_CONFIG, instance: `${hostname()}:${process.pid}`, ...o.config };
  const ctx: ServerContext = {
    store: o.store,
    pack: o.pack,
    logger: o.logger ?? pino({ level: 'silent' }),
    metrics,
    config,
    evaluations: createEvaluationCache(o.pack),
    loginThrottle: createLoginThrottle(o.loginThrottle),
    gates: {
      parse: createGate({
        name: 'upload parsing',
        concurrency: config.maxParses,
        queue: config.parseQueue,
        status: 503,
        retryAfter: config.retryAfter,
      }),
      password: createGate({
        name: 'login',
        concurrency: config.maxPasswordChecks,
        queue: config.passwordQueue,
        status: 429,
        retryAfter: config.retryAfter,
      }),
    },
    uploadParser: createUploadParser(o.pack, {
      workers: config.maxParses,
      memoryMb: config.parseMemory,
      inThread: config.parseInThread,
    }),
    now: o.now ?? (() => new Date()),
  };
  metrics.gauge('interdict_jobs_queued', 'Background jobs waiting to run.', async () => {
    const row = await o.store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'queued')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
  return ctx;
}
