#!/usr/bin/env node
import module from 'node:module';
import { processIO } from './io.js';

// Node 22.1+ caches compiled modules between runs (start-up is most of a small scan); Node 20 lacks it.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { run } = await import('./run.js');
process.exitCode = await run(process.argv.slice(2), processIO());
