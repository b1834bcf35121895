// The reference the screening index must agree with (tests) and the baseline it is measured
// against (bench/suppliers.mjs): built to dist/ for the benchmark, left out of the package.
import { compileAliases } from './alias-records.js';
import type { Party } from './parties.js';
import { alignAlias } from './score.js';
import {
  indexRegistrations,
  NONE,
  screenWith,
  type Aligner,
  type RowMatch,
  type Screener,
} from './screening-index.js';
import type { Token } from './tokenize.js';

/**
 * Scores every record against every name: the reference the index must agree with, and the
 * baseline of the benchmark.
 */
export function createNaiveScreener(parties: readonly Party[]): Screener {
  const records = compileAliases(parties);
  const all = records.map((_, i) => i);
  const registrations = indexRegistrations(parties);
  const everything: RowMatch = { records: all, approximateOnly: NONE };
  const alignerFor =
    (tokens: readonly Token[]): Aligner =>
    (r) =>
      alignAlias(tokens, records[r]!);
  return {
    parties,
    records,
    // It scores every record against every name: any evidence may hit.
    mayHit: () => true,
    screen: (evidence) =>
      screenWith(
        parties,
        records,
        evidence,
        evidence.names.map(() => everything),
        registrations,
        alignerFor,
      ),
  };
}
