#!/usr/bin/env node
// Bundles the command (dist/cli/main.js and what it imports, as tsc built them) into
// dist/bin/interdict.js and its chunks. Node resolves, reads and links each ES module of a
// program one by one, and a small scan loaded 140 of them: one file with a chunk per lazy import
// starts it about 50 ms sooner. Packages stay external (installed beside the package as usual).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'rolldown';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist/bin');

// What `interdict scan FILE` always loads, as the modules its static imports reach from these.
// They go into one chunk: each further chunk is one more module Node resolves, reads, compiles and
// links in turn, and the 40 chunks a small scan loaded cost it about 12 ms. Missing a module here
// only costs that; the rest (the server, artifact parsers, other report formats) stays lazy.
const SCAN_ROOTS = [
  'cli/run.js',
  'cli/io.js',
  'cli/commands/scan.js',
  'cli/commands/scan-action.js',
  'inputs/registry.js',
  'data/install.js',
  'report/json.js',
].map((path) => join(root, 'dist', path));

/** Fills `into` with the modules the roots reach by static imports, once the graph is built. */
function staticClosure(into) {
  return {
    name: 'static-closure',
    buildEnd() {
      const stack = [...SCAN_ROOTS];
      while (stack.length) {
        const id = stack.pop();
        if (into.has(id)) continue;
        const info = this.getModuleInfo(id);
        if (!info) throw new Error(`bundle-cli: ${id} is not part of the build`);
        into.add(id);
        stack.push(...info.importedIds.filter((dep) => !info.isExternal && dep.startsWith(root)));
      }
    },
  };
}

const scanModules = new Set();
rmSync(out, { recursive: true, force: true });
await build({
  // The worker scripts are entries too, so a worker links the same few chunks as the command.
  input: {
    interdict: join(root, 'dist/cli/main.js'),
    'probe-worker': join(root, 'dist/inputs/probe-worker.js'),
    'range-worker': join(root, 'dist/inputs/range-worker.js'),
    'parse-worker': join(root, 'dist/server/ingest/parse-worker.js'),
  },
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  plugins: [staticClosure(scanModules)],
  // Lets a lazily imported module live in the scan chunk itself, not behind a one-line facade chunk.
  preserveEntrySignatures: false,
  logLevel: 'warn',
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
    codeSplitting: { groups: [{ name: 'scan', test: (id) => scanModules.has(id) }] },
  },
});
