import { createHash } from 'node:crypto';
import type { Observation } from '../../core/observation.js';

/**
 * One observation as text that the agent and the server both compute the same way: keys sorted,
 * absent values left out, and without `host` (the server names the host from the URL). Two
 * observations are the same record exactly when their keys are equal; a differential check-in
 * names what it removes by this.
 */
export function observationKey(o: Observation): string {
  const { host: _host, ...rest } = o;
  return stable(rest);
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
  for (const k of sortedKeys) hash.update(k).update('\n');
  return hash.digest('hex');
}

/** An inventory's observations in canonical order, so a set sent whole or as a diff reads the same. */
export function canonicalOrder(observations: Observation[]): { observations: Observation[]; keys: string[] } {
  const keyed = observations.map((o) => ({ o, k: observationKey(o) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return { observations: keyed.map((e) => e.o), keys: keyed.map((e) => e.k) };
}
