import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { EXIT, UsageError, type CliIO } from './io.js';

/**
 * Parses argv, runs one command and returns the exit code; never calls process.exit, so tests can
 * call it in-process. Subcommands are imported only when used, which keeps start-up fast.
 */
export async function run(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const debug = argv.includes('--debug');
  const program = new Command('interdict')
    .description('Find banned-vendor software and suppliers, and say what each ruling means for them.')
    .version(VERSION, '-V, --version')
    .addOption(new Option('--debug', 'print stack traces and internal details').hideHelp(false))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)');

  // Registration is cheap; the heavy modules behind each action load lazily inside it. A known
  // command registers alone: the others' definitions cost a few ms of every start, and only help,
  // a version request and an unknown command (whose suggestion lists the others) need them all.
  const named = COMMANDS.find((c) => c.name === argv.find((a) => !a.startsWith('-')));
  const modules = await Promise.all((named ? [named] : COMMANDS).map((c) => c.load()));
  for (const m of modules) m.register(program, io, (c) => (code = c));
  // Help may list what only a heavy module knows; it is loaded only when help is asked for.
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help')
    await Promise.all(modules.map((m) => m.prepareHelp?.()));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`interdict: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return EXIT.usage;
    }
    const e = error as Error;
    io.stderr.write(`interdict: ${e.message}\n`);
    if (debug)
      io.stderr.write(
        `${e.stack ?? ''}\n${e.cause ? `cause: ${String((e.cause as Error).stack ?? e.cause)}\n` : ''}`,
      );
    else io.stderr.write('hint: run again with --debug for details\n');
    return EXIT.usage;
  }
}

type CommandModule = Promise<{
  register(cmd: Command, io: CliIO, done: (c: number) => void): void;
  prepareHelp?(): Promise<void>;
}>;

/**
 * Every subcommand by the name it registers, in help order; each module only declares its options
 * at import time.
 */
const COMMANDS: { name: string; load: () => CommandModule }[] = [
  { name: 'scan', load: () => import('./commands/scan.js') },
  { name: 'report', load: () => import('./commands/report.js') },
  { name: 'explain', load: () => import('./commands/explain.js') },
  { name: 'data', load: () => import('./commands/data.js') },
];

/** Commands owned by other areas (server, agent, admin) register here. */
const extraCommands: typeof COMMANDS = [
  { name: 'serve', load: () => import('./commands/serve.js') },
  { name: 'agent', load: () => import('./commands/agent.js') },
  { name: 'admin', load: () => import('./commands/admin.js') },
];
COMMANDS.push(...extraCommands);
