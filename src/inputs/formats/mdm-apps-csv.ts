import { createCsvTableFormat } from './csv-table.js';
import { prune, toAttributes } from './json-values.js';

const PACKAGE_COLUMNS = [
  'packagename',
  'packageid',
  'bundleid',
  'applicationidentifier',
  'appidentifier',
  'identifier',
  'applicationid',
  'appid',
];
const NAME_COLUMNS = ['appname', 'applicationname', 'name', 'displayname', 'app'];
const VERSION_COLUMNS = ['version', 'appversion', 'applicationversion', 'shortversion', 'versionname'];
const REVERSE_DNS = /^[A-Za-z][\w]*(\.[\w-]+)+$/;

/**
 * Mobile device management app lists (Intune, Workspace ONE, Jamf, MobileIron exports): package
 * or bundle id, name, version, and the device. Android ids become `android-package`, iOS and
 * macOS ones `bundle-id` (by the Platform column when there is one).
 */
export const mdmAppsCsv = createCsvTableFormat({
  id: 'mdm-apps-csv',
  description: 'MDM app inventory CSV (package/bundle id, name, version, device)',
  producedBy: 'an MDM console export of installed apps (Intune, Workspace ONE, Jamf, Ivanti)',
  matchHeader(h) {
    const hasPackage = PACKAGE_COLUMNS.some((c) => h.includes(c));
    const hasName = NAME_COLUMNS.some((c) => h.includes(c));
    const hasVersion = VERSION_COLUMNS.some((c) => h.includes(c));
    return hasPackage && hasName && hasVersion ? 0.65 : 0;
  },
  map(row, header) {
    const id = first(row, header, PACKAGE_COLUMNS);
    const name = first(row, header, NAME_COLUMNS) ?? id;
    if (!name) return { error: 'row without an app name or package id' };
    const platform = row('platform') ?? row('os') ?? row('osplatform');
    const apple = /ios|ipados|mac|tvos|watchos/i.test(platform ?? '');
    return prune({
      kind: 'app' as const,
      name,
      version: first(row, header, VERSION_COLUMNS),
      publisher: row('publisher') ?? row('vendor') ?? row('developer'),
      host: row('devicename') ?? row('device') ?? row('devicefriendlyname') ?? row('hostname'),
      ids:
        id && REVERSE_DNS.test(id)
          ? [{ kind: apple ? ('bundle-id' as const) : ('android-package' as const), value: id }]
          : undefined,
      attributes: toAttributes({
        platform,
        user: row('user') ?? row('username') ?? row('userprincipalname'),
      }),
    });
  },
});

function first(
  row: (c: string) => string | undefined,
  header: string[],
  names: string[],
): string | undefined {
  for (const n of names) if (header.includes(n) && row(n)) return row(n);
  return undefined;
}
