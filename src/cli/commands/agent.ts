import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export interface AgentFlags {
  server: string;
  token?: string;
  enrollSecret?: string;
  interval: string;
  spool: string;
  once?: boolean;
  hostName?: string;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('agent')
    .description('collect this host and upload it to an interdict server, repeatedly')
    .requiredOption('--server <url>', 'server base URL, e.g. https://interdict.example.com')
    .option('--enroll-secret <secret>', 'enrol this host on first run (or INTERDICT_ENROLL_SECRET)')
    .option('--token <token>', 'a credential of this host or a bulk-import token (or INTERDICT_TOKEN)')
    .option('--interval <duration>', 'time between collections: 30m, 6h, 1d', '6h')
    .option(
      '--spool <dir>',
      'where unsent inventories wait until the server accepts them, and the host credential is kept',
      '.interdict/spool',
    )
    .option('--host-name <name>', 'host name to report (default: this machine’s)')
    .option('--once', 'collect and upload once, then exit (for cron or CI)')
    .action(async (flags: AgentFlags) => {
      const { runAgent } = await import('./agent-action.js');
      done(await runAgent(flags, io));
    });
}
