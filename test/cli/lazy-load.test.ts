import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli/main.js');
const bundle = join(repo, 'dist/bin/interdict.js');
const programs = join(repo, 'test/fixtures/inputs/osquery-json/programs.json');
const oneFinding = join(repo, 'test/fixtures/inputs/android/pm-list.txt');

/**
 * What a whole `interdict` process loads, recorded by a resolve hook: built modules as paths under
 * dist/, packages as `node_modules/<name>`.
 */
function modulesLoadedBy(args: string[], entry = bin): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'interdict-lazy-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
  return r;
}\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), entry, ...args], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const named = urls.map((u) =>
    u.includes('/node_modules/')
      ? `node_modules/${/\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)![1]}`
      : u.includes('/dist/')
        ? u.slice(u.indexOf('/dist/') + 6)
        : u,
  );
  return [...new Set(named)];
}

// Start-up time is most of a small scan (issue 17): a scan of files must not load what it does not use.
describe.skipIf(!existsSync(bin))('what a scan of one inventory loads', () => {
  it('loads neither the other commands, the server, the agent, the host collectors, the spreadsheet and certificate readers, zod nor the CSV parser', () => {
    const loaded = modulesLoadedBy(['scan', programs, '-q', '--fail-on', 'never']);
    expect(loaded).toContain('inputs/formats/osquery-json.js');
    const unwanted = loaded.filter((m) =>
      /^server\/|^cli\/commands\/(serve|agent|admin)[\w-]*-action|^cli\/commands\/(report|explain|data|serve|agent|admin)\.js$|^inputs\/collectors\/(registry|macos|windows)|node_modules\/(exceljs|pkijs|hono|kysely|pino|pg|better-sqlite3|zod|csv-parse)$/.test(
        m,
      ),
    );
    expect(unwanted).toEqual([]);
  });

  it('runs from the bundle as chunks of dist/bin, with the same packages as the module graph', () => {
    const args = ['scan', programs, '-q', '--fail-on', 'never'];
    const bundled = modulesLoadedBy(args, bundle);
    const packages = (names: string[]) => names.filter((m) => m.startsWith('node_modules/')).sort();
    expect(bundled.filter((m) => !m.startsWith('bin/') && !m.startsWith('node'))).toEqual([]);
    expect(packages(bundled)).toEqual(packages(modulesLoadedBy(args)));
    // The point of the bundle: a chunk per lazily loaded part, not a module per source file (140).
    expect(bundled.filter((m) => m.startsWith('bin/')).length).toBeLessThan(50);
  });

  it("starts probe workers from the bundle's own worker entry", () => {
    const tree = join(repo, 'test/fixtures/inputs/osquery-json');
    const bundled = modulesLoadedBy(['scan', tree, '--workers', '2', '-q', '--fail-on', 'never'], bundle);
    expect(bundled).toContain('bin/probe-worker.js');
    expect(bundled.filter((m) => !m.startsWith('bin/') && !m.startsWith('node'))).toEqual([]);
  });

  it('loads neither zlib nor worker_threads, and makes no ICU collator, when it finds one thing', () => {
    // Each costs 4-20 ms of a start-up of about 150 ms beyond Node's own (issue 17).
    const dir = mkdtempSync(join(tmpdir(), 'interdict-builtins-'));
    const log = join(dir, 'builtins.json');
    writeFileSync(
      join(dir, 'spy.cjs'),
      `const Collator = Intl.Collator;
let collators = 0;
Intl.Collator = function (...args) { collators++; return new Collator(...args); };
const before = new Set(process.moduleLoadList);
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(log)}, JSON.stringify({
  collators,
  builtins: process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13)),
})));\n`,
    );
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        join(dir, 'spy.cjs'),
        bundle,
        'scan',
        oneFinding,
        '-q',
        '-f',
        'json',
        '--fail-on',
        'never',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
    const seen = JSON.parse(readFileSync(log, 'utf8')) as { collators: number; builtins: string[] };
    expect(seen.builtins).toContain('fs/promises');
    expect(seen.builtins.filter((m) => m === 'zlib' || m === 'worker_threads')).toEqual([]);
    expect(seen.collators).toBe(0);
  });
});
