import type { DataPack } from '../data/load.js';
import { readDerived, writeDerived } from '../data/derived-cache.js';
import type { CatalogView, CompileHints } from './compile.js';
import { createMatcher, type Matcher } from './matcher.js';

/**
 * The bundler names each chunk by a hash of its content. The compiler and the normalisers are in
 * this module's chunk (the scan chunk of `scripts/bundle-cli.mjs`), so the name changes with any
 * change to them. Unbundled (tests, the library's own modules) there is no such name: no cache.
 */
const CODE_ID = /\/bin\/chunks\/([\w-]+)\.js$/.exec(import.meta.url)?.[1];

/**
 * `createMatcher` for a loaded data pack, taking the catalog's normalised keys and prefilter
 * needles from the pack's cache when this build computed them before (about 5 ms of a small scan).
 */
export function createPackMatcher(pack: CatalogView & Partial<Pick<DataPack, 'hash' | 'cacheDir'>>): Matcher {
  if (!CODE_ID || !pack.hash || !pack.cacheDir) return createMatcher(pack);
  const where = { hash: pack.hash, cacheDir: pack.cacheDir };
  const hints = asHints(readDerived(where, 'matcher', CODE_ID));
  const matcher = createMatcher(pack, hints ? { hints } : {});
  if (!hints) writeDerived(where, 'matcher', CODE_ID, matcher.compiled.hints);
  return matcher;
}

function asHints(value: unknown): CompileHints | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { keys, needles } = value as Partial<CompileHints>;
  const strings = (list: unknown): list is string[] =>
    Array.isArray(list) && list.every((item) => typeof item === 'string');
  return strings(keys) && strings(needles) ? { keys, needles } : undefined;
}
