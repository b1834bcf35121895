import type { Identifier, Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asArray, asObject, asText, isObject, toAttributes } from './json-values.js';

const ID = 'syft-json';
/** Package metadata fields that name who made or ships a package, by Syft metadata type. */
const PUBLISHER_FIELDS = ['publisher', 'vendor', 'maintainer', 'author', 'packager', 'company'];

/** Syft's own JSON (`syft -o json`): every artifact with purl, CPEs, location and maintainer. */
export const syftJson: InputFormat = {
  id: ID,
  description: 'Syft JSON (syft -o json)',
  producedBy: 'syft <image|dir> -o json',
  fileNames: [/syft.*\.json$/i],
  detect(sample: Sample) {
    const text = sample.text.trimStart();
    if (!text.startsWith('{') || !/"artifacts"\s*:/.test(text)) return undefined;
    if (/anchore\/syft\/[^"]*schema/.test(text) || /"descriptor"\s*:\s*\{\s*"name"\s*:\s*"syft"/.test(text))
      return { id: ID, confidence: 1 };
    return /"artifactRelationships"\s*:/.test(text) ? { id: ID, confidence: 0.8 } : undefined;
  },
  read: readSyft,
};

async function* readSyft(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  if (!isObject(doc) || !Array.isArray(doc['artifacts'])) {
    ctx.error('/artifacts', 'not a Syft document: no artifacts array');
    return;
  }
  const target =
    asText(asObject(asObject(doc['source'])?.['metadata'])?.['userInput']) ??
    asText(asObject(doc['source'])?.['name']);
  for (const [i, item] of doc['artifacts'].entries()) {
    const at = `/artifacts/${i}`;
    ctx.record();
    const a = asObject(item);
    const name = asText(a?.['name']);
    if (!a || !name) {
      ctx.error(at, a ? 'artifact without a name' : 'expected an artifact object');
      continue;
    }
    const metadata = asObject(a['metadata']);
    const publisher = PUBLISHER_FIELDS.map((f) => asText(metadata?.[f])).find(Boolean);
    const ids: Identifier[] = [];
    const purl = asText(a['purl']);
    if (purl) ids.push({ kind: 'purl', value: purl });
    for (const cpe of asArray(a['cpes'])) {
      // Syft before 1.0 listed CPE strings; later versions list { cpe, source }.
      const value = asText(cpe) ?? asText(asObject(cpe)?.['cpe']);
      if (value) ids.push({ kind: 'cpe', value });
    }
    const type = asText(a['type']);
    if (type === 'deb' || type === 'rpm' || type === 'apk') ids.push({ kind: 'linux-package', value: name });
    const obs: Observation = {
      kind: type === 'binary' ? 'file' : 'component',
      name,
      origin: { source: source.name, format: ID, locator: at },
    };
    const version = asText(a['version']);
    if (version) obs.version = version;
    if (publisher) obs.publisher = publisher.replace(/\s*<[^>]*>\s*$/, '');
    // For packages the location is the package database, not the software: kept as evidence.
    const location = asText(asObject(asArray(a['locations'])[0])?.['path']);
    if (location && type === 'binary') obs.path = location;
    if (ids.length) obs.ids = ids;
    if (ctx.host) obs.host = ctx.host;
    if (target) obs.carrier = target;
    const attributes = toAttributes({
      type,
      location,
      foundBy: asText(a['foundBy']),
      language: asText(a['language']),
    });
    if (attributes) obs.attributes = attributes;
    yield obs;
  }
}
