export function register(program, io, done) {
    program
        .command('agent')
        .description('collect this host and upload it to an interdict server, repeatedly')
        .requiredOption('--server <url>', 'server base URL, e.g. https://interdict.example.com')
        .option('--token <token>', 'API token (or INTERDICT_TOKEN)')
        .option('--interval <duration>', 'time between collections: 30m, 6h, 1d', '6h')
        .option('--spool <dir>', 'where unsent inventories wait until the server accepts them', '.interdict/spool')
        .option('--host-name <name>', 'host name to report (default: this machine’s)')
        .option('--once', 'collect and upload once, then exit (for cron or CI)')
        .action(async (flags) => {
        const { runAgent } = await import('./agent-action.js');
        done(await runAgent(flags, io));
    });
}
