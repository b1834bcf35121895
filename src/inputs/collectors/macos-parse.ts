import { parsePlist } from '../artifacts/observe-plist.js';

/** One row of `systemextensionsctl list`. */
export interface SystemExtensionRow {
  /** The section: network_extension, endpoint_security, driver_extension… */
  category: string;
  enabled: boolean;
  active: boolean;
  /** Apple developer team id; undefined when the tool prints "-" (unsigned, developer mode). */
  teamId?: string;
  bundleId: string;
  version?: string;
  name?: string;
  /** "activated enabled", "terminated waiting to uninstall on reboot"… */
  state?: string;
  line: number;
}

/** A line a parser could not read, for a located error. */
export interface UnreadLine {
  line: number;
  text: string;
}

/**
 * Parses `systemextensionsctl list`: a count line, then per category a `--- com.apple.system_extension.X`
 * line, a header and tab-separated rows (`*` marks enabled and active).
 * @example parseSystemExtensions('1 extension(s)\n--- com.apple.system_extension.network_extension\n…')
 */
export function parseSystemExtensions(text: string): { rows: SystemExtensionRow[]; unread: UnreadLine[] } {
  const rows: SystemExtensionRow[] = [];
  const unread: UnreadLine[] = [];
  let category = '';
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || /^\d+ extension\(s\)$/.test(line.trim())) continue;
    const section = /^--- (\S+)/.exec(line);
    if (section) {
      category = section[1]!.replace(/^com\.apple\.system_extension\./, '');
      continue;
    }
    if (/^enabled\s+active\s+teamID/.test(line)) continue;
    const cells = line.split('\t');
    const bundle = /^(\S+) \(([^)]*)\)$/.exec(cells[3]?.trim() ?? '');
    if (cells.length < 4 || !bundle) {
      unread.push({ line: i + 1, text: line });
      continue;
    }
    const team = cells[2]!.trim();
    const row: SystemExtensionRow = {
      category,
      enabled: cells[0]!.trim() === '*',
      active: cells[1]!.trim() === '*',
      bundleId: bundle[1]!,
      line: i + 1,
    };
    if (team && team !== '-') row.teamId = team;
    // "21.0.13/21.0.13": short version string / bundle version.
    const version = bundle[2]!.split('/')[0];
    if (version) row.version = version;
    const name = cells[4]?.trim();
    if (name) row.name = name;
    const state = /^\[(.*)\]$/.exec(cells[5]?.trim() ?? '')?.[1];
    if (state) row.state = state;
    rows.push(row);
  }
  return { rows, unread };
}

/** One loaded kernel extension from `kmutil showloaded --list-only` or `kextstat`. */
export interface KextRow {
  bundleId: string;
  version?: string;
  uuid?: string;
  line: number;
}

const KEXT_LINE =
  /^\s*\d+\s+\d+\s+\S+\s+\S+\s+\S+\s+(\S+) \(([^)]*)\)(?:\s+([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}))?/i;

/**
 * Parses the loaded-kext table that `kmutil showloaded` and `kextstat` share
 * (Index Refs Address Size Wired Name (Version) UUID <Linked Against>).
 */
export function parseLoadedKexts(text: string): { rows: KextRow[]; unread: UnreadLine[] } {
  const rows: KextRow[] = [];
  const unread: UnreadLine[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    // kextstat on macOS 11+ first says that it runs kmutil; kmutil may name the variant it fell back to.
    if (line.trim() === '' || /^\s*Index\s+Refs/.test(line) || /^(Executing:|No variant)/.test(line.trim()))
      continue;
    const m = KEXT_LINE.exec(line);
    if (!m) {
      unread.push({ line: i + 1, text: line });
      continue;
    }
    const row: KextRow = { bundleId: m[1]!, line: i + 1 };
    if (m[2]) row.version = m[2];
    if (m[3]) row.uuid = m[3].toUpperCase();
    rows.push(row);
  }
  return { rows, unread };
}

/** What a launchd job's plist declares. */
export interface LaunchdJob {
  label?: string;
  program?: string;
  disabled: boolean;
}

/** Reads a launchd job plist (XML or binary). @throws when it is not a property list. */
export function parseLaunchdPlist(bytes: Buffer): LaunchdJob {
  const dict = parsePlist(bytes);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const args = dict['ProgramArguments'];
  const job: LaunchdJob = { disabled: dict['Disabled'] === true };
  const label = text(dict['Label']);
  if (label) job.label = label;
  const program = text(dict['Program']) ?? (Array.isArray(args) ? text(args[0]) : undefined);
  if (program) job.program = program;
  return job;
}

/** What an app bundle's Info.plist says about it. */
export interface BundleInfo {
  bundleId?: string;
  version?: string;
  executable?: string;
}

/** Reads an app's `Contents/Info.plist` (XML or binary). @throws when it is not a property list. */
export function parseBundleInfo(bytes: Buffer): BundleInfo {
  const dict = parsePlist(bytes);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const info: BundleInfo = {};
  const id = text(dict['CFBundleIdentifier']);
  if (id) info.bundleId = id;
  const version = text(dict['CFBundleShortVersionString']) ?? text(dict['CFBundleVersion']);
  if (version) info.version = version;
  const executable = text(dict['CFBundleExecutable']);
  if (executable) info.executable = executable;
  return info;
}

/** Reverse-DNS labels (com.kaspersky.kav.gui) usually are, or start with, the owner's bundle id. */
export function isReverseDns(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9_-]+){2,}$/.test(value);
}
