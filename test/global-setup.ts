import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests that spawn the command (the bundle) or load a worker script (the library build) run the
 * build, so neither may be older than the sources: a fresh edit would otherwise be tested against yesterday's dist/.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const built = join(root, 'dist/bin/interdict.js');
  if (existsSync(built) && newestMtime(join(root, 'src')) <= statSync(built).mtimeMs) return;
  const run = (...args: string[]) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  run(join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json');
  run(join(root, 'scripts/bundle-cli.mjs'));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
