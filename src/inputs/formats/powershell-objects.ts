import { foldHeader } from './csv-header.js';
import { asObject, asText, prune, toAttributes, toIds } from './json-values.js';
import type { LineResult } from './line-format.js';
import { placeKey, toRegistryObservation } from './registry-values.js';

/** A PowerShell object's properties by folded name ("DisplayName" → "displayname"). */
export type Properties = (name: string) => unknown;

/** The PowerShell commands whose objects this module understands, told apart by their properties. */
export const POWERSHELL_SHAPES = [
  'uninstall-key',
  'service',
  'cim-service',
  'authenticode',
  'process',
  'appx',
] as const;
export type PowerShellShape = (typeof POWERSHELL_SHAPES)[number];

/** Which command produced an object with these (folded) property names. */
export function detectPowerShellShape(names: Iterable<string>): PowerShellShape | undefined {
  const has = new Set(names);
  if (has.has('pspath') && (has.has('displayname') || has.has('pschildname'))) return 'uninstall-key';
  if (has.has('signercertificate') && has.has('path')) return 'authenticode';
  if (has.has('pathname') && (has.has('startmode') || has.has('servicetype'))) return 'cim-service';
  if (has.has('servicename') && has.has('displayname') && (has.has('status') || has.has('starttype')))
    return 'service';
  if (has.has('packagefamilyname') && has.has('publisher')) return 'appx';
  if (has.has('processname') || (has.has('name') && has.has('path') && (has.has('company') || has.has('id'))))
    return 'process';
  return undefined;
}

/** Properties of a parsed JSON object, looked up folded. */
export function propertiesOf(obj: Record<string, unknown>): { names: string[]; get: Properties } {
  const map = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) if (!map.has(foldHeader(k))) map.set(foldHeader(k), v);
  return { names: [...map.keys()], get: (name) => map.get(name) };
}

/** ServiceControllerStatus and ServiceStartMode as ConvertTo-Json writes them (numbers). */
const STATUS = [
  '',
  'Stopped',
  'StartPending',
  'StopPending',
  'Running',
  'ContinuePending',
  'PausePending',
  'Paused',
];
const START = ['Boot', 'System', 'Automatic', 'Manual', 'Disabled'];

/**
 * Maps one object written by `ConvertTo-Json` or `Export-Csv` of the commands in
 * POWERSHELL_SHAPES to an observation; undefined when Windows would not list it.
 */
export function mapPowerShellObject(shape: PowerShellShape, get: Properties): LineResult {
  const text = (name: string) => asText(get(name));
  switch (shape) {
    case 'uninstall-key': {
      const path = text('pspath') ?? '';
      const place = placeKey(path) ?? {
        kind: 'uninstall' as const,
        name: text('pschildname') ?? '',
        hive: 'HKLM',
        wow64: false,
      };
      const values = new Map<string, string>();
      for (const name of [
        'displayname',
        'displayversion',
        'publisher',
        'installlocation',
        'uninstallstring',
        'installdate',
        'systemcomponent',
        'imagepath',
        'type',
        'start',
        'objectname',
        'description',
      ]) {
        const v = text(name);
        if (v) values.set(name, v);
      }
      return toRegistryObservation(
        place,
        path.replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, ''),
        values,
      );
    }
    case 'service': {
      const name = text('servicename') ?? text('name');
      if (!name) return { error: 'service without a Name' };
      return prune({
        kind: 'service' as const,
        name: text('displayname') ?? name,
        path: text('binarypathname'),
        ids: toIds(['service', name]),
        attributes: toAttributes({
          status: enumText(get('status'), STATUS),
          startType: enumText(get('starttype'), START),
        }),
      });
    }
    case 'cim-service': {
      const name = text('name');
      if (!name) return { error: 'service without a Name' };
      const driver =
        /driver/i.test(text('servicetype') ?? '') ||
        /Win32_SystemDriver/i.test(text('creationclassname') ?? '');
      return prune({
        kind: driver ? ('driver' as const) : ('service' as const),
        name: text('displayname') ?? name,
        path: text('pathname'),
        ids: toIds([driver ? 'driver' : 'service', name]),
        attributes: toAttributes({
          state: text('state'),
          startMode: text('startmode'),
          account: text('startname'),
        }),
      });
    }
    case 'authenticode': {
      const path = text('path');
      const cert = asObject(get('signercertificate'));
      const subject = asText(cert?.['Subject']) ?? text('signercertificate');
      if (!path) return { error: 'signature without a Path' };
      const signer = subject ? (/(?:^|,\s*)CN="?([^",]+)"?/.exec(subject)?.[1] ?? subject) : undefined;
      return prune({
        kind: 'file' as const,
        name: path.split(/[\\/]/).pop(),
        path,
        ids: toIds(['signer', signer], ['file-name', path.split(/[\\/]/).pop()]),
        attributes: toAttributes({
          signerSubject: subject,
          thumbprint: asText(cert?.['Thumbprint']),
          status: enumText(get('status'), [
            'Valid',
            'UnknownError',
            'NotSigned',
            'HashMismatch',
            'NotTrusted',
            'NotSupportedFileFormat',
            'Incompatible',
          ]),
        }),
      });
    }
    case 'appx': {
      const name = text('name');
      if (!name) return { error: 'package without a Name' };
      const publisher = text('publisher');
      return prune({
        kind: 'app' as const,
        name,
        version: text('version'),
        publisher: publisher
          ? (/(?:^|,\s*)(?:O|CN)="?([^",]+)"?/.exec(publisher)?.[1] ?? publisher)
          : undefined,
        path: text('installlocation'),
        ids: toIds(['package', text('packagefamilyname')]),
      });
    }
    case 'process': {
      const name = text('processname') ?? text('name');
      if (!name) return { error: 'process without a Name' };
      return prune({
        kind: 'process' as const,
        name,
        publisher: text('company'),
        version: text('productversion'),
        path: text('path'),
        ids: toIds(['process', /\.exe$/i.test(name) ? name : `${name}.exe`]),
        attributes: toAttributes({ pid: text('id'), product: text('product') }),
      });
    }
  }
}

function enumText(value: unknown, names: string[]): string | undefined {
  if (typeof value === 'number') return names[value] ?? String(value);
  return asText(value);
}
