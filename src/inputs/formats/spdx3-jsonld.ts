import type { Identifier, Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asArray, asObject, asText, isObject, toAttributes, type Json } from './json-values.js';
import { toSpdxRefKind } from './spdx-party.js';

const ID = 'spdx3-jsonld';
const VERSIONS = ['3.0'] as const;
const PACKAGE_TYPES = new Set(['software_Package', 'Package', 'software:Package']);
const PARTY_TYPES = new Set(['Organization', 'Person', 'Agent', 'SoftwareAgent', 'Tool']);

/**
 * SPDX 3.0 JSON-LD (`@context` spdx.org/rdf/3.0.x, elements in `@graph`): software packages,
 * their `suppliedBy`/`originatedBy` agents resolved by spdxId, package URLs and CPEs.
 */
export const spdx3JsonLd: InputFormat = {
  id: ID,
  description: 'SPDX 3.0 JSON-LD SBOM',
  producedBy: 'spdx-tools (Python) / tools emitting SPDX 3.0.x serialised as JSON-LD',
  fileNames: [/\.spdx3?\.jsonld$/i, /\.spdx3\.json$/i],
  versions: VERSIONS,
  detect(sample: Sample) {
    // A plain search for a needle with a rare first character first: the expression is slow to fail.
    if (!sample.text.includes('@context')) return undefined;
    const m =
      /"@context"\s*:\s*\[?\s*"https?:\/\/spdx\.org\/rdf\/(\d+\.\d+)(?:\.\d+)?\/spdx-context\.jsonld"/.exec(
        sample.text,
      );
    return m ? { id: ID, version: m[1], confidence: 1 } : undefined;
  },
  read: readSpdx3,
};

async function* readSpdx3(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  const graph = isObject(doc) ? doc['@graph'] : Array.isArray(doc) ? doc : undefined;
  const pointer = Array.isArray(doc) ? '' : '/@graph';
  if (!Array.isArray(graph)) {
    ctx.error('/@graph', 'expected a JSON-LD @graph array of SPDX elements');
    return;
  }
  const parties = new Map<string, string>();
  for (const el of graph.map(asObject)) {
    const id = asText(el?.['spdxId']) ?? asText(el?.['@id']);
    const name = asText(el?.['name']);
    if (el && id && name && PARTY_TYPES.has(typeOf(el))) parties.set(id, name);
  }
  const partyName = (ref: unknown): string | undefined => {
    const obj = asObject(ref);
    if (obj) return asText(obj['name']) ?? partyName(obj['spdxId'] ?? obj['@id']);
    const id = asText(ref);
    return id ? parties.get(id) : undefined;
  };
  for (const [i, item] of graph.entries()) {
    const el = asObject(item);
    if (!el || !PACKAGE_TYPES.has(typeOf(el))) continue;
    const at = `${pointer}/${i}`;
    ctx.record();
    const name = asText(el['name']);
    if (!name) {
      ctx.error(at, 'package without a name');
      continue;
    }
    const supplier = partyName(el['suppliedBy']);
    const originators = asArray(el['originatedBy'])
      .map(partyName)
      .filter((n): n is string => !!n);
    const ids: Identifier[] = originators
      .filter((o) => o !== supplier)
      .map((value) => ({ kind: 'publisher' as const, value }));
    const purl = asText(el['software_packageUrl']) ?? asText(el['packageUrl']);
    if (purl) ids.push({ kind: 'purl', value: purl });
    for (const ref of asArray(el['externalIdentifier']).map(asObject)) {
      const kind = toSpdxRefKind(asText(ref?.['externalIdentifierType']) ?? '');
      const value = asText(ref?.['identifier']);
      if (kind && value && !ids.some((x) => x.value === value)) ids.push({ kind, value });
    }
    const obs: Observation = {
      kind: 'component',
      name,
      origin: { source: source.name, format: ID, locator: at },
    };
    const version = asText(el['software_packageVersion']) ?? asText(el['packageVersion']);
    if (version) obs.version = version;
    const publisher = supplier ?? originators[0];
    if (publisher) obs.publisher = publisher;
    if (ids.length) obs.ids = ids;
    if (ctx.host) obs.host = ctx.host;
    const attributes = toAttributes({
      spdxId: asText(el['spdxId']),
      primaryPurpose: asText(el['software_primaryPurpose']),
      downloadLocation: asText(el['software_downloadLocation']),
    });
    if (attributes) obs.attributes = attributes;
    yield obs;
  }
}

function typeOf(el: Json): string {
  return asText(el['type']) ?? asText(el['@type']) ?? '';
}
