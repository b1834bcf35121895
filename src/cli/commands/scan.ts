import { REPORTER_NAMES } from '../../report/registry.js';
import { Option, type Command } from 'commander';
import { PROFILES, SEVERITIES } from '../../core/status.js';
import type { CliIO } from '../io.js';

export interface ScanFlags {
  format?: string;
  output: string[];
  asOf?: string;
  profile: string;
  failOn: string;
  /** A path, or false for --no-waivers. */
  waivers?: string | false;
  inputFormat?: string;
  csvMap?: string;
  host?: boolean;
  quiet?: boolean;
  wide?: boolean;
  dataDir?: string;
  maxDepth?: string;
  workers?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** The `--input-format` ids, loaded only when help is printed: the registry imports every format. */
let inputFormatIds: readonly string[] | undefined;

export async function prepareHelp(): Promise<void> {
  inputFormatIds ??= (await import('../../inputs/registry.js')).INPUT_FORMAT_IDS;
}

/** The ids as help text, wrapped to 100 columns under a heading. */
function inputFormatsHelp(): string {
  if (!inputFormatIds) return '';
  const lines: string[] = [];
  let line = '';
  for (const id of inputFormatIds) {
    if (line && line.length + id.length + 2 > 96) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line}, ${id}` : id;
  }
  lines.push(line);
  return `\nInput formats (--input-format):\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

export function register(program: Command, io: CliIO, done: (code: number) => void): void {
  program
    .command('scan')
    .description('scan inventories, SBOMs, logs, folders or this host for banned software and suppliers')
    .argument('[targets...]', "files, directories, '-' for stdin; none = this host")
    .option('-f, --format <name>', `output format on stdout: ${REPORTER_NAMES.join(', ')}`)
    .option(
      '-o, --output <[format=]file>',
      'also write a report to a file (repeatable), e.g. -o sarif=out.sarif',
      collect,
      [],
    )
    .option('--as-of <date>', 'evaluate the rulings as of this date (YYYY-MM-DD; default today)')
    .addOption(
      new Option('--profile <profile>', 'whom the rulings bind').choices(PROFILES).default('us-person'),
    )
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices([...SEVERITIES, 'never'])
        .default('high'),
    )
    .option(
      '--waivers <file>',
      'waivers YAML (default: ./interdict-waivers.yaml when it exists; never read from scanned content)',
    )
    .option('--no-waivers', 'ignore ./interdict-waivers.yaml')
    .option(
      '--input-format <id>',
      'read every target as this format instead of detecting it (ids listed below)',
    )
    .option('--csv-map <mapping>', 'CSV column mapping, e.g. name=Software,publisher=Vendor,host=Device')
    .option('--host', 'also collect this host when targets are given')
    .option(
      '--wide',
      'table: every column at full width, whatever the terminal (default: fit the terminal, or 120 columns when piped)',
    )
    .option('-q, --quiet', 'no progress and no table on stdout (files from -o are still written)')
    .option('--max-depth <n>', 'open archives nested at most this deep (image > layer > zip > …; default 8)')
    .option(
      '--workers <n>',
      'threads that detect and read the files of big directories and read big logs in slices (default: one per core, at most 4; 0 = none)',
    )
    .option('--data-dir <dir>', 'use a data pack from this folder instead of the bundled one')
    .addHelpText('after', inputFormatsHelp)
    .action(async (targets: string[], flags: ScanFlags) => {
      const { runScan } = await import('./scan-action.js');
      done(await runScan(targets, flags, io));
    });
}
