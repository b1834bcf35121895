import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadDataPack } from '../../src/data/load.js';
import { openStore } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { seedDemo } from '../../src/server/demo/seed.js';
import { startServer, type RunningServer } from '../../src/server/start.js';

// Debian's Chromium, which .ci/run installs with apt; no browser is ever downloaded.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const ARTIFACTS = 'test-artifacts/e2e';
export const PASSWORD = 'interdict-demo-password';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

if (!HAS_CHROMIUM)
  process.stderr.write(`test/e2e: ${CHROMIUM} not found, dashboard end-to-end tests are SKIPPED\n`);

export interface Dashboard {
  server: RunningServer;
  browser: Browser;
  /** Page errors and console errors (other than 4xx answers) of every page opened. */
  errors: string[];
  /** A new browser context logged in as `user` of the demo seed, on the overview. */
  open(user: string, theme?: 'light' | 'dark'): Promise<Page>;
  shot(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** The built dashboard served by a real server on a seeded demo store, and a headless Chromium. */
export async function startDashboard(o: { synthetic: number }): Promise<Dashboard> {
  if (!existsSync('web/dist/index.html')) {
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      { stdio: 'inherit' },
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'interdict-e2e-'));
  const db = `sqlite:${join(dir, 'e2e.db')}`;
  const data = await loadDataPack();
  const pack = { ...data, version: data.version, hash: 'e2e', sources: [...data.sources.values()] };
  const store = await openStore(db);
  await migrateToLatest(store);
  await seedDemo(store, pack, { fleetDir: 'examples/fleet', password: PASSWORD, synthetic: o.synthetic });
  await store.close();
  const server = await startServer({
    db,
    port: 0,
    host: '127.0.0.1',
    pack,
    logger: pino({ level: 'silent' }),
    staticDir: 'web/dist',
    config: { secureCookies: false, postInterval: 300 },
    jobInterval: 1,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const errors: string[] = [];
  return {
    server,
    browser,
    errors,
    async open(user, theme = 'light') {
      const context = await browser.newContext({
        viewport: { width: 1366, height: 900 },
        colorScheme: theme,
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`${user}: ${e.message}`));
      page.on(
        'console',
        (m) =>
          m.type() === 'error' && !m.text().includes('status of 4') && errors.push(`${user}: ${m.text()}`),
      );
      await page.goto(`${server.url}/`);
      await page.fill('#login-name', user);
      await page.fill('#login-password', PASSWORD);
      await page.click('button[type=submit]');
      await page.getByTestId('whoami').waitFor();
      return page;
    },
    shot: (page, name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
