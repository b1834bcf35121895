import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// This module runs from src/ (tests), from dist/ (the library) and from a chunk of the bundled
// command in dist/bin/chunks/, so what ships beside the code is found from the package's root,
// never by a fixed number of `..` that holds for one of the three layouts only.

const self = fileURLToPath(import.meta.url);

/** True when running from the TypeScript sources, where no built worker script exists. */
export const FROM_SOURCES = self.endsWith('.ts');

let root: string | undefined;

/** The folder holding the package's package.json, data/ and dist/. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  for (let dir = dirname(self); ;) {
    if (existsSync(join(dir, 'package.json'))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json in any folder above ${self}`);
    dir = up;
  }
}

/** A file shipped with the package, by its path from the package root. */
export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}

/**
 * The script of a worker thread, by its module's path in the library build
 * (`inputs/probe-worker.js`): the bundled command's own entry in dist/bin/ when running from the
 * bundle, else the library build's module. Undefined when running from sources.
 */
export function workerScript(path: string): URL | undefined {
  if (FROM_SOURCES) return undefined;
  // A chunk of the bundled command lives under dist/bin/, beside its worker entries.
  const bundled = relative(packageRoot(), self).startsWith(join('dist', 'bin') + sep);
  const file = bundled ? packageFile('dist', 'bin', basename(path)) : packageFile('dist', path);
  return existsSync(file) ? pathToFileURL(file) : undefined;
}
