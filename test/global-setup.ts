import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests that spawn the command (or load a worker script) run the build, so it must not be older
 * than the sources: a fresh edit would otherwise be tested against yesterday's dist/.
 */
export default function setup(): void {
  const root = join(import.meta.dirname, '..');
  const built = join(root, 'dist/cli/main.js');
  if (existsSync(built) && newestMtime(join(root, 'src')) <= statSync(built).mtimeMs) return;
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: root, stdio: 'inherit' },
  );
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
