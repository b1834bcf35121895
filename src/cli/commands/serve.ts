import { Option, type Command } from 'commander';
import type { CliIO } from '../io.js';

interface ServeFlags {
  db: string;
  port: string;
  host: string;
  dataDir?: string;
  static?: string;
  bodyLimit: string;
  postInterval: string;
  insecureCookies?: boolean;
  publicUrl?: string;
  logLevel: string;
  maxParses: string;
  parseQueue: string;
  parseMemory: string;
  maxPasswordChecks: string;
  passwordQueue: string;
  retryAfter: string;
  uploadDir?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('serve')
    .description('run the fleet server: API, dashboard, background re-evaluation')
    .option('--db <url>', 'sqlite:FILE or postgres://user@host/db', 'sqlite:interdict.db')
    .option('--port <n>', 'TCP port', '8080')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'use a data pack from this folder instead of the bundled one')
    .option('--static <dir>', 'dashboard folder served at / (default web/dist when it exists)')
    .addOption(
      new Option('--body-limit <bytes>', 'largest accepted upload in bytes (413 beyond)')
        .env('INTERDICT_BODY_LIMIT')
        .default(String(64 * 1024 * 1024)),
    )
    .addOption(
      new Option('--max-parses <n>', 'uploads parsed at once').env('INTERDICT_MAX_PARSES').default('2'),
    )
    .addOption(
      new Option('--parse-queue <n>', 'uploads waiting for a parse (503 beyond)')
        .env('INTERDICT_PARSE_QUEUE')
        .default('64'),
    )
    .addOption(
      new Option('--parse-memory <MiB>', 'heap limit of each upload parse worker (413 beyond)')
        .env('INTERDICT_PARSE_MEMORY')
        .default('1024'),
    )
    .addOption(
      new Option('--max-password-checks <n>', 'password hashes computed at once')
        .env('INTERDICT_MAX_PASSWORD_CHECKS')
        .default('1'),
    )
    .addOption(
      new Option('--password-queue <n>', 'logins waiting for a password check (429 beyond)')
        .env('INTERDICT_PASSWORD_QUEUE')
        .default('16'),
    )
    .addOption(
      new Option('--retry-after <seconds>', 'Retry-After sent while the database is away or a queue is full')
        .env('INTERDICT_RETRY_AFTER')
        .default('5'),
    )
    .addOption(
      new Option(
        '--upload-dir <dir>',
        'folder for upload bodies while they are parsed (default: OS temp)',
      ).env('INTERDICT_UPLOAD_DIR'),
    )
    .option('--post-interval <seconds>', 'per user: one comment and one waiver request per interval', '300')
    .option('--public-url <url>', 'base URL printed in the setup link and webhook links (behind a proxy)')
    .option('--insecure-cookies', 'session cookies without Secure, for plain-HTTP development only')
    .addOption(
      new Option('--log-level <level>', 'pino log level')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
        .default('info'),
    )
    .action(async (flags: ServeFlags) => {
      const { runServe } = await import('./serve-action.js');
      done(await runServe(flags, io));
    });
}

export type { ServeFlags };
