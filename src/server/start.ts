import { serve, type ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import { createSetupLink } from './accounts.js';
import { createApp } from './app.js';
import type { ServerConfig, ServerPack } from './context.js';
import { createServerContext } from './create-context.js';
import { openStore } from './db/dialect.js';
import { migrateToLatest } from './db/migrate.js';
import { runJobs, scheduleReevaluations } from './jobs.js';
import { startDispatcher } from './notify/dispatcher.js';
import { scheduleReminders } from './notify/reminders.js';

export interface StartOptions {
  db: string;
  port: number;
  host: string;
  pack: ServerPack;
  logger: Logger;
  staticDir?: string;
  config?: Partial<ServerConfig>;
  /** Seconds between background passes (schedule re-evaluations, run jobs, phase reminders). */
  jobInterval?: number;
  /** Seconds between webhook delivery passes. */
  notifyInterval?: number;
}

export interface RunningServer {
  url: string;
  /** One-time link to create the first admin, when the store has no user yet. */
  setupUrl?: string;
  close(): Promise<void>;
}

/** The port is taken: a message for the user, not a stack. */
export class PortInUseError extends Error {}

/**
 * Opens the store, applies migrations, serves the app and runs background jobs. Stateless: any
 * number of these may share one PostgreSQL.
 */
export async function startServer(o: StartOptions): Promise<RunningServer> {
  const store = await openStore(o.db, {
    onConnectionError: (error) => o.logger.warn({ err: error }, 'database connection lost; it is replaced'),
  });
  const applied = await migrateToLatest(store);
  if (applied.length) o.logger.info({ migrations: applied, store: store.location }, 'migrations applied');
  const ctx = createServerContext({
    store,
    pack: o.pack,
    logger: o.logger,
    config: { ...o.config, publicUrl: o.config?.publicUrl ?? localUrl(o.host, o.port) },
  });
  const app = createApp(ctx, { staticDir: o.staticDir });
  const setupSecret = await createSetupLink(store.db, ctx.now());

  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await scheduleReevaluations(ctx);
      await runJobs(ctx);
      await scheduleReminders(ctx);
    } catch (error) {
      o.logger.error({ err: error }, 'background pass failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), (o.jobInterval ?? 60) * 1000);
  timer.unref();
  void pass();
  const dispatcher = startDispatcher(ctx, (o.notifyInterval ?? 2) * 1000);

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: o.port, hostname: o.host }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      clearInterval(timer);
      void dispatcher.stop().then(() => store.close());
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `port ${o.port} on ${o.host} is already in use; stop the other server or pass --port`,
            )
          : error,
      );
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const url = `http://${o.host}:${port}`;
  // Without --public-url, links name the port actually bound (`--port 0` picks one).
  if (!o.config?.publicUrl) ctx.config.publicUrl = localUrl(o.host, port);
  const publicUrl = ctx.config.publicUrl;
  o.logger.info(
    { url, store: store.location, data: `${o.pack.version}+${o.pack.hash}` },
    'interdict server listening',
  );
  return {
    url,
    ...(setupSecret ? { setupUrl: `${publicUrl}/setup#token=${setupSecret}` } : {}),
    close: async () => {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.uploadParser.close();
      // A POST in flight ends (answer or timeout) and is recorded before the store closes.
      await dispatcher.stop();
      await store.close();
    },
  };
}

function localUrl(host: string, port: number): string {
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}
