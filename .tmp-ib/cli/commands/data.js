export function register(program, io, done) {
    const data = program
        .command('data')
        .description('inspect and verify the data pack (rulings and product catalog)');
    const common = (cmd) => cmd
        .option('--json', 'print JSON instead of text')
        .option('--data-dir <dir>', 'a data pack folder instead of the bundled one');
    common(data
        .command('list')
        .description('version, content hash, counts and the determinations with their phases')).action(async (flags) => {
        const { listData } = await import('./data-action.js');
        done(await listData(flags, io));
    });
    common(data
        .command('show')
        .description('the products of the catalog (optionally of one category) with their identifiers')
        .argument('[category]', 'e.g. antivirus, endpoint, vpn, threat-intelligence')).action(async (category, flags) => {
        const { showData } = await import('./data-action.js');
        done(await showData(category, flags, io));
    });
    data
        .command('update')
        .description('validate a newer data pack folder and install it for this user (used instead of the bundled one)')
        .argument('<dir>', 'a data pack folder (pack.yaml, sources.yaml, catalog/, determinations/)')
        .option('--force', 'install even when it is not newer than the pack in use')
        .action(async (dir, flags) => {
        const { updateData } = await import('./data-action.js');
        done(await updateData(dir, flags, io));
    });
    common(data.command('verify').description('validate every file and cross-reference; exit 1 on a problem')).action(async (flags) => {
        const { verifyData } = await import('./data-action.js');
        done(await verifyData(flags, io));
    });
}
