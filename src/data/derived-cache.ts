import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataPack } from './load.js';

/**
 * Results that code computes from a data pack, cached beside the pack's own cache: keyed by the
 * pack's hash and by the caller's `codeId`, which must change whenever the code that computed them
 * does. Read and written synchronously: they are small, and read at start-up.
 */
function derivedFile(pack: Pick<DataPack, 'hash' | 'cacheDir'>, name: string, codeId: string): string | undefined {
  if (!pack.cacheDir || !/^[\w-]+$/.test(name) || !/^[\w-]+$/.test(codeId)) return undefined;
  return join(pack.cacheDir, `${name}-${pack.hash}-${codeId}.json`);
}

/** The cached value, or undefined when there is none or it cannot be read (the caller recomputes). */
export function readDerived(pack: Pick<DataPack, 'hash' | 'cacheDir'>, name: string, codeId: string): unknown {
  const file = derivedFile(pack, name, codeId);
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function writeDerived(
  pack: Pick<DataPack, 'hash' | 'cacheDir'>,
  name: string,
  codeId: string,
  value: unknown,
): void {
  const file = derivedFile(pack, name, codeId);
  if (!file) return;
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
