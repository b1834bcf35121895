import type { InputFormat } from './types.js';

/**
 * Formats whose every record is one line read with `readLines` on its own (what a line yields
 * depends on that line alone) and whose every locator starts with `line N`: a big file of one of
 * them is read in line-aligned slices by worker threads (see line-ranges.ts). Loaded lazily so
 * that a worker compiles its one reader, not the registry's.
 */
export const LINE_RECORD_FORMATS: Readonly<Record<string, () => Promise<InputFormat>>> = {
  'osquery-results': async () => (await import('./formats/osquery-results.js')).osqueryResults,
};
