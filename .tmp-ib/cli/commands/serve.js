import { Option } from 'commander';
export function register(program, io, done) {
    program
        .command('serve')
        .description('run the fleet server: API, dashboard, background re-evaluation')
        .option('--db <url>', 'sqlite:FILE or postgres://user@host/db', 'sqlite:interdict.db')
        .option('--port <n>', 'TCP port', '8080')
        .option('--host <addr>', 'address to listen on', '127.0.0.1')
        .option('--data-dir <dir>', 'use a data pack from this folder instead of the bundled one')
        .option('--static <dir>', 'dashboard folder served at / (default web/dist when it exists)')
        .option('--body-limit <bytes>', 'largest accepted upload in bytes', String(64 * 1024 * 1024))
        .option('--post-interval <seconds>', 'per user: one comment and one waiver request per interval', '300')
        .option('--public-url <url>', 'base URL printed in the setup link (behind a proxy)')
        .option('--insecure-cookies', 'session cookies without Secure, for plain-HTTP development only')
        .addOption(new Option('--log-level <level>', 'pino log level')
        .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
        .default('info'))
        .action(async (flags) => {
        const { runServe } = await import('./serve-action.js');
        done(await runServe(flags, io));
    });
}
