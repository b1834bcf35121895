import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
 * A module of the library build (`inputs/probe-worker.js` is dist/inputs/probe-worker.js), for
 * worker threads, which need a script file of their own; the bundled command starts them from
 * the library build beside it. Undefined when running from sources.
 */
export function builtModule(path: string): URL | undefined {
  if (FROM_SOURCES) return undefined;
  const file = packageFile('dist', path);
  return existsSync(file) ? pathToFileURL(file) : undefined;
}
