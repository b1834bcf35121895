import { createRequire } from 'node:module';
import type * as BinaryPlist from 'bplist-parser';
import type * as FastXml from 'fast-xml-parser';
import type { XMLParser } from 'fast-xml-parser';
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
    scan.ctx.note?.(
      locate(frame),
      `property list of ${reader.size} bytes exceeds the ${scan.limits.maxStructureBytes}-byte limit; not read`,
    );
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
    root = (loadBinaryPlistParser().parseBuffer(bytes) as unknown[])[0];
  } else {
    const xml = bytes.toString('utf8');
    // DTDs are never fetched or expanded: entity declarations are refused outright.
    if (/<!ENTITY/i.test(xml)) throw new Error('entity declarations are not allowed');
    root = parseXmlPlist(xml);
  }
  if (!root || typeof root !== 'object' || Array.isArray(root) || Buffer.isBuffer(root))
    throw new Error('root is not a dictionary');
  return root as Dict;
}

type XmlNode = Record<string, XmlNode[] | string>;

// The parsers load on the first plist: the macOS collector imports this module on every platform,
// and a scan of an inventory file should not pay for them at start-up.
const requireLazily = createRequire(import.meta.url);
let xmlParser: XMLParser | undefined;
function loadXmlParser(): XMLParser {
  const { XMLParser: Parser } = requireLazily('fast-xml-parser') as typeof FastXml;
  return (xmlParser ??= new Parser({
    preserveOrder: true,
    processEntities: false,
    parseTagValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
  }));
}
function loadBinaryPlistParser(): typeof BinaryPlist {
  return requireLazily('bplist-parser') as typeof BinaryPlist;
}
const MAX_NESTING = 64;

/** XML plists through fast-xml-parser (entities off, nothing printed): dict, array and scalar elements. */
function parseXmlPlist(xml: string): unknown {
  const nodes = loadXmlParser().parse(xml) as XmlNode[];
  const plistNode = nodes.find((n) => 'plist' in n);
  if (!plistNode) throw new Error('no <plist> element');
  const [first] = elements(plistNode['plist']);
  if (!first) throw new Error('empty <plist>');
  return toValue(first, 0);
}

function elements(children: XmlNode[] | string | undefined): XmlNode[] {
  return Array.isArray(children)
    ? children.filter((c) => !('#text' in c) && !(':@' in c && Object.keys(c).length === 1))
    : [];
}

function textOf(children: XmlNode[] | string | undefined): string {
  return Array.isArray(children)
    ? children.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('')
    : '';
}

function toValue(node: XmlNode, depth: number): unknown {
  if (depth > MAX_NESTING) throw new Error('plist nested too deeply');
  const tag = Object.keys(node).find((k) => k !== ':@')!;
  const children = node[tag];
  switch (tag) {
    case 'dict': {
      const out: Record<string, unknown> = {};
      const items = elements(children);
      for (let i = 0; i + 1 < items.length; i += 2) {
        if (!('key' in items[i]!)) throw new Error('dict entry without <key>');
        out[textOf(items[i]!['key'])] = toValue(items[i + 1]!, depth + 1);
      }
      return out;
    }
    case 'array':
      return elements(children).map((c) => toValue(c, depth + 1));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'integer':
    case 'real':
      return Number(textOf(children));
    default:
      return textOf(children);
  }
}
