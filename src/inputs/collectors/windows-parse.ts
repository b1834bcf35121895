import { locateJsonError } from '../formats/json-document.js';
import { asArray, asText, isObject } from '../formats/json-values.js';

/** One key of `reg query KEY /s`, with its values keyed by lower-cased name (as `toRegistryObservation` wants). */
export interface RegQueryKey {
  path: string;
  line: number;
  values: Map<string, string>;
}

const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/**
 * Parses `reg query KEY /s`: a full key path at the start of a line, then its values indented by
 * four spaces (`    Name    REG_TYPE    data`). DWORD and QWORD data become decimal text.
 * @example parseRegQuery('HKEY_LOCAL_MACHINE\\…\\Uninstall\\7-Zip\r\n    DisplayName    REG_SZ    7-Zip\r\n')
 */
export function parseRegQuery(text: string): RegQueryKey[] {
  const keys: RegQueryKey[] = [];
  let key: RegQueryKey | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '');
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      key = { path: line.trimEnd(), line: i + 1, values: new Map() };
      keys.push(key);
      continue;
    }
    const m = key ? VALUE_LINE.exec(line) : null;
    if (!m || !key) continue;
    const [, name, type, data = ''] = m;
    key.values.set(name!.toLowerCase(), decodeRegData(type!, data));
  }
  return keys;
}

function decodeRegData(type: string, data: string): string {
  if ((type === 'REG_DWORD' || type === 'REG_QWORD') && /^0x[0-9a-f]+$/i.test(data))
    return BigInt(data).toString();
  // reg.exe shows the strings of a REG_MULTI_SZ joined by a literal "\0".
  if (type === 'REG_MULTI_SZ') return data.split('\\0').filter(Boolean).join(',');
  return data;
}

/** The subkeys `reg query HKU` lists that are users' hives (not their `_Classes` companions). */
export function parseUserHives(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^HKEY_USERS\\S-1-[0-9-]+$/.test(l));
}

/** What the collector's PowerShell scripts print: the objects, and what could not be read. */
export interface PowerShellEnvelope {
  items: Record<string, unknown>[];
  errors: { target?: string; message: string }[];
}

/** Parses a script's `{"items":[…],"errors":[…]}`; a string naming the line when it is not that. */
export function parseEnvelope(stdout: string): PowerShellEnvelope | { problem: string; locator: string } {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    return {
      problem: `invalid JSON: ${(cause as Error).message}`,
      locator: locateJsonError(text, cause as Error),
    };
  }
  if (!isObject(doc) || !('items' in doc))
    return { problem: 'expected {"items":[…],"errors":[…]}', locator: '/' };
  // ConvertTo-Json writes a one-element array property as a bare object in some PowerShell versions.
  const list = (value: unknown) => (Array.isArray(value) ? value : value == null ? [] : [value]);
  return {
    items: list(doc['items']).filter(isObject),
    errors: asArray(list(doc['errors'])).flatMap((e) => {
      if (!isObject(e)) return [];
      const message = asText(e['message']);
      if (!message) return [];
      const target = asText(e['target']);
      return [target ? { target, message } : { message }];
    }),
  };
}

/**
 * The executable of a service's or driver's `PathName` / `ImagePath`, in a form PowerShell can
 * expand: quoted or not, arguments dropped, `\SystemRoot\`, `System32\…` and `\??\` resolved.
 * @example toExecutablePath('"C:\\Program Files\\K\\avp.exe" -r') // 'C:\\Program Files\\K\\avp.exe'
 */
export function toExecutablePath(pathName: string | undefined): string | undefined {
  if (!pathName) return undefined;
  let text = pathName.trim();
  const quoted = /^"([^"]+)"/.exec(text);
  if (quoted) text = quoted[1]!;
  else {
    const exe = /^(.+?\.(?:exe|sys|dll|com))(?=\s|$)/i.exec(text);
    if (!exe) return undefined;
    text = exe[1]!;
  }
  text = text.replace(/^\\\?\?\\/, '');
  if (/^\\SystemRoot\\/i.test(text)) text = `%SystemRoot%${text.slice('\\SystemRoot'.length)}`;
  else if (/^system32\\/i.test(text)) text = `%SystemRoot%\\${text}`;
  return /^([A-Za-z]:\\|%[A-Za-z]+%\\|\\\\)/.test(text) ? text : undefined;
}
