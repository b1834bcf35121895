/**
 * What identifies an osquery table in someone else's query: every column osquery's schema gives
 * it (osquery 5.x specs/*.table), and the words its packs and schedules use in the query's name.
 * A pack may select any subset of the columns, so no single column list is required.
 */
export const OSQUERY_SCHEMA = {
  programs: {
    columns: [
      'name',
      'version',
      'install_location',
      'install_source',
      'language',
      'publisher',
      'uninstall_string',
      'install_date',
      'identifying_number',
      'upgrade_code',
    ],
    queryNames: ['programs'],
  },
  apps: {
    columns: [
      'name',
      'path',
      'bundle_executable',
      'bundle_identifier',
      'bundle_name',
      'bundle_short_version',
      'bundle_version',
      'bundle_package_type',
      'environment',
      'element',
      'compiler',
      'development_region',
      'display_name',
      'info_string',
      'minimum_system_version',
      'category',
      'applescript_enabled',
      'copyright',
      'last_opened_time',
    ],
    queryNames: ['apps', 'applications'],
  },
  deb_packages: {
    columns: [
      'name',
      'version',
      'source',
      'size',
      'arch',
      'revision',
      'status',
      'maintainer',
      'section',
      'priority',
      'admindir',
      'pid_with_namespace',
      'mount_namespace_id',
    ],
    queryNames: ['deb_packages', 'deb', 'debs', 'dpkg'],
  },
  rpm_packages: {
    columns: [
      'name',
      'version',
      'release',
      'source',
      'size',
      'sha1',
      'sha256',
      'arch',
      'epoch',
      'install_time',
      'vendor',
      'package_group',
      'pid_with_namespace',
      'mount_namespace_id',
    ],
    queryNames: ['rpm_packages', 'rpm', 'rpms'],
  },
  chrome_extensions: {
    columns: [
      'browser_type',
      'uid',
      'name',
      'profile',
      'profile_path',
      'referenced_identifier',
      'identifier',
      'version',
      'description',
      'default_locale',
      'current_locale',
      'update_url',
      'author',
      'persistent',
      'path',
      'permissions',
      'permissions_json',
      'optional_permissions',
      'optional_permissions_json',
      'manifest_hash',
      'referenced',
      'from_webstore',
      'state',
      'install_time',
      'install_timestamp',
      'manifest_json',
      'key',
    ],
    queryNames: ['chrome_extensions', 'chrome', 'chromium'],
  },
  firefox_addons: {
    columns: [
      'uid',
      'name',
      'identifier',
      'creator',
      'type',
      'version',
      'description',
      'source_url',
      'visible',
      'active',
      'disabled',
      'autoupdate',
      'location',
      'path',
    ],
    queryNames: ['firefox_addons', 'firefox', 'addons'],
  },
  processes: {
    columns: [
      'pid',
      'name',
      'path',
      'cmdline',
      'state',
      'cwd',
      'root',
      'uid',
      'gid',
      'euid',
      'egid',
      'suid',
      'sgid',
      'on_disk',
      'wired_size',
      'resident_size',
      'total_size',
      'user_time',
      'system_time',
      'disk_bytes_read',
      'disk_bytes_written',
      'start_time',
      'parent',
      'pgroup',
      'threads',
      'nice',
      'elevated_token',
      'secure_process',
      'protection_type',
      'virtual_process',
      'elapsed_time',
      'handle_count',
      'percent_processor_time',
      'upid',
      'uppid',
      'cpu_type',
      'cpu_subtype',
      'translated',
      'cgroup_path',
      'phys_footprint',
    ],
    queryNames: ['processes'],
  },
  services: {
    columns: [
      'name',
      'service_type',
      'display_name',
      'status',
      'pid',
      'start_type',
      'win32_exit_code',
      'service_exit_code',
      'path',
      'module_path',
      'description',
      'user_account',
    ],
    queryNames: ['services'],
  },
  drivers: {
    columns: [
      'device_id',
      'device_name',
      'image',
      'description',
      'service',
      'service_key',
      'version',
      'inf',
      'class',
      'provider',
      'manufacturer',
      'driver_key',
      'date',
      'signed',
    ],
    queryNames: ['drivers'],
  },
  kernel_extensions: {
    columns: ['idx', 'refs', 'size', 'name', 'version', 'linked_against', 'path'],
    queryNames: ['kernel_extensions', 'kexts', 'kext'],
  },
  windows_security_products: {
    columns: ['type', 'name', 'state', 'state_timestamp', 'remediation_path', 'signatures_up_to_date'],
    queryNames: ['windows_security_products', 'security_products'],
  },
  homebrew_packages: {
    columns: ['name', 'path', 'version', 'type', 'auto_updated', 'app_name', 'prefix'],
    queryNames: ['homebrew_packages', 'homebrew', 'brew'],
  },
} as const satisfies Record<string, { columns: readonly string[]; queryNames: readonly string[] }>;

export type OsqueryTable = keyof typeof OSQUERY_SCHEMA;

const ENTRIES = Object.entries(OSQUERY_SCHEMA) as [
  OsqueryTable,
  { columns: readonly string[]; queryNames: readonly string[] },
][];

const COLUMN_SETS = new Map(ENTRIES.map(([table, s]) => [table, new Set<string>(s.columns)]));

/** The tables whose schema has every one of these columns. */
export function listFittingTables(columns: readonly string[]): OsqueryTable[] {
  return ENTRIES.filter(([table]) => columns.every((c) => COLUMN_SETS.get(table)!.has(c))).map(
    ([table]) => table,
  );
}

const NAME_KEYS = ENTRIES.flatMap(([table, s]) =>
  s.queryNames.map((key) => ({ table, words: key.split('_') })),
);

/**
 * The table a query's name names: `pack_<pack>_<query>`, `pack/<pack>/<query>`, a Fleet schedule
 * name. The query's own name comes last, so of several tables named the last one wins (then the
 * longer key: `windows_security_products` over `security_products`).
 * @example readTableFromQueryName('pack_software_deb') // 'deb_packages'
 */
export function readTableFromQueryName(name: string): OsqueryTable | undefined {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  let best: { table: OsqueryTable; end: number; length: number } | undefined;
  for (const { table, words: key } of NAME_KEYS) {
    for (let at = words.length - key.length; at >= 0; at--) {
      if (!key.every((w, i) => words[at + i] === w)) continue;
      const end = at + key.length;
      if (!best || end > best.end || (end === best.end && key.length > best.length))
        best = { table, end, length: key.length };
      break;
    }
  }
  return best?.table;
}
