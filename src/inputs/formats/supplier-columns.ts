import type { Identifier, Observation, Origin } from '../../core/observation.js';
import { DAY_MS, isoDay } from '../../core/dates.js';
import { foldHeader } from './csv-header.js';

/** What a vendor-master column can say about a supplier. */
const SUPPLIER_FIELDS = [
  'name',
  'altNames',
  'country',
  'address',
  'registration',
  'contractStart',
  'contract',
  'vendorId',
  'type',
] as const;
type SupplierField = (typeof SUPPLIER_FIELDS)[number];

/**
 * Header spellings of ERP and procurement exports (SAP vendor master, Oracle suppliers, Coupa,
 * SAM.gov entity extracts, spreadsheets), folded to lower-case letters and digits.
 */
const SYNONYMS: Record<SupplierField, readonly string[]> = {
  name: [
    'suppliername',
    'vendorname',
    'supplier',
    'vendor',
    'supplierlegalname',
    'vendorlegalname',
    'legalname',
    'legalbusinessname',
    'companyname',
    'company',
    'counterparty',
    'counterpartyname',
    'contractor',
    'contractorname',
    'partyname',
    'party',
    'entityname',
    'organizationname',
    'organisationname',
    'payee',
    'payeename',
    'beneficiary',
    'name',
    'fullname',
  ],
  altNames: [
    'alternativenames',
    'alternatenames',
    'alternativename',
    'alternatename',
    'aliases',
    'alias',
    'aka',
    'alsoknownas',
    'dba',
    'doingbusinessas',
    'dbaname',
    'tradename',
    'tradenames',
    'othernames',
    'formernames',
    'previousnames',
    'localname',
    'nativename',
    'namelocal',
    'name2',
    'vendorname2',
    'searchterm',
  ],
  country: [
    'country',
    'countrycode',
    'suppliercountry',
    'vendorcountry',
    'countryofincorporation',
    'countryofregistration',
    'registeredcountry',
    'nationality',
    'iso2',
    'countryregion',
  ],
  address: [
    'address',
    'streetaddress',
    'street',
    'address1',
    'address2',
    'addressline1',
    'addressline2',
    'registeredaddress',
    'city',
    'postalcode',
    'postcode',
    'zip',
    'zipcode',
    'stateprovince',
    'state',
    'region',
  ],
  registration: [
    'registrationid',
    'registrationids',
    'registrationnumber',
    'companynumber',
    'companyregistrationnumber',
    'duns',
    'dunsnumber',
    'cage',
    'cagecode',
    'uei',
    'samuei',
    'lei',
    'taxid',
    'taxnumber',
    'vat',
    'vatnumber',
    'vatid',
    'inn',
    'ogrn',
    'kpp',
    'ein',
    'tin',
    'crn',
  ],
  contractStart: [
    'contractstart',
    'contractstartdate',
    'startdate',
    'agreementstart',
    'agreementstartdate',
    'effectivedate',
    'agreementdate',
    'contractdate',
    'signeddate',
    'datesigned',
    'signaturedate',
    'awarddate',
    'onboardingdate',
    'relationshipstart',
    'since',
  ],
  contract: [
    'contract',
    'contractid',
    'contractnumber',
    'contractno',
    'agreement',
    'agreementid',
    'agreementnumber',
    'ponumber',
    'po',
  ],
  vendorId: [
    'vendorid',
    'supplierid',
    'vendornumber',
    'suppliernumber',
    'vendorno',
    'supplierno',
    'vendorcode',
    'suppliercode',
    'id',
  ],
  type: ['type', 'entitytype', 'partytype', 'suppliertype', 'vendortype', 'kind'],
};

/** Fields that may take several columns (address parts, several registration ids). */
const MULTI: ReadonlySet<SupplierField> = new Set(['address', 'registration', 'altNames']);

export interface SupplierColumns {
  /** Field → column keys (header names as written), in header order. */
  fields: Partial<Record<SupplierField, string[]>>;
  /** Columns that carry a registration id, with the label to keep ("DUNS"). */
  labels: Record<string, string>;
}

/** Maps a header row; the first synonym (most specific) wins for single-column fields. */
export function mapSupplierColumns(headers: readonly string[]): SupplierColumns {
  const fields: Partial<Record<SupplierField, string[]>> = {};
  const labels: Record<string, string> = {};
  const folded = headers.map(foldHeader);
  // Detection asks this of every text file's first line: most name no known column at all.
  if (!folded.some((f) => ANY_SYNONYM.has(f))) return { fields, labels };
  for (const field of SUPPLIER_FIELDS) {
    const synonyms = SYNONYMS[field];
    if (MULTI.has(field)) {
      const hits = headers.filter((_, i) => synonyms.includes(folded[i]!) && !isTaken(fields, headers[i]!));
      if (hits.length) fields[field] = hits;
      continue;
    }
    for (const synonym of synonyms) {
      const i = folded.findIndex((f, j) => f === synonym && !isTaken(fields, headers[j]!));
      if (i >= 0) {
        fields[field] = [headers[i]!];
        break;
      }
    }
  }
  for (const h of fields.registration ?? []) labels[h] = h.trim();
  return { fields, labels };
}

const ANY_SYNONYM: ReadonlySet<string> = new Set(SUPPLIER_FIELDS.flatMap((f) => SYNONYMS[f]));

function isTaken(fields: Partial<Record<SupplierField, string[]>>, header: string): boolean {
  return Object.values(fields).some((list) => list?.includes(header));
}

/** Column names that say "this is a list of suppliers", as opposed to a generic name column. */
const SUPPLIER_NAME =
  /^(supplier|vendor|counterparty|contractor|party|payee|legal|company|beneficiary|entity|organi[sz]ation)/;

/**
 * How much a header row looks like a vendor master: a supplier-ish name column and at least one
 * of country, address, registration id or contract columns; a bare "name" needs two of them.
 */
export function rateSupplierHeader(headers: readonly string[]): number {
  const { fields } = mapSupplierColumns(headers);
  const nameColumn = fields.name?.[0];
  if (!nameColumn) return 0;
  const support = (['country', 'address', 'registration', 'contractStart', 'contract'] as const).filter(
    (f) => fields[f],
  ).length;
  if (SUPPLIER_NAME.test(foldHeader(nameColumn))) return support >= 1 ? 0.9 : 0.5;
  return support >= 2 ? 0.85 : 0;
}

export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * Turns one row into a supplier (or person) observation. Problems are reported through `error`
 * and the row is kept when it still has a name.
 */
export function toSupplierObservation(
  row: (key: string) => CellValue,
  columns: SupplierColumns,
  origin: Origin,
  error: (message: string) => void,
): Observation | undefined {
  // This runs once per row of a vendor master: nothing is built for a column that is absent or empty.
  const { fields, labels } = columns;
  const altNames = fields.altNames ? fields.altNames.flatMap((k) => splitList(cellText(row(k)))) : [];
  const name = firstText(row, fields.name) ?? (altNames.length ? altNames.shift() : undefined);
  if (!name) {
    error('no supplier name in this row');
    return undefined;
  }
  const typeValue = fields.type ? (firstText(row, fields.type) ?? '') : '';
  const kind = typeValue && PERSON_TYPE.test(typeValue) ? 'person' : 'supplier';
  const ids: Identifier[] = altNames.length
    ? altNames.filter((n) => n !== name).map((value) => ({ kind, value }))
    : NO_IDS;
  // Key order stays country, address, registrations, contract, vendorId.
  let attributes: Record<string, string> | undefined;
  const country = firstText(row, fields.country);
  if (country) (attributes ??= {})['country'] = country;
  const address = fields.address
    ? fields.address
        .map((k) => cellText(row(k)))
        .filter(Boolean)
        .join(', ')
    : '';
  if (address) (attributes ??= {})['address'] = address;
  const registrations = fields.registration
    ? fields.registration.flatMap((k) =>
        splitList(cellText(row(k))).map((v) => (isGenericRegistrationColumn(k) ? v : `${labels[k]} ${v}`)),
      )
    : NO_NAMES;
  if (registrations.length) (attributes ??= {})['registrations'] = registrations.join('; ');
  const contract = firstText(row, fields.contract);
  if (contract) (attributes ??= {})['contract'] = contract;
  const vendorId = firstText(row, fields.vendorId);
  if (vendorId) (attributes ??= {})['vendorId'] = vendorId;
  let date: string | undefined;
  const startKey = fields.contractStart?.[0];
  const startValue = startKey ? row(startKey) : undefined;
  if (startValue !== undefined && startValue !== null && cellText(startValue) !== '') {
    date = toIsoDate(startValue);
    if (!date)
      error(
        `contract start "${cellText(startValue)}" is not a date (expected YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY)`,
      );
  }
  // Assigned, not spread. Key order stays kind, name, ids, date, attributes, origin.
  const observation = { kind, name } as Observation;
  if (ids.length) observation.ids = ids;
  if (date) observation.date = date;
  if (attributes) observation.attributes = attributes;
  observation.origin = origin;
  return observation;
}

const NO_NAMES: readonly string[] = [];
const NO_IDS: Identifier[] = [];

/** The first non-empty cell of the columns, trimmed. */
function firstText(row: (key: string) => CellValue, keys: readonly string[] | undefined): string | undefined {
  if (keys)
    for (const key of keys) {
      const value = cellText(row(key));
      if (value) return value;
    }
  return undefined;
}

const PERSON_TYPE = /\b(person|individual|natural|sole)\b/i;

function isGenericRegistrationColumn(key: string): boolean {
  return /^(registrationids?|registrationnumber)$/.test(foldHeader(key));
}

function splitList(value: string): string[] {
  return value
    .split(/[;|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function cellText(value: CellValue): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDay(value);
  return String(value).trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A contract date as ISO YYYY-MM-DD: ISO (with or without time), YYYY/MM/DD, DD.MM.YYYY,
 * MM/DD/YYYY (U.S.; DD/MM/YYYY when the first number is over 12), "20 Jul 2024", "Jul 20, 2024",
 * an Excel date or an Excel serial day number. Undefined when it is none of them.
 * @example toIsoDate('07/20/2024') // '2024-07-20'
 */
export function toIsoDate(value: CellValue): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : isoDay(value);
  if (typeof value === 'number') {
    if (value < 20000 || value > 80000) return undefined;
    return isoDay(Date.UTC(1899, 11, 30) + Math.round(value) * DAY_MS);
  }
  const s = cellText(value);
  if (isIsoDayShape(s))
    return isCalendarDay(isoPart(s, 0, 4), isoPart(s, 5, 7), isoPart(s, 8, 10)) ? s : undefined;
  // A vendor master repeats a few thousand dates over a million rows: parse each spelling once.
  const known = DATE_CACHE.get(s);
  if (known !== undefined) return known === NOT_A_DATE ? undefined : known;
  const parsed = parseDateText(s);
  if (DATE_CACHE.size >= DATE_CACHE_LIMIT) DATE_CACHE.clear();
  DATE_CACHE.set(s, parsed ?? NOT_A_DATE);
  return parsed;
}

/**
 * YYYY-MM-DD, the usual spelling: read in place, and returned as it is (what `valid` would write), without the
 * cache lookup (hashing a fresh string each row cost more than reading its ten characters).
 */
function isIsoDayShape(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d) return false;
  for (const i of ISO_DIGITS) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];

function isoPart(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 0x30;
  return n;
}

const DATE_CACHE = new Map<string, string>();
const DATE_CACHE_LIMIT = 50_000;
const NOT_A_DATE = '';

function parseDateText(s: string): string | undefined {
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return valid(+m[3]!, +m[2]!, +m[1]!);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return +m[1]! > 12 ? valid(+m[3]!, +m[2]!, +m[1]!) : valid(+m[3]!, +m[1]!, +m[2]!);
  m = /^(\d{1,2})[\s-]([A-Za-z]{3})[A-Za-z]*\.?[\s-](\d{4})$/.exec(s);
  if (m) return valid(+m[3]!, MONTHS.indexOf(m[2]!.toLowerCase()) + 1, +m[1]!);
  m = /^([A-Za-z]{3})[A-Za-z]*\.?\s(\d{1,2}),?\s(\d{4})$/.exec(s);
  if (m) return valid(+m[3]!, MONTHS.indexOf(m[1]!.toLowerCase()) + 1, +m[2]!);
  return undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the day exists in the (proleptic) Gregorian calendar, as Date has it. */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  // Arithmetic, not a Date per row: a million-row vendor master spent half a second here.
  return day <= DAYS_IN_MONTH[month - 1]! + (month === 2 && leap ? 1 : 0);
}

/** The date as YYYY-MM-DD when it exists in the (proleptic) Gregorian calendar, as Date has it. */
function valid(year: number, month: number, day: number): string | undefined {
  if (!isCalendarDay(year, month, day)) return undefined;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}
