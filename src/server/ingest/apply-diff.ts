import type { Observation } from '../../core/observation.js';
import { byCanonicalKey, keyInOrder, observationKey, setHash, type KeyedObservation } from './canonical.js';
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
  if (entries.length + diff.added.length > maxObservations)
    throw new ResyncNeeded(`more than ${maxObservations} observations after the diff`);
  const added = keyInOrder(diff.added);
  // Stored sets are kept in canonical order, so merging the few added records is the stable sort
  // of all of them; a set stored in another order is sorted whole.
  const result = isSorted(entries) ? mergeSorted(entries, added) : entries.concat(added).sort(byCanonicalKey);
  // Stored observations of older inventories may name another host (bulk imports of files).
  for (const e of result) if (e.o.host !== host) e.o = { ...e.o, host };
  if (setHash(result.map((e) => e.k)) !== diff.result)
    throw new ResyncNeeded('the result of the diff is not the set the agent holds');
  return result.map((e) => e.o);
}

function isSorted(entries: readonly KeyedObservation[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i - 1]!.k > entries[i]!.k) return false;
  return true;
}

/** Both lists sorted; on equal keys `a`'s entries come first, as a stable sort of `a` then `b` puts them. */
function mergeSorted(a: readonly KeyedObservation[], b: readonly KeyedObservation[]): KeyedObservation[] {
  const out: KeyedObservation[] = new Array<KeyedObservation>(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) out[n++] = b[j]!.k < a[i]!.k ? b[j++]! : a[i++]!;
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return out;
}
