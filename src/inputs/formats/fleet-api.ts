import type { Identifier, Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asArray, asObject, asText, isObject, toAttributes, type Json } from './json-values.js';

const ID = 'fleet-api';

/** osquery table a Fleet `source` names → the observation kind it is. */
const KINDS: Record<string, Observation['kind']> = {
  apps: 'app',
  programs: 'program',
  deb_packages: 'package',
  rpm_packages: 'package',
  apk_packages: 'package',
  homebrew_packages: 'package',
  chrome_extensions: 'extension',
  firefox_addons: 'extension',
  safari_extensions: 'extension',
  vscode_extensions: 'extension',
  ie_extensions: 'extension',
};

/**
 * Fleet's REST API responses: software titles (`/api/v1/fleet/software/titles`), software
 * versions (`/software/versions`), one host (`/hosts/:id`, with its `software`), a host's
 * software (`/hosts/:id/software`, with `installed_versions`).
 */
export const fleetApi: InputFormat = {
  id: ID,
  description: 'Fleet API JSON (software titles, versions, a host and its software)',
  producedBy:
    'curl -H "Authorization: Bearer $TOKEN" https://fleet.example.com/api/v1/fleet/software/titles (or /hosts/ID, /hosts/ID/software)',
  detect(sample: Sample) {
    const text = sample.text.trimStart();
    if (!text.startsWith('{')) return undefined;
    if (/^\{\s*"host"\s*:\s*\{/.test(text) && /"(hostname|osquery_version|computer_name)"\s*:/.test(text))
      return { id: ID, confidence: 0.95 };
    if (/"software_titles"\s*:\s*\[/.test(text)) return { id: ID, confidence: 0.95 };
    if (
      /"software"\s*:\s*\[/.test(text) &&
      /"(counts_updated_at|installed_versions|hosts_count|generated_cpe)"\s*:/.test(text)
    )
      return { id: ID, confidence: 0.9 };
    return undefined;
  },
  read: readFleetApi,
};

async function* readFleetApi(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const doc = await readJsonDocument(source, ctx);
  if (doc === undefined) return;
  if (!isObject(doc)) {
    ctx.error('/', 'expected a Fleet API response object');
    return;
  }
  const hostObj = asObject(doc['host']);
  const host = hostObj
    ? (asText(hostObj['hostname']) ?? asText(hostObj['computer_name']) ?? asText(hostObj['display_name']))
    : ctx.host;
  const lists: [string, unknown][] = hostObj
    ? [['/host/software', hostObj['software']]]
    : [
        ['/software_titles', doc['software_titles']],
        ['/software', doc['software']],
      ];
  if (lists.every(([, l]) => l === undefined)) {
    ctx.error('/', 'no software_titles, software or host.software in this response');
    return;
  }
  for (const [pointer, list] of lists) {
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      ctx.error(pointer, 'expected an array');
      continue;
    }
    for (const [i, item] of list.entries()) {
      const at = `${pointer}/${i}`;
      ctx.record();
      const sw = asObject(item);
      const name = asText(sw?.['name']);
      if (!sw || !name) {
        ctx.error(at, 'software without a name');
        continue;
      }
      yield* toObservations(sw, name, at, host, source.name);
    }
  }
}

function* toObservations(
  sw: Json,
  name: string,
  at: string,
  host: string | undefined,
  sourceName: string,
): Generator<Observation> {
  const table = asText(sw['source']) ?? '';
  const base: Omit<Observation, 'origin'> = { kind: KINDS[table] ?? 'program', name };
  const ids: Identifier[] = [];
  const bundleId = asText(sw['bundle_identifier']);
  if (bundleId) ids.push({ kind: 'bundle-id', value: bundleId });
  const cpe = asText(sw['generated_cpe']);
  if (cpe) ids.push({ kind: 'cpe', value: cpe });
  if (table === 'deb_packages' || table === 'rpm_packages' || table === 'apk_packages')
    ids.push({ kind: 'linux-package', value: name });
  if (/extensions|addons/.test(table) && asText(sw['extension_id']))
    ids.push({ kind: 'extension-id', value: asText(sw['extension_id'])! });
  const vendor = asText(sw['vendor']) ?? asText(sw['publisher']);
  if (vendor) base.publisher = vendor;
  if (host) base.host = host;
  const attributes = toAttributes({
    source: table || undefined,
    browser: asText(sw['browser']),
    hostsCount: asText(sw['hosts_count']),
    fleetId: asText(sw['id']),
  });
  if (attributes) base.attributes = attributes;
  // A title or host-software entry lists its versions; each is a separate observation.
  const versions = asArray(sw['versions'] ?? sw['installed_versions']);
  if (versions.length === 0) {
    const version = asText(sw['version']);
    const path = asText(asArray(sw['installed_paths'])[0]);
    yield withOrigin(
      { ...base, ...(version ? { version } : {}), ...(path ? { path } : {}), ...(ids.length ? { ids } : {}) },
      at,
      sourceName,
    );
    return;
  }
  const key = sw['versions'] !== undefined ? 'versions' : 'installed_versions';
  for (const [v, entry] of versions.entries()) {
    const e = asObject(entry);
    const version = asText(e?.['version']);
    const path = asText(asArray(e?.['installed_paths'])[0]);
    const vBundle = asText(e?.['bundle_identifier']);
    const allIds = vBundle && !bundleId ? [...ids, { kind: 'bundle-id' as const, value: vBundle }] : ids;
    yield withOrigin(
      {
        ...base,
        ...(version ? { version } : {}),
        ...(path ? { path } : {}),
        ...(allIds.length ? { ids: allIds } : {}),
      },
      `${at}/${key}/${v}`,
      sourceName,
    );
  }
}

function withOrigin(obs: Omit<Observation, 'origin'>, locator: string, source: string): Observation {
  return { ...obs, origin: { source, format: ID, locator } };
}
