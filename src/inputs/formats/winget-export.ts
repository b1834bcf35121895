import type { Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asObject, asText, isObject, toAttributes } from './json-values.js';

const ID = 'winget-export';

/** `winget export -o packages.json [--include-versions]`: package ids per source. */
export const wingetExport: InputFormat = {
  id: ID,
  description: 'winget export JSON (packages by source)',
  producedBy: 'winget export -o packages.json --include-versions',
  fileNames: [/winget.*\.json$/i],
  detect(sample: Sample) {
    const text = sample.text.trimStart();
    if (!text.startsWith('{')) return undefined;
    if (/"\$schema"\s*:\s*"https:\/\/aka\.ms\/winget-packages\.schema/.test(text))
      return { id: ID, confidence: 1 };
    return /"Sources"\s*:/.test(text) && /"PackageIdentifier"\s*:/.test(text)
      ? { id: ID, confidence: 0.8 }
      : undefined;
  },
  read: readWingetExport,
};

async function* readWingetExport(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  if (!isObject(doc) || !Array.isArray(doc['Sources'])) {
    ctx.error('/Sources', 'not a winget export: no Sources array');
    return;
  }
  const date = asText(doc['CreationDate'])?.slice(0, 10);
  for (const [s, src] of doc['Sources'].entries()) {
    const details = asObject(asObject(src)?.['SourceDetails']);
    const sourceName = asText(details?.['Name']);
    const packages = asObject(src)?.['Packages'];
    if (!Array.isArray(packages)) {
      ctx.error(`/Sources/${s}/Packages`, 'expected an array of packages');
      continue;
    }
    for (const [p, item] of packages.entries()) {
      const at = `/Sources/${s}/Packages/${p}`;
      ctx.record();
      const id = asText(asObject(item)?.['PackageIdentifier']);
      if (!id) {
        ctx.error(at, 'package without a PackageIdentifier');
        continue;
      }
      // The msstore source identifies packages by Store product id (9NBLGGH…), not a name.
      const obs: Observation = {
        kind: 'program',
        name: id,
        ids: [{ kind: 'winget-id', value: id }],
        origin: { source: source.name, format: ID, locator: at },
      };
      const version = asText(asObject(item)?.['Version']);
      if (version) obs.version = version;
      if (ctx.host) obs.host = ctx.host;
      if (date) obs.date = date;
      const attributes = toAttributes({ source: sourceName, channel: asText(asObject(item)?.['Channel']) });
      if (attributes) obs.attributes = attributes;
      yield obs;
    }
  }
}
