import { createHash } from 'node:crypto';
import type { Observation } from '../../core/observation.js';

/**
 * One observation as text that the agent and the server both compute the same way: keys sorted,
 * absent values left out, and without `host` (the server names the host from the URL). Two
 * observations are the same record exactly when their keys are equal; a differential check-in
 * names what it removes by this.
 */
export function observationKey(o: Observation): string {
  // The fields of an observation in sorted order, written out: a generic sorted stringify costs
  // three times as much, and a check-in keys every record of the host's set.
  let out = '{';
  const field = (k: string, v: unknown) => {
    if (v === undefined) return;
    out += `${out.length > 1 ? ',' : ''}"${k}":${typeof v === 'string' ? JSON.stringify(v) : stable(v)}`;
  };
  field('attributes', o.attributes);
  field('carrier', o.carrier);
  field('date', o.date);
  field('ids', o.ids);
  field('kind', o.kind);
  field('name', o.name);
  if (o.origin) {
    const { collector, format, locator, source, ...more } = o.origin;
    if (Object.keys(more).length) field('origin', o.origin);
    else
      out += `${out.length > 1 ? ',' : ''}"origin":{${collector === undefined ? '' : `"collector":${JSON.stringify(collector)},`}"format":${JSON.stringify(format)},"locator":${JSON.stringify(locator)},"source":${JSON.stringify(source)}}`;
  }
  field('path', o.path);
  field('publisher', o.publisher);
  field('removed', o.removed);
  field('sha256', o.sha256);
  field('version', o.version);
  for (const k of Object.keys(o)) if (!KNOWN.has(k)) return stable(withoutHost(o));
  return `${out}}`;
}

const KNOWN = new Set([
  'attributes',
  'carrier',
  'date',
  'ids',
  'kind',
  'name',
  'origin',
  'path',
  'publisher',
  'removed',
  'sha256',
  'version',
  'host',
]);

function withoutHost(o: Observation) {
  const { host: _host, ...rest } = o;
  return rest;
}

/** The generic form observationKey must always agree with (tests compare the two). */
export function stableKey(o: Observation): string {
  return stable(withoutHost(o));
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    let out = '';
    for (const k of keys) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      out += `${out ? ',' : ''}${JSON.stringify(k)}:${stable(v)}`;
    }
    return `{${out}}`;
  }
  return JSON.stringify(value);
}

/** Keys in the order inventories are canonically sent and stored in: plain code-unit order. */
export function sortKeys(keys: string[]): string[] {
  return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** What both sides compare to agree on a host's observation set: sha256 over its sorted keys. */
export function setHash(sortedKeys: readonly string[]): string {
  const hash = createHash('sha256');
  // The same bytes as one update per key and newline, in a few large updates: two calls into
  // the hash per record cost more than hashing them.
  for (let i = 0; i < sortedKeys.length; i += HASH_BATCH)
    hash.update(`${sortedKeys.slice(i, i + HASH_BATCH).join('\n')}\n`);
  return hash.digest('hex');
}

/** Keys joined per hash update: about 250 kB of text for typical records. */
const HASH_BATCH = 1000;

/** An inventory's observations in canonical order, so a set sent whole or as a diff reads the same. */
export function canonicalOrder(observations: Observation[]): { observations: Observation[]; keys: string[] } {
  const keyed = keyInOrder(observations);
  return { observations: keyed.map((e) => e.o), keys: keyed.map((e) => e.k) };
}

/** An observation with its canonical key. */
export interface KeyedObservation {
  o: Observation;
  k: string;
}

/** Canonical order: by key (the agent, the server and a diff must agree on it). */
export function byCanonicalKey(a: KeyedObservation, b: KeyedObservation): number {
  return a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
}

/** Observations keyed and sorted in canonical order (stable: equal keys keep their order). */
export function keyInOrder(observations: readonly Observation[]): KeyedObservation[] {
  return observations.map((o) => ({ o, k: observationKey(o) })).sort(byCanonicalKey);
}
