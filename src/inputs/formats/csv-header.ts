/** The observation fields a CSV column can fill. */
const CSV_FIELDS = [
  'name',
  'publisher',
  'version',
  'host',
  'path',
  'product-code',
  'bundle-id',
  'package',
  'supplier',
  'country',
] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** Field → column index in the header row. */
export type CsvColumns = Partial<Record<CsvField, number>>;

/**
 * Header spellings seen in real exports (Intune discovered apps, Defender software inventory,
 * Lansweeper, SCCM, Jamf, procurement vendor lists), folded like `foldHeader`.
 * Earlier spellings win when several columns map to one field.
 */
const SYNONYMS: Record<CsvField, readonly string[]> = {
  name: [
    'name',
    'displayname',
    'applicationname',
    'appname',
    'application',
    'app',
    'productname',
    'product',
    'softwarename',
    'software',
    'program',
    'programname',
    'title',
    'softwaretitle',
    'packagename',
  ],
  publisher: [
    'publisher',
    'applicationpublisher',
    'vendor',
    'manufacturer',
    'company',
    'companyname',
    'developer',
    'softwarepublisher',
    'vendorname',
    'publishername',
    'softwarevendor',
  ],
  version: [
    'version',
    'displayversion',
    'applicationversion',
    'productversion',
    'softwareversion',
    'appversion',
    'applicationshortversion',
    'installedversions',
    'installedversion',
    'bundleversion',
  ],
  host: [
    'host',
    'hostname',
    'computer',
    'computername',
    'devicename',
    'device',
    'machine',
    'machinename',
    'assetname',
    'endpoint',
    'dnsname',
    'fqdn',
  ],
  path: ['path', 'installlocation', 'installpath', 'location', 'filepath', 'installdir'],
  'product-code': ['productcode', 'identifyingnumber', 'msiproductcode', 'msicode'],
  'bundle-id': ['bundleid', 'bundleidentifier', 'cfbundleidentifier'],
  package: ['package', 'packageid', 'pkg', 'appid', 'applicationid', 'packagefamilyname', 'wingetid'],
  supplier: ['supplier', 'suppliername', 'legalname', 'entity', 'entityname', 'counterparty', 'contractor'],
  country: ['country', 'countrycode', 'suppliercountry', 'vendorcountry'],
};

/** Case, spaces and punctuation folded: "Display Name", "display_name" and "DisplayName" meet. */
export function foldHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Maps a header row to field columns, automatically or from an explicit mapping
 * (`{ name: 'Software', publisher: 'Vendor' }`, headers compared folded).
 * Returns the columns and the explicit headers that were not found.
 * @example mapCsvHeader(['Software', 'Vendor', 'Version']) // { columns: { name: 0, publisher: 1, version: 2 }, missing: [] }
 */
export function mapCsvHeader(
  header: readonly string[],
  explicit?: Partial<Record<CsvField, string>>,
): { columns: CsvColumns; missing: string[] } {
  const folded = header.map(foldHeader);
  const columns: CsvColumns = {};
  const missing: string[] = [];
  if (explicit) {
    for (const [field, wanted] of Object.entries(explicit) as [CsvField, string][]) {
      const index = folded.indexOf(foldHeader(wanted));
      if (index === -1) missing.push(wanted);
      else columns[field] = index;
    }
  }
  const taken = new Set(Object.values(columns));
  for (const field of CSV_FIELDS) {
    if (columns[field] !== undefined || (explicit && field in explicit)) continue;
    for (const spelling of SYNONYMS[field]) {
      const index = folded.findIndex((h, i) => h === spelling && !taken.has(i));
      if (index !== -1) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  return { columns, missing };
}

/**
 * Parses the CLI's `--csv-map name=Software,publisher=Vendor`.
 * @throws Error naming the valid fields when a field is unknown or a pair is malformed.
 */
export function parseCsvMap(text: string): Partial<Record<CsvField, string>> {
  const out: Partial<Record<CsvField, string>> = {};
  for (const pair of text.split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf('=');
    const field = (eq === -1 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    const column = eq === -1 ? '' : pair.slice(eq + 1).trim();
    if (!column) throw new Error(`--csv-map: "${pair.trim()}" is not FIELD=COLUMN`);
    if (!(CSV_FIELDS as readonly string[]).includes(field)) {
      throw new Error(`--csv-map: unknown field "${field}"; valid fields: ${CSV_FIELDS.join(', ')}`);
    }
    out[field as CsvField] = column;
  }
  return out;
}

/** Fields given as plain strings (`ReadTargetsOptions.csvMap`) checked against CSV_FIELDS. */
export function toCsvMap(
  map: Record<string, string> | undefined,
): Partial<Record<CsvField, string>> | undefined {
  if (!map) return undefined;
  return parseCsvMap(
    Object.entries(map)
      .map(([k, v]) => `${k}=${v}`)
      .join(','),
  );
}
