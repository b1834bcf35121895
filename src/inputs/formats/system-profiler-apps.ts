import type { Identifier, Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asArray, asObject, asText, isObject, toAttributes } from './json-values.js';

const ID = 'system-profiler-apps';
const SECTIONS = ['SPApplicationsDataType', 'SPExtensionsDataType'] as const;

/**
 * `system_profiler SPApplicationsDataType -json` (and SPExtensionsDataType for kernel
 * extensions): each app with version, path, where it came from and its signing chain.
 */
export const systemProfilerApps: InputFormat = {
  id: ID,
  description: 'macOS system_profiler SPApplicationsDataType / SPExtensionsDataType -json',
  producedBy: 'system_profiler SPApplicationsDataType -json > apps.json',
  detect(sample: Sample) {
    return /^\s*\{\s*"SP(Applications|Extensions)DataType"\s*:/.test(sample.text)
      ? { id: ID, confidence: 1 }
      : undefined;
  },
  read: readSystemProfiler,
};

async function* readSystemProfiler(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  if (!isObject(doc) || !SECTIONS.some((s) => s in doc)) {
    ctx.error('/', `expected ${SECTIONS.join(' or ')}`);
    return;
  }
  for (const section of SECTIONS) {
    if (!(section in doc)) continue;
    if (!Array.isArray(doc[section])) {
      ctx.error(`/${section}`, 'expected an array');
      continue;
    }
    for (const [i, item] of asArray(doc[section]).entries()) {
      const at = `/${section}/${i}`;
      ctx.record();
      const app = asObject(item);
      const name = asText(app?.['_name']);
      if (!app || !name) {
        ctx.error(at, 'entry without a _name');
        continue;
      }
      const chain = asArray(app['signed_by'] ?? app['spext_signed_by'])
        .map(asText)
        .filter((s): s is string => !!s);
      const ids: Identifier[] = [];
      // "Developer ID Application: Kaspersky Lab UK Limited (2Y8XE5CQ94)": the leaf names the signer.
      if (chain[0]) ids.push({ kind: 'signer', value: chain[0] });
      const bundleId = asText(app['spext_bundleid']) ?? asText(app['bundle_identifier']);
      if (bundleId) ids.push({ kind: 'bundle-id', value: bundleId });
      const extension = section === 'SPExtensionsDataType';
      const obs: Observation = {
        kind: extension ? 'kernel-extension' : 'app',
        name,
        origin: { source: source.name, format: ID, locator: at },
      };
      const version = asText(app['version']) ?? asText(app['spext_version']);
      if (version) obs.version = version;
      const path = asText(app['path']) ?? asText(app['spext_path']);
      if (path) obs.path = path;
      const developer = chain[0]
        ? /^Developer ID Application: (.+?)(?: \([A-Z0-9]{10}\))?$/.exec(chain[0])?.[1]
        : undefined;
      if (developer) obs.publisher = developer;
      if (ids.length) obs.ids = ids;
      if (ctx.host) obs.host = ctx.host;
      const modified = asText(app['lastModified']);
      if (modified) obs.date = modified.slice(0, 10);
      const attributes = toAttributes({
        obtainedFrom: asText(app['obtained_from']),
        arch: asText(app['arch_kind']),
        info: asText(app['info']),
        loaded: asText(app['spext_loaded']),
      });
      if (attributes) obs.attributes = attributes;
      yield obs;
    }
  }
}
