import { existsSync } from 'node:fs';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { VERSION } from '../version.js';
import { authenticate, type AppEnv } from './auth/middleware.js';
import type { ServerContext } from './context.js';
import { accountRoutes } from './routes/accounts.js';
import { catalogRoutes } from './routes/catalog.js';
import { collaborationRoutes } from './routes/collaboration.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { Overloaded } from './gate.js';
import { BadCursor } from './routes/define.js';
import { enrolmentRoutes } from './routes/enrolment.js';
import { findingsRoutes } from './routes/findings.js';
import { hostListRoutes } from './routes/host-list.js';
import { hostsRoutes } from './routes/hosts.js';
import { reportsRoutes } from './routes/reports.js';
import { votesRoutes } from './routes/votes.js';
import { webhookRoutes } from './routes/webhooks.js';

export interface AppOptions {
  /** Folder of the built dashboard served at `/`; skipped when it does not exist. */
  staticDir?: string;
}

/**
 * The HTTP app over a server context: JSON API under /api/v1 with its OpenAPI document, /healthz,
 * /metrics and the dashboard's static files. Test it with `app.request()`.
 * @example const app = createApp(ctx); const res = await app.request('/healthz');
 */
export function createApp(ctx: ServerContext, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }));
        return c.json(
          {
            error: 'invalid-request',
            message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
            issues,
          },
          400,
        );
      }
      return undefined;
    },
  });

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const route = routePath(c) || 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    ctx.metrics.inc('http_requests_total', { method: c.req.method, route, status: String(c.res.status) });
    ctx.metrics.observe('http_request_duration_seconds', seconds, { method: c.req.method, route });
    if (c.res.status >= 500)
      ctx.logger.error({ method: c.req.method, route, status: c.res.status }, 'request failed');
    else
      ctx.logger.debug(
        { method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
        'request',
      );
  });
  app.use('*', secureHeaders());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: ctx.config.bodyLimit,
      // The rest of the body is never read: close the connection so the client does not reuse it.
      onError: (c) =>
        c.json({ error: 'too-large', message: `request body over ${ctx.config.bodyLimit} bytes` }, 413, {
          connection: 'close',
        }),
    }),
  );
  app.use('/api/*', authenticate(ctx));
  app.use('/api/*', async (c, next) => {
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail in the database.
    for (const [name, values] of Object.entries(c.req.queries())) {
      if (values.some((v) => v.includes('\u0000')))
        return c.json(
          { error: 'invalid-request', message: `query parameter ${name} contains a NUL character` },
          400,
        );
    }
    return next();
  });

  app.get('/healthz', async (c) => {
    const db = await checkDatabase(ctx);
    const base = { version: VERSION, data: `${ctx.pack.version}+${ctx.pack.hash}`, store: ctx.store.kind };
    const load = { parsing: ctx.gates.parse.running, parsesQueued: ctx.gates.parse.waiting };
    if (db === 'ok') return c.json({ status: 'ok', ...base, db, ...load });
    return c.json({ status: 'degraded', ...base, db, ...load }, 503, {
      'retry-after': String(ctx.config.retryAfter),
    });
  });
  app.get('/metrics', async (c) =>
    c.text(await ctx.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }),
  );

  app.route('/', hostsRoutes);
  app.route('/', findingsRoutes);
  app.route('/', catalogRoutes);
  app.route('/', collaborationRoutes);
  app.route('/', accountRoutes);
  app.route('/', reportsRoutes);
  app.route('/', votesRoutes);
  app.route('/', hostListRoutes);
  app.route('/', enrolmentRoutes);
  app.route('/', webhookRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'interdict_session',
  });
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'interdict server API',
      version: VERSION,
      description: 'Fleet findings of banned-vendor software and suppliers.',
    },
  });

  app.notFound((c) => c.json({ error: 'not-found', message: `no route ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    if (error instanceof BadCursor) return c.json({ error: 'invalid-request', message: error.message }, 400);
    if (error instanceof Overloaded) {
      ctx.metrics.inc('interdict_overloaded_total', { status: String(error.status) });
      return c.json(
        { error: 'overloaded', message: error.message, retryAfter: error.retryAfter },
        error.status,
        {
          'retry-after': String(error.retryAfter),
        },
      );
    }
    if (isDatabaseUnavailable(error)) {
      ctx.logger.warn({ err: error, method: c.req.method, path: c.req.path }, 'database unavailable');
      const retryAfter = ctx.config.retryAfter;
      return c.json(
        { error: 'unavailable', message: `database unavailable; try again in ${retryAfter} s`, retryAfter },
        503,
        { 'retry-after': String(retryAfter) },
      );
    }
    ctx.logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal', message: 'internal error; the server log has the details' }, 500);
  });

  if (options.staticDir && existsSync(options.staticDir)) mountStatic(app, options.staticDir);
  return app;
}

/** The database answers within the health timeout: `ok`, `unreachable` (an error) or `timeout`. */
async function checkDatabase(ctx: ServerContext): Promise<'ok' | 'unreachable' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ctx.config.healthTimeout);
  });
  const query = ctx.store.db
    .selectFrom('tenants')
    .select('id')
    .limit(1)
    .execute()
    .then(
      () => 'ok' as const,
      (error: unknown) => {
        ctx.logger.warn({ err: error }, 'health check: database unreachable');
        return 'unreachable' as const;
      },
    );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function mountStatic(app: OpenAPIHono<AppEnv>, root: string) {
  // Loaded only when a dashboard folder exists.
  const load = import('@hono/node-server/serve-static');
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const { serveStatic } = await load;
    return serveStatic({ root })(c, next);
  });
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const { serveStatic } = await load;
    return serveStatic({ root, path: 'index.html' })(c, next);
  });
}
