import type { Identifier, Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asArray, asObject, asText, isObject, toAttributes } from './json-values.js';
import { readSpdxParty, toSpdxRefKind } from './spdx-party.js';

const ID = 'spdx-json';
const VERSIONS = ['2.1', '2.2', '2.3'] as const;

/** SPDX 2.x JSON documents: every package, with supplier, originator, purl, CPE and SHA-256. */
export const spdxJson: InputFormat = {
  id: ID,
  description: 'SPDX 2.2/2.3 JSON SBOM',
  producedBy: 'syft -o spdx-json, trivy --format spdx-json, GitHub dependency graph export, a vendor SBOM',
  fileNames: [/\.spdx\.json$/i],
  versions: VERSIONS,
  detect(sample: Sample) {
    if (!sample.text.trimStart().startsWith('{')) return undefined;
    const m = /"spdxVersion"\s*:\s*"SPDX-(\d+\.\d+)"/.exec(sample.text);
    return m ? { id: ID, version: m[1], confidence: 1 } : undefined;
  },
  read: readSpdxJson,
};

async function* readSpdxJson(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  if (!isObject(doc) || typeof doc['spdxVersion'] !== 'string') {
    ctx.error('/spdxVersion', 'not an SPDX document: no spdxVersion');
    return;
  }
  const packages = doc['packages'];
  if (packages !== undefined && !Array.isArray(packages)) {
    ctx.error('/packages', 'expected an array of packages');
    return;
  }
  const product = asText(doc['name']);
  for (const [i, item] of asArray(packages).entries()) {
    const at = `/packages/${i}`;
    ctx.record();
    const p = asObject(item);
    const name = asText(p?.['name']);
    if (!p || !name) {
      ctx.error(at, p ? 'package without a name' : 'expected a package object');
      continue;
    }
    const supplier = readSpdxParty(p['supplier']);
    const originator = readSpdxParty(p['originator']);
    const ids: Identifier[] = [];
    if (originator && originator !== supplier) ids.push({ kind: 'publisher', value: originator });
    for (const ref of asArray(p['externalRefs']).map(asObject)) {
      const kind = toSpdxRefKind(asText(ref?.['referenceType']) ?? '');
      const value = asText(ref?.['referenceLocator']);
      if (kind && value) ids.push({ kind, value });
    }
    const sha256 = asArray(p['checksums'])
      .map(asObject)
      .find((c) => asText(c?.['algorithm'])?.toUpperCase() === 'SHA256');
    if (asText(sha256?.['checksumValue']))
      ids.push({ kind: 'sha256', value: asText(sha256?.['checksumValue'])!.toLowerCase() });
    const obs: Observation = {
      kind: 'component',
      name,
      origin: { source: source.name, format: ID, locator: at },
    };
    const version = asText(p['versionInfo']);
    if (version) obs.version = version;
    if (supplier ?? originator) obs.publisher = supplier ?? originator;
    if (ids.length) obs.ids = ids;
    if (ctx.host) obs.host = ctx.host;
    if (product && product !== name) obs.carrier = product;
    const attributes = toAttributes({
      spdxId: asText(p['SPDXID']),
      downloadLocation: asText(p['downloadLocation']),
      primaryPurpose: asText(p['primaryPackagePurpose']),
    });
    if (attributes) obs.attributes = attributes;
    yield obs;
  }
}
