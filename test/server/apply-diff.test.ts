import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { applyDiff } from '../../src/server/ingest/apply-diff.js';
import { observationKey, setHash } from '../../src/server/ingest/canonical.js';
import { ResyncNeeded, type DiffDocument } from '../../src/server/ingest/diff-document.js';

/** setHash as first written: one update per key and one per newline. */
function setHashReference(sortedKeys: readonly string[]): string {
  const hash = createHash('sha256');
  for (const k of sortedKeys) hash.update(k).update('\n');
  return hash.digest('hex');
}

/** applyDiff as first written: the whole result sorted again. */
function applyDiffReference(base: Observation[], diff: DiffDocument, host: string, max: number) {
  const entries = base.map((o) => ({ o, k: observationKey(o) }));
  const removing = new Map<string, number>();
  for (const o of diff.removed) removing.set(observationKey(o), (removing.get(observationKey(o)) ?? 0) + 1);
  const kept = entries.filter((e) => {
    const n = removing.get(e.k);
    if (!n) return true;
    if (n === 1) removing.delete(e.k);
    else removing.set(e.k, n - 1);
    return false;
  });
  if (removing.size) throw new ResyncNeeded('removes');
  for (const o of diff.added) kept.push({ o, k: observationKey(o) });
  if (kept.length > max) throw new ResyncNeeded('max');
  for (const e of kept) if (e.o.host !== host) e.o = { ...e.o, host };
  kept.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  if (setHashReference(kept.map((e) => e.k)) !== diff.result) throw new ResyncNeeded('result');
  return kept.map((e) => e.o);
}

// Few distinct values, so records repeat verbatim, differ only in key order or only in host.
const small = fc.constantFrom('a', 'b', 'é', 'Z', '');
const observation: fc.Arbitrary<Observation> = fc
  .record({
    name: small,
    version: fc.option(small, { nil: undefined }),
    host: fc.constantFrom('h1', 'other'),
    locator: small,
    publisherFirst: fc.boolean(),
  })
  .map(({ name, version, host, locator, publisherFirst }) => {
    const origin = { source: host, format: 'linux-packages', locator };
    const o = publisherFirst
      ? { publisher: 'P', kind: 'program', name, host, origin }
      : { kind: 'program', name, host, origin, publisher: 'P' };
    return (version === undefined ? o : { ...o, version }) as Observation;
  });

function outcome(f: () => Observation[]) {
  try {
    return { ok: JSON.stringify(f()) };
  } catch (error) {
    expect(error).toBeInstanceOf(ResyncNeeded);
    return { resync: true };
  }
}

describe('applyDiff', () => {
  it('gives what sorting the whole result gives, for sorted and unsorted bases, and agrees on every resync', () => {
    fc.assert(
      fc.property(
        fc.array(observation, { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(observation, { maxLength: 4 }),
        fc.array(observation, { maxLength: 2 }),
        fc.constantFrom(1000, 10),
        fc.boolean(),
        (raw, sortBase, removePicks, added, strayRemoved, max, rightHash) => {
          const base = sortBase
            ? [...raw].sort((a, b) => (observationKey(a) < observationKey(b) ? -1 : 1))
            : raw;
          const removed = [
            ...removePicks.filter(() => base.length).map((n) => base[n % base.length]!),
            ...strayRemoved,
          ];
          const keys = [...base, ...added].map(observationKey);
          const removing = removed.map(observationKey);
          for (const k of removing) {
            const i = keys.indexOf(k);
            if (i >= 0) keys.splice(i, 1);
          }
          const result = rightHash ? setHashReference(keys.sort()) : setHashReference([]);
          const diff = (): DiffDocument => ({
            host: 'h1',
            collectedAt: '2025-03-01T10:00:00Z',
            base: 'b',
            result,
            added: structuredClone(added),
            removed: structuredClone(removed),
          });
          expect(outcome(() => applyDiff(structuredClone(base), diff(), 'h1', max))).toEqual(
            outcome(() => applyDiffReference(structuredClone(base), diff(), 'h1', max)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('setHash', () => {
  it('hashes the same bytes as one update per key and newline', () => {
    fc.assert(
      // size 'max': fast-check's default size stops arrays at 10 keys, short of the batch boundaries.
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 2500, size: 'max' }), (keys) => {
        expect(setHash(keys)).toBe(setHashReference(keys));
      }),
      { numRuns: 50 },
    );
    for (const n of [0, 1, 999, 1000, 1001, 2000, 2001]) {
      const keys = Array.from({ length: n }, (_, i) => `key ${i}`);
      expect(setHash(keys)).toBe(setHashReference(keys));
    }
  });
});
