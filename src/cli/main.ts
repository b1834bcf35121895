#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ caches compiled modules between runs (start-up is most of a small scan); Node 20 lacks it.
// Everything else is imported after this line, or its compilation would not be cached.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const [{ run }, { processIO }] = await Promise.all([import('./run.js'), import('./io.js')]);
process.exitCode = await run(process.argv.slice(2), processIO());
