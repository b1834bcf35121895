import { readFileSync } from 'node:fs';
import type { RunCommand } from '../../src/inputs/collectors/command-output.js';
import { FIXTURES } from './helpers.js';

/** Recorded outputs of the macOS and Windows commands, replayed by an injected RunCommand. */
export const missing = (file: string) => Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });

export const macosFixture = (name: string) => readFileSync(`${FIXTURES}macos-host/${name}`, 'utf8');
/** Relative to test/fixtures/inputs: the collector's own outputs are in windows-host/. */
export const windowsFixture = (name: string) => readFileSync(`${FIXTURES}${name}`, 'utf8');
export const MACOS_ROOT = `${FIXTURES}macos-host/root`;

/** Recorded outputs by executable; an Error is thrown as execFile would reject. */
export function recordedMacos(overrides: Record<string, string | Error> = {}): RunCommand {
  const outputs: Record<string, string | Error> = {
    system_profiler: macosFixture('system-profiler-apps.json'),
    pkgutil: macosFixture('pkgutil-pkgs.txt'),
    launchctl: macosFixture('launchctl-list.txt'),
    systemextensionsctl: macosFixture('systemextensionsctl-list.txt'),
    kmutil: macosFixture('kmutil-showloaded.txt'),
    kextstat: missing('kextstat'),
    ...overrides,
  };
  return async (file) => {
    const out = outputs[file] ?? missing(file);
    if (out instanceof Error) throw out;
    return { stdout: out };
  };
}

/** The script a powershell.exe call runs, decoded from -EncodedCommand. */
export function decodeScript(args: string[]): string {
  return Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le');
}

/** Recorded PowerShell outputs, chosen by what the script queries; scripts are kept for assertions. */
export function recordedPowerShell(scripts: string[] = []): RunCommand {
  return async (file, args) => {
    if (file !== 'powershell.exe') throw missing(file);
    const script = decodeScript(args);
    scripts.push(script);
    if (script.includes('Get-AuthenticodeSignature'))
      return { stdout: windowsFixture('windows-host/signers.json') };
    if (script.includes('Win32_SystemDriver')) return { stdout: windowsFixture('windows-host/drivers.json') };
    if (script.includes('Win32_Service')) return { stdout: windowsFixture('windows-host/services.json') };
    if (script.includes('Get-Process')) return { stdout: windowsFixture('windows-host/processes.json') };
    if (script.includes('Uninstall')) return { stdout: windowsFixture('windows-host/uninstall.json') };
    throw new Error(`unexpected script: ${script}`);
  };
}
