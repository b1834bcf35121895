import { existsSync } from 'node:fs';
import pino from 'pino';
import { loadDataPack } from '../../data/load.js';
import { packageFile } from '../../core/package-files.js';
import { StoreUrlError } from '../../server/db/dialect.js';
import { PortInUseError, startServer } from '../../server/start.js';
import { UsageError, type CliIO } from '../io.js';
import type { ServeFlags } from './serve.js';

function toInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} ${value}: expected a whole number`);
  return n;
}

function toPositive(value: string, flag: string): number {
  const n = toInt(value, flag);
  if (n === 0) throw new UsageError(`${flag} ${value}: expected at least 1`);
  return n;
}

/** The database URL without its password, for what goes to the terminal and its scrollback. */
function redactUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://…';
  }
}

/** The dashboard built into the package, wherever serve is started. */
const BUNDLED_DASHBOARD = packageFile('web', 'dist');

/** Starts the server and keeps running until SIGINT or SIGTERM. */
export async function runServe(flags: ServeFlags, io: CliIO): Promise<number> {
  const port = toInt(flags.port, '--port');
  const logger = pino({ level: flags.logLevel }, pino.destination({ fd: 2, sync: false }));
  const pack = await loadDataPack(flags.dataDir);
  const staticDir = flags.static ?? (existsSync(BUNDLED_DASHBOARD) ? BUNDLED_DASHBOARD : undefined);
  const server = await startServer({
    db: flags.db,
    port,
    host: flags.host,
    pack: { ...pack, sources: [...pack.sources.values()] },
    logger,
    staticDir,
    config: {
      bodyLimit: toInt(flags.bodyLimit, '--body-limit'),
      maxParses: toPositive(flags.maxParses, '--max-parses'),
      parseQueue: toInt(flags.parseQueue, '--parse-queue'),
      parseMemory: toPositive(flags.parseMemory, '--parse-memory'),
      maxPasswordChecks: toPositive(flags.maxPasswordChecks, '--max-password-checks'),
      passwordQueue: toInt(flags.passwordQueue, '--password-queue'),
      retryAfter: toPositive(flags.retryAfter, '--retry-after'),
      ...(flags.uploadDir ? { uploadDir: flags.uploadDir } : {}),
      postInterval: toInt(flags.postInterval, '--post-interval'),
      secureCookies: !flags.insecureCookies,
      ...(flags.publicUrl ? { publicUrl: flags.publicUrl.replace(/\/+$/, '') } : {}),
    },
  }).catch((error: unknown) => {
    if (error instanceof StoreUrlError || error instanceof PortInUseError)
      throw new UsageError(error.message);
    throw error;
  });
  io.stdout.write(`interdict server on ${server.url}\n`);
  if (server.setupUrl) {
    io.stdout.write(
      `No user yet. Create the first admin within 24 hours with this one-time link:\n  ${server.setupUrl}\n` +
        `or from the shell: interdict admin user create --name NAME --role admin --db ${redactUrl(flags.db)}\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  logger.flush();
  return 0;
}
