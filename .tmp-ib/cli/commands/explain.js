export function register(program, io, done) {
    program
        .command('explain')
        .description('what the data pack says about a product, determination, vendor, entity or source, with dates and sources')
        .argument('<id>', 'e.g. kaspersky-endpoint-security-windows, icts-2021-002, a source id')
        .option('--json', 'print JSON instead of text')
        .option('--data-dir <dir>', 'a data pack folder instead of the bundled one')
        .action(async (id, flags) => {
        const { explain } = await import('./explain-action.js');
        done(await explain(id, flags, io));
    });
}
