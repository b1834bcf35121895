import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { toHtml } from '../../src/report/html.js';
import { sampleReport } from '../fixtures/report/sample-report.js';

// Debian's Chromium, which .ci/run installs; without it there is no browser to open the page in.
const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!existsSync(CHROMIUM))('html report in a browser', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const events: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'interdict-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, toHtml(sampleReport));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('console', (m) => events.push(`console ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => events.push(`error: ${e.message}`));
    page.on('dialog', (d) => {
      events.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) events.push(`request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs its script under its own CSP, fetches nothing and runs no injected code', async () => {
    expect(await page.textContent('#shown')).toBe('9 of 9 shown');
    expect(events).toEqual([]);
  });

  it('filters by text and by status', async () => {
    await page.fill('#filter', 'mailgw');
    expect(await page.textContent('#shown')).toBe('1 of 9 shown');
    await page.fill('#filter', '');
    await page.selectOption('#status-filter', 'review');
    expect(await page.textContent('#shown')).toBe('2 of 9 shown');
    expect(await page.$$eval('tbody.finding:not([hidden])', (bs) => bs.map((b) => b.dataset.status))).toEqual(
      ['review', 'review'],
    );
    await page.selectOption('#status-filter', '');
  });

  it('sorts by a column, both ways, keeping each detail row with its finding', async () => {
    const hosts = () =>
      page.$$eval('tbody.finding', (bs) =>
        bs.map((b) => b.querySelector('tr > td:nth-child(4)')!.textContent),
      );
    await page.click('th[data-col="3"] button');
    const ascending = await hosts();
    expect(ascending.slice(-2)).toEqual(['WS-FIN-014', 'WS-HR-022']);
    await page.click('th[data-col="3"] button');
    expect(await hosts()).toEqual([...ascending].reverse());
    const pairs = await page.$$eval('tbody.finding', (bs) => bs.every((b) => b.rows.length === 2));
    expect(pairs).toBe(true);
  });
});
