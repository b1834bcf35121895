import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM } from './dashboard-harness.js';

// What `npm install interdict` gives a user: the packed tarball installed into an empty folder,
// `serve` started from a third folder, and the first admin created through the printed link.
const root = resolve(import.meta.dirname, '../..');
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

describe.skipIf(!HAS_CHROMIUM)('the packed tarball', () => {
  let dir: string;
  let files: string[];
  let bin: string;
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(() => {
    // dist/ is kept current by test/global-setup.ts; the dashboard is built here when missing.
    // Scripts are skipped so packing never rewrites dist/ under tests that are running from it.
    if (!existsSync(join(root, 'web/dist/index.html')))
      execFileSync(
        process.execPath,
        ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
        { cwd: root, stdio: 'inherit' },
      );
    dir = mkdtempSync(join(tmpdir(), 'interdict-packed-'));
    const [packed] = JSON.parse(
      npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], root),
    ) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed!.files.map((f) => f.path);
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true }));
    // The dependencies come from npm's cache (`npm ci` filled it). The one native addon is not
    // compiled again: its build is copied from this checkout (same version, same Node), since
    // compiling it tests node-gyp, not this package, and would take minutes.
    npm(
      [
        'install',
        '--prefer-offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        join(dir, packed!.filename),
      ],
      app,
    );
    cpSync(join(root, 'node_modules/better-sqlite3/build'), join(app, 'node_modules/better-sqlite3/build'), {
      recursive: true,
    });
    bin = join(app, 'node_modules/.bin/interdict');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the build, the dashboard and the data pack, and no sources or tests', () => {
    expect(files).toContain('dist/bin/interdict.js');
    expect(files).toContain('dist/bin/probe-worker.js');
    expect(files).toContain('dist/bin/parse-worker.js');
    expect(files).toContain('web/dist/index.html');
    expect(files.some((f) => f.startsWith('web/dist/assets/') && f.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.startsWith('data/') && f.endsWith('.yaml'))).toBe(true);
    expect(files.filter((f) => /^(src|test|bench|web\/src)\//.test(f))).toEqual([]);
    // The screening test oracle is built for the benchmark but not shipped.
    expect(files.filter((f) => f.includes('naive-screener'))).toEqual([]);
  });

  it('scans from the installed command, on its own data pack', () => {
    const input = join(dir, 'inventory.json');
    writeFileSync(
      input,
      JSON.stringify({
        schema: 'interdict/inventory@1',
        host: 'ws-packed-01',
        collectedAt: '2025-03-01T09:00:00Z',
        observations: [
          {
            kind: 'program',
            name: 'Kaspersky Endpoint Security for Windows',
            publisher: 'AO Kaspersky Lab',
            version: '12.3.0.493',
          },
          { kind: 'program', name: 'Google Chrome', publisher: 'Google LLC', version: '126.0.6478.127' },
        ],
      }),
    );
    const r = spawnSync(bin, ['scan', input, '-f', 'json', '--as-of', '2025-03-01'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { status: string; host?: string }[] };
    expect(report.findings.map((f) => f.status)).toEqual(['unsupported']);
  });

  it('serves the dashboard when started from another folder, and the setup link creates the first admin', async () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere);
    const child = spawn(
      bin,
      ['serve', '--db', 'sqlite:fleet.db', '--port', '0', '--insecure-cookies', '--log-level', 'warn'],
      {
        cwd: elsewhere,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server = child;
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const setupUrl = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /(http:\/\/\S+\/setup#token=\S+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    const base = setupUrl.slice(0, setupUrl.indexOf('/setup'));
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await (await browser.newContext()).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(setupUrl);
    await page.fill('#setup-name', 'first-admin');
    await page.fill('#setup-password', 'packed tarball password');
    await page.click('button[type=submit]');
    await page.getByText('Administrator created').waitFor();
    await page.getByRole('link', { name: 'Log in' }).click();
    await page.fill('#login-name', 'first-admin');
    await page.fill('#login-password', 'packed tarball password');
    await page.click('button[type=submit]');
    await page.getByTestId('whoami').waitFor();
    expect(await page.getByTestId('whoami').textContent()).toContain('first-admin (admin)');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
