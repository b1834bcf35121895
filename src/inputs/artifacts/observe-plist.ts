import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import type { Identifier, Observation } from '../../core/observation.js';
import type { ByteReader } from './byte-reader.js';
import { locate, observe, type Frame, type Scan } from './frame.js';

type Dict = Record<string, unknown>;

/**
 * A property list (XML or binary): an app bundle's Info.plist gives its bundle id, name and
 * version; a launchd plist gives its job label. Other plists say nothing and yield nothing.
 */
export async function observePlist(scan: Scan, frame: Frame, reader: ByteReader): Promise<Observation[]> {
  if (reader.size > scan.limits.maxStructureBytes) {
    scan.ctx.note?.(locate(frame), `property list of ${reader.size} bytes exceeds the ${scan.limits.maxStructureBytes}-byte limit; not read`);
    return [];
  }
  const bytes = await reader.read(0, reader.size);
  let dict: Dict;
  try {
    dict = parsePlist(bytes);
  } catch (cause) {
    scan.ctx.note?.(locate(frame), `property list unreadable: ${(cause as Error).message}`);
    return [];
  }
  const text = (key: string): string | undefined => {
    const value = dict[key];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const ids: Identifier[] = [];
  const bundleId = text('CFBundleIdentifier');
  if (bundleId) ids.push({ kind: 'bundle-id', value: bundleId });
  const label = text('Label');
  if (label) ids.push({ kind: 'service', value: label }, { kind: 'bundle-id', value: label });
  const executable = text('CFBundleExecutable');
  if (executable) ids.push({ kind: 'process', value: executable });
  if (!ids.length) return [];
  const attributes: Record<string, string> = {};
  const copyright = text('NSHumanReadableCopyright');
  if (copyright) attributes['copyright'] = copyright;
  const program = dict['ProgramArguments'];
  if (Array.isArray(program) && typeof program[0] === 'string') attributes['program'] = program[0];
  return [
    await observe(
      scan,
      frame,
      {
        kind: bundleId ? 'app' : 'service',
        name: text('CFBundleDisplayName') ?? text('CFBundleName') ?? label,
        version: text('CFBundleShortVersionString') ?? text('CFBundleVersion'),
        ids,
        attributes,
      },
      reader,
    ),
  ];
}

/** Parses an XML or binary plist whose root is a dictionary. @throws Error otherwise. */
export function parsePlist(bytes: Buffer): Dict {
  let root: unknown;
  if (bytes.toString('latin1', 0, 8) === 'bplist00') {
    root = (parseBuffer(bytes) as unknown[])[0];
  } else {
    const xml = bytes.toString('utf8');
    // DTDs are never fetched or expanded: entity declarations are refused outright.
    if (/<!ENTITY/i.test(xml)) throw new Error('entity declarations are not allowed');
    root = parseXmlPlist(xml);
  }
  if (!root || typeof root !== 'object' || Array.isArray(root) || Buffer.isBuffer(root)) throw new Error('root is not a dictionary');
  return root as Dict;
}
