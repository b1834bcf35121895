import type { Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { isObject } from './json-values.js';
import { detectPowerShellShape, mapPowerShellObject, propertiesOf } from './powershell-objects.js';

const ID = 'powershell-json';

/**
 * `… | ConvertTo-Json` of Uninstall keys (Get-ItemProperty), Get-Service, Get-CimInstance
 * Win32_Service / Win32_SystemDriver, Get-AuthenticodeSignature, Get-Process, Get-AppxPackage.
 * A single object (ConvertTo-Json of one item) is read as a one-element list.
 */
export const powershellJson: InputFormat = {
  id: ID,
  description: 'PowerShell ConvertTo-Json of Uninstall keys, services, drivers, signatures, processes, Appx',
  producedBy:
    'Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*, HKLM:\\Software\\WOW6432Node\\…\\Uninstall\\* | ConvertTo-Json > uninstall.json',
  detect(sample: Sample) {
    const text = sample.text.replace(/^\uFEFF/, '').trimStart();
    if (!text.startsWith('[') && !text.startsWith('{')) return undefined;
    const keys = [...text.slice(0, 8192).matchAll(/"([A-Za-z][A-Za-z0-9_]*)"\s*:/g)].map((m) =>
      m[1]!.toLowerCase(),
    );
    const shape = detectPowerShellShape(keys);
    if (!shape) return undefined;
    return { id: ID, confidence: shape === 'process' ? 0.6 : 0.92 };
  },
  read: readPowerShellJson,
};

async function* readPowerShellJson(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  const list = Array.isArray(doc) ? doc : [doc];
  const prefix = Array.isArray(doc) ? '' : null;
  for (const [i, item] of list.entries()) {
    const at = prefix === null ? '' : `/${i}`;
    ctx.record();
    if (!isObject(item)) {
      ctx.error(at || '/', 'expected an object');
      continue;
    }
    const { names, get } = propertiesOf(item);
    const shape = detectPowerShellShape(names);
    if (!shape) {
      ctx.error(
        at || '/',
        `not an object this reader knows (properties: ${Object.keys(item).slice(0, 6).join(', ')})`,
      );
      continue;
    }
    const result = mapPowerShellObject(shape, get);
    if (!result) continue;
    if ('error' in result) {
      ctx.error(at || '/', result.error);
      continue;
    }
    const host = result.host ?? ctx.host ?? computerName(item);
    yield {
      ...result,
      ...(host ? { host } : {}),
      origin: { source: source.name, format: ID, locator: at || '/' },
    };
  }
}

/** Get-CimInstance objects carry the machine (PSComputerName / SystemName). */
function computerName(item: Record<string, unknown>): string | undefined {
  const v = item['PSComputerName'] ?? item['SystemName'];
  return typeof v === 'string' && v ? v : undefined;
}
