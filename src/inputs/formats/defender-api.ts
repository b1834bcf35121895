import type { Identifier, Observation } from '../../core/observation.js';
import { splitJsonArray } from '../json-array.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { readJsonDocument } from './json-document.js';
import { asArray, asObject, asText, isObject, toAttributes } from './json-values.js';
import { readLines } from '../lines.js';
import { openText, readSample } from '../source.js';

const ID = 'defender-api';

/**
 * Microsoft Defender for Endpoint API JSON: the per-device software inventory export
 * (`/api/machines/SoftwareInventoryByMachine`, also the non-CPE variant) and the organisation
 * inventory (`/api/Software`); both as the OData envelope `{ "@odata.context", "value": [...] }`,
 * or the `value` array alone, or the newline-delimited JSON of the "via files" export.
 */
export const defenderApi: InputFormat = {
  id: ID,
  description: 'Microsoft Defender for Endpoint software inventory API JSON',
  producedBy:
    'GET https://api.securitycenter.microsoft.com/api/machines/SoftwareInventoryByMachine (or /api/Software); JSON or the via-files export',
  detect(sample: Sample) {
    // The API answers JSON: no quoted key, no need to try the expressions below on 16 KiB of text.
    if (!/^\s*[[{]/.test(sample.text)) return undefined;
    const head = sample.text.slice(0, 16384);
    const perDevice =
      /"softwareName"\s*:/i.test(head) && /"(deviceName|deviceId|softwareVendor)"\s*:/i.test(head);
    const org =
      /"@odata\.context"\s*:\s*"[^"]*\$metadata#Software"/.test(head) ||
      (/"exposedMachines"\s*:/.test(head) && /"vendor"\s*:/.test(head));
    return perDevice || org ? { id: ID, confidence: 0.95 } : undefined;
  },
  read: readDefender,
};

async function* readDefender(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  const sample = (await readSample(source)).text.replace(/^\uFEFF/, '').trimStart();
  if (/^\{[^\n]*\}\s*\n\s*\{/.test(sample)) {
    // The via-files export: one JSON row per line.
    for await (const { line, text } of readLines(source, ctx, { prefilter: true })) {
      let row: unknown;
      try {
        row = JSON.parse(text);
      } catch (cause) {
        ctx.record();
        ctx.error(`line ${line}`, `invalid JSON: ${(cause as Error).message}`);
        continue;
      }
      const obs = toObservation(row, `line ${line}`, source.name, ctx);
      if (obs) yield obs;
    }
    return;
  }
  if (sample.startsWith('{')) {
    const doc = await readJsonDocument(source, ctx);
    if (isObject(doc) && Array.isArray(doc['value'])) {
      for (const [i, row] of doc['value'].entries()) {
        const obs = toObservation(row, `/value/${i}`, source.name, ctx);
        if (obs) yield obs;
      }
    } else if (doc !== undefined) ctx.error('/value', 'expected an OData response with a value array');
    return;
  }
  for await (const item of splitJsonArray(openText(source, ctx))) {
    const at = `/${item.index}`;
    if ('problem' in item) {
      ctx.error(at, `${item.problem} (line ${item.line})`);
      continue;
    }
    let row: unknown;
    try {
      row = JSON.parse(item.text);
    } catch (cause) {
      ctx.record();
      ctx.error(at, `invalid JSON at line ${item.line}: ${(cause as Error).message}`);
      continue;
    }
    const obs = toObservation(row, at, source.name, ctx);
    if (obs) yield obs;
  }
}

function toObservation(
  row: unknown,
  at: string,
  sourceName: string,
  ctx: ReadContext,
): Observation | undefined {
  ctx.record();
  // The via-files export spells fields in PascalCase (DeviceName), the JSON API in camelCase.
  const raw = asObject(row);
  const r =
    raw &&
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v]));
  const name = asText(r?.['softwareName']) ?? asText(r?.['name']);
  if (!r || !name) {
    ctx.error(at, 'row without softwareName or name');
    return undefined;
  }
  const vendor = asText(r['softwareVendor']) ?? asText(r['vendor']);
  const ids: Identifier[] = [];
  // Defender's software id is "vendor-_-name", the same key its portal and CPE mapping use.
  const softwareId = asText(r['id']) && /-_-/.test(asText(r['id'])!) ? asText(r['id']) : undefined;
  // Defender names software by its CPE vendor and product tokens ("kaspersky", "endpoint_security").
  if (vendor && /^[\w.-]+$/.test(vendor) && /^[\w.-]+$/.test(name))
    ids.push({
      kind: 'cpe',
      value: `cpe:2.3:a:${vendor}:${name}:${asText(r['softwareVersion']) ?? '*'}:*:*:*:*:*:*:*`,
    });
  const path = asText(asArray(r['diskPaths'])[0]);
  const obs: Observation = {
    kind: 'program',
    name,
    origin: { source: sourceName, format: ID, locator: at },
  };
  if (vendor) obs.publisher = vendor;
  const version = asText(r['softwareVersion']);
  if (version) obs.version = version;
  const host = asText(r['deviceName']) ?? ctx.host;
  if (host) obs.host = host;
  if (path) obs.path = path;
  if (ids.length) obs.ids = ids;
  const seen = asText(r['softwareFirstSeenTimestamp']);
  if (seen && /^\d{4}-\d{2}-\d{2}/.test(seen)) obs.date = seen.slice(0, 10);
  const attributes = toAttributes({
    deviceId: asText(r['deviceId']),
    osPlatform: asText(r['osPlatform']),
    softwareId,
    registryPath: asText(asArray(r['registryPaths'])[0]),
    endOfSupportStatus: asText(r['endOfSupportStatus']),
    exposedMachines: asText(r['exposedMachines']),
    rbacGroupName: asText(r['rbacGroupName']),
  });
  if (attributes) obs.attributes = attributes;
  return obs;
}
