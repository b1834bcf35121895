import type { Identifier, Observation } from '../../core/observation.js';
import { openText } from '../source.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { MAX_DOCUMENT_CHARS } from './json-document.js';
import { asArray, asObject, asText, toAttributes, type Json } from './json-values.js';

const ID = 'cyclonedx-xml';
const VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5', '1.6'] as const;
const ARRAYS = new Set(['component', 'hash', 'author', 'tool', 'property', 'license']);

/**
 * CycloneDX XML BOMs. Entities are not processed (no DTD expansion, no billion laughs); the
 * five predefined XML entities and character references are decoded by hand.
 */
export const cyclonedxXml: InputFormat = {
  id: ID,
  description: 'CycloneDX XML SBOM (spec 1.0–1.6)',
  producedBy: 'syft -o cyclonedx-xml, cyclonedx-maven-plugin, CycloneDX .NET tool, a vendor SBOM',
  fileNames: [/\.cdx\.xml$/i, /bom\.xml$/i],
  versions: VERSIONS,
  detect(sample: Sample) {
    // A plain search for a needle with a rare first character first: the expression is slow to fail.
    if (!sample.text.includes('<bom')) return undefined;
    const m = /<bom\b[^>]*xmlns(?::\w+)?="http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)"/.exec(
      sample.text,
    );
    return m ? { id: ID, version: m[1], confidence: 1 } : undefined;
  },
  read: readCyclonedxXml,
};

async function* readCyclonedxXml(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const parts: string[] = [];
  let length = 0;
  for await (const text of openText(source, ctx)) {
    length += text.length;
    if (length > MAX_DOCUMENT_CHARS) {
      ctx.error('/bom', `document larger than ${MAX_DOCUMENT_CHARS / 1024 / 1024} MiB; not read`);
      return;
    }
    parts.push(text);
  }
  const { XMLParser } = await import('fast-xml-parser'); // loaded only when an XML BOM is read
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    processEntities: false,
    htmlEntities: false,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ARRAYS.has(name),
  });
  let doc: Json;
  try {
    doc = parser.parse(parts.join(''), true) as Json;
  } catch (cause) {
    const m =
      /Line: (\d+)/i.exec(String((cause as Error).message)) ?? /line (\d+)/i.exec(JSON.stringify(cause));
    ctx.error(m ? `line ${m[1]}` : '/bom', `invalid XML: ${(cause as Error).message.split('\n')[0]}`);
    return;
  }
  const bom = asObject(doc['bom']);
  if (!bom) {
    ctx.error('/bom', 'not a CycloneDX BOM: no <bom> root element');
    return;
  }
  const make = (c: Json, at: string, carrier?: string): Observation | undefined => {
    const name = text(c['name']);
    if (!name) {
      ctx.error(at, 'component without a name');
      return undefined;
    }
    const orgs = [
      ...new Set(
        [
          text(c['publisher']),
          text(asObject(c['manufacturer'])?.['name']),
          text(asObject(c['supplier'])?.['name']),
          text(c['author']),
          ...asArray(asObject(c['authors'])?.['author']).map((a) => text(asObject(a)?.['name'])),
        ].filter((v): v is string => !!v),
      ),
    ];
    const ids: Identifier[] = orgs.slice(1).map((value) => ({ kind: 'publisher', value }));
    const purl = text(c['purl']);
    if (purl) ids.push({ kind: 'purl', value: purl });
    const cpe = text(c['cpe']);
    if (cpe) ids.push({ kind: 'cpe', value: cpe });
    const sha = asArray(asObject(c['hashes'])?.['hash'])
      .map(asObject)
      .find((h) => h?.['@alg'] === 'SHA-256');
    const sha256 = text(sha?.['#text']);
    if (sha256) ids.push({ kind: 'sha256', value: sha256.toLowerCase() });
    const obs: Observation = {
      kind: 'component',
      name,
      origin: { source: source.name, format: ID, locator: at },
    };
    if (orgs[0]) obs.publisher = orgs[0];
    const version = text(c['version']);
    if (version) obs.version = version;
    if (ids.length) obs.ids = ids;
    if (ctx.host) obs.host = ctx.host;
    if (carrier) obs.carrier = carrier;
    const attributes = toAttributes({
      type: text(c['@type']),
      group: text(c['group']),
      'bom-ref': text(c['@bom-ref']),
      scope: text(c['scope']),
    });
    if (attributes) obs.attributes = attributes;
    return obs;
  };
  function* walk(list: unknown, pointer: string, carrier?: string): Generator<Observation> {
    const items = asArray(asObject(list)?.['component']);
    for (const [i, item] of items.entries()) {
      const at = `${pointer}/component[${i + 1}]`;
      ctx.record();
      const c = asObject(item);
      if (!c) {
        ctx.error(at, 'expected a component element');
        continue;
      }
      const obs = make(c, at, carrier);
      if (obs) yield obs;
      yield* walk(c['components'], `${at}/components`, label(c) ?? carrier);
    }
  }
  const main = asObject(asArray(asObject(bom['metadata'])?.['component'])[0]);
  const product = main ? label(main) : undefined;
  if (main) {
    ctx.record();
    const obs = make(main, '/bom/metadata/component');
    if (obs) yield obs;
    yield* walk(main['components'], '/bom/metadata/component/components', product);
  }
  yield* walk(bom['components'], '/bom/components', product);
}

function label(c: Json): string | undefined {
  const name = text(c['name']);
  const version = text(c['version']);
  return name ? (version ? `${name} ${version}` : name) : undefined;
}

/** Element text with the predefined entities and character references decoded. */
function text(value: unknown): string | undefined {
  const raw = asText(value) ?? asText(asObject(value)?.['#text']);
  if (!raw) return undefined;
  return raw
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => safeChar(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
}
