import type { Observation } from '../../core/observation.js';
import { observationKey, setHash } from './canonical.js';
import { ResyncNeeded, type DiffDocument } from './diff-document.js';

/**
 * The host's observations after a diff, in canonical order: the base's, less one occurrence of
 * each removed record, plus the added ones. Exactly what the agent holds, or ResyncNeeded: a
 * removed record the base does not have, or a result whose set hash is not the agent's, means
 * the two sides disagree and only a whole inventory can settle it.
 */
export function applyDiff(
  base: Observation[],
  diff: DiffDocument,
  host: string,
  maxObservations: number,
): Observation[] {
  const entries = base.map((o) => ({ o, k: observationKey(o) }));
  if (diff.removed.length) {
    const removing = new Map<string, number>();
    for (const o of diff.removed) {
      const k = observationKey(o);
      removing.set(k, (removing.get(k) ?? 0) + 1);
    }
    let kept = 0;
    for (const e of entries) {
      const n = removing.get(e.k);
      if (n) {
        if (n === 1) removing.delete(e.k);
        else removing.set(e.k, n - 1);
        continue;
      }
      entries[kept++] = e;
    }
    entries.length = kept;
    if (removing.size) throw new ResyncNeeded('the diff removes records the base inventory does not have');
  }
  for (const o of diff.added) entries.push({ o, k: observationKey(o) });
  if (entries.length > maxObservations)
    throw new ResyncNeeded(`more than ${maxObservations} observations after the diff`);
  // Stored observations of older inventories may name another host (bulk imports of files).
  for (const e of entries) if (e.o.host !== host) e.o = { ...e.o, host };
  entries.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  if (setHash(entries.map((e) => e.k)) !== diff.result)
    throw new ResyncNeeded('the result of the diff is not the set the agent holds');
  return entries.map((e) => e.o);
}
