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
  logLevel: 'warn',
  output: {
    dir: out,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
});
