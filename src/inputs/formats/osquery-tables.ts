import type { Identifier, IdentifierKind, Observation, ObservationKind } from '../../core/observation.js';
import {
  listFittingTables,
  OSQUERY_SCHEMA,
  readTableFromQueryName,
  type OsqueryTable,
} from './osquery-schema.js';

/** An osquery row as printed by osqueryi/osqueryd: column → string (numbers when `numerics`). */
export type OsqueryRow = Record<string, unknown>;

/** What an osquery row says, before the caller adds origin and host. */
export type RowObservation = Omit<Observation, 'origin'>;

interface TableSpec {
  table: OsqueryTable;
  /** Columns that, all present, say the row is from this table even beside columns no table has. */
  columns: readonly string[];
  map(row: Row): RowObservation;
}

/** Column names that carry the host when a query joined system_info or Fleet added them. */
const HOST_COLUMNS = ['hostname', 'host_hostname', 'computer_name', 'host_display_name', 'host'];

class Row {
  constructor(readonly raw: OsqueryRow) {}
  get(column: string): string | undefined {
    const value = this.raw[column];
    if (value === undefined || value === null) return undefined;
    const text = typeof value === 'string' ? value.trim() : String(value);
    return text === '' ? undefined : text;
  }
}

const TABLES: readonly TableSpec[] = [
  {
    table: 'programs',
    columns: ['name', 'version', 'publisher', 'identifying_number', 'install_location'],
    map: (r) => ({
      ...base(r, 'name', 'version', 'publisher', 'install_location'),
      kind: 'program',
      date: toIsoDate(r.get('install_date')),
      ids: ids(['product-code', r.get('identifying_number')], ['upgrade-code', r.get('upgrade_code')]),
      attributes: attributes(r, 'install_source', 'uninstall_string', 'language'),
    }),
  },
  {
    table: 'apps',
    columns: ['name', 'path', 'bundle_identifier', 'bundle_short_version'],
    map: (r) => ({
      kind: 'app',
      name: r.get('bundle_name') ?? r.get('display_name') ?? r.get('name')?.replace(/\.app$/i, ''),
      version: r.get('bundle_short_version') ?? r.get('bundle_version'),
      path: r.get('path'),
      ids: ids(['bundle-id', r.get('bundle_identifier')], ['file-name', r.get('bundle_executable')]),
      attributes: attributes(r, 'bundle_version', 'copyright', 'info_string'),
    }),
  },
  {
    table: 'deb_packages',
    columns: ['name', 'version', 'arch', 'revision'],
    map: (r) => ({
      ...base(r, 'name', 'version', 'maintainer'),
      kind: 'package',
      ids: ids(['linux-package', r.get('name')]),
      attributes: attributes(r, 'arch', 'source', 'section', 'status'),
    }),
  },
  {
    table: 'rpm_packages',
    columns: ['name', 'version', 'release', 'arch'],
    map: (r) => ({
      ...base(r, 'name', 'version', 'vendor'),
      kind: 'package',
      version: [r.get('version'), r.get('release')].filter(Boolean).join('-') || undefined,
      ids: ids(['linux-package', r.get('name')], ['sha256', r.get('sha256')]),
      attributes: attributes(r, 'arch', 'epoch', 'source', 'package_group'),
    }),
  },
  {
    table: 'chrome_extensions',
    columns: ['name', 'identifier', 'version', 'update_url'],
    map: (r) => ({
      ...base(r, 'name', 'version', 'author', 'path'),
      kind: 'extension',
      ids: ids(['extension-id', r.get('identifier')]),
      attributes: attributes(r, 'browser_type', 'profile', 'update_url', 'from_webstore'),
    }),
  },
  {
    table: 'firefox_addons',
    columns: ['name', 'identifier', 'version', 'creator', 'source_url'],
    map: (r) => ({
      ...base(r, 'name', 'version', 'creator', 'path'),
      kind: 'extension',
      ids: ids(['extension-id', r.get('identifier')]),
      attributes: attributes(r, 'type', 'source_url', 'active'),
    }),
  },
  {
    table: 'processes',
    columns: ['pid', 'name', 'path', 'cmdline'],
    map: (r) => ({
      kind: 'process',
      name: r.get('name'),
      path: r.get('path'),
      ids: ids(['process', r.get('name')]),
      attributes: attributes(r, 'pid', 'cmdline', 'parent', 'uid'),
    }),
  },
  {
    table: 'services',
    columns: ['name', 'display_name', 'service_type', 'start_type'],
    map: (r) => ({
      kind: 'service',
      name: r.get('display_name') ?? r.get('name'),
      path: r.get('path') ?? r.get('module_path'),
      ids: ids(['service', r.get('name')]),
      attributes: attributes(r, 'status', 'start_type', 'description', 'user_account', 'module_path'),
    }),
  },
  {
    table: 'drivers',
    columns: ['device_id', 'device_name', 'image', 'provider', 'service'],
    map: (r) => ({
      kind: 'driver',
      name: r.get('description') ?? r.get('device_name'),
      publisher: r.get('provider') ?? r.get('manufacturer'),
      version: r.get('version'),
      path: r.get('image'),
      ids: ids(['driver', r.get('service')]),
      attributes: attributes(r, 'device_name', 'signed', 'inf', 'class'),
    }),
  },
  {
    table: 'kernel_extensions',
    columns: ['idx', 'refs', 'name', 'version', 'linked_against'],
    map: (r) => ({
      ...base(r, 'name', 'version', undefined, 'path'),
      kind: 'kernel-extension',
      ids: ids(['bundle-id', r.get('name')]),
    }),
  },
  {
    table: 'windows_security_products',
    columns: ['type', 'name', 'state', 'signatures_up_to_date'],
    map: (r) => ({
      kind: 'program',
      name: r.get('name'),
      path: r.get('remediation_path'),
      attributes: attributes(r, 'type', 'state', 'signatures_up_to_date'),
    }),
  },
  {
    table: 'homebrew_packages',
    columns: ['name', 'path', 'version', 'prefix'],
    map: (r) => ({
      ...base(r, 'name', 'version', undefined, 'path'),
      kind: 'package',
      ids: ids(['package', r.get('name')]),
    }),
  },
];

/** The ids of the tables this module understands, for help texts. */
export const OSQUERY_TABLES: readonly string[] = TABLES.map((t) => t.table);

/** Every column of each table in osquery's schema: a row of a pack may hold any subset of them. */
export const OSQUERY_TABLE_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(OSQUERY_SCHEMA).map(([table, s]) => [table, s.columns]),
);

/**
 * Which table a row comes from, given its columns and, when the log says, the query's name:
 * 1. columns that fit one table's schema only (`maintainer`: deb_packages) decide, whatever the
 *    name: they are what osquery printed, the name is a label someone chose (and packs get copied);
 * 2. else the name decides among the tables the columns fit, or alone when they fit none
 *    (computed or aliased columns);
 * 3. else a table whose characteristic columns are all there, beside columns no table has.
 * Undefined leaves the row a generic program.
 * @example detectOsqueryTable(['name', 'version'], 'pack_software_deb') // 'deb_packages'
 */
export function detectOsqueryTable(columns: Iterable<string>, queryName?: string): string | undefined {
  const present = [...columns].filter((c) => !HOST_COLUMNS.includes(c));
  const fitting = listFittingTables(present);
  if (fitting.length === 1) return fitting[0];
  const named = queryName === undefined ? undefined : readTableFromQueryName(queryName);
  if (named && (fitting.length === 0 || fitting.includes(named))) return named;
  return findTableByColumns(present);
}

/** The table with the most characteristic columns all present: a format detector's evidence. */
export function findTableByColumns(columns: Iterable<string>): string | undefined {
  const present = new Set(columns);
  let best: TableSpec | undefined;
  for (const spec of TABLES) {
    if (spec.columns.every((c) => present.has(c)) && (!best || spec.columns.length > best.columns.length)) {
      best = spec;
    }
  }
  return best?.table;
}

/**
 * Maps one osquery row to what it observes. Rows from tables not listed above keep their
 * name/version/path as a generic `program`, so nothing is dropped.
 */
export function mapOsqueryRow(table: string | undefined, raw: OsqueryRow): RowObservation {
  const row = new Row(raw);
  const spec = TABLES.find((t) => t.table === table);
  const mapped = spec
    ? spec.map(row)
    : { ...base(row, 'name', 'version', 'publisher', 'path'), kind: 'program' as ObservationKind };
  const host = HOST_COLUMNS.map((c) => row.get(c)).find(Boolean);
  return prune({ ...mapped, host });
}

function base(
  r: Row,
  name: string,
  version: string,
  publisher?: string,
  path?: string,
): Omit<RowObservation, 'kind'> {
  return {
    name: r.get(name),
    version: r.get(version),
    publisher: publisher ? r.get(publisher) : undefined,
    path: path ? r.get(path) : undefined,
  };
}

function ids(...pairs: [IdentifierKind, string | undefined][]): Identifier[] | undefined {
  const out = pairs
    .filter((p): p is [IdentifierKind, string] => !!p[1])
    .map(([kind, value]) => ({ kind, value }));
  return out.length ? out : undefined;
}

function attributes(r: Row, ...columns: string[]): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const c of columns) {
    const v = r.get(c);
    if (v !== undefined) out[c] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** osquery prints programs.install_date as YYYYMMDD. */
function toIsoDate(value: string | undefined): string | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function prune<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
