import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, HAS_CHROMIUM, startDashboard, type Dashboard } from './dashboard-harness.js';

describe.skipIf(!HAS_CHROMIUM)('dashboard end to end', () => {
  let d: Dashboard;
  let server: Dashboard['server'];
  let browser: Dashboard['browser'];
  let errors: string[] = [];

  beforeAll(async () => {
    d = await startDashboard({ synthetic: 240 });
    ({ server, browser, errors } = d);
  }, 180_000);

  afterAll(async () => d?.close());

  const open = (user: string, theme: 'light' | 'dark' = 'light') => d.open(user, theme);
  const shot = (page: Page, name: string) => d.shot(page, name);

  let alice: Page;
  let findingUrl: string;
  let waiverId: string;

  it('rejects a wrong password, then logs in and shows the overview', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/findings`);
    await page.fill('#login-name', 'alice');
    await page.fill('#login-password', 'not-the-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('wrong name or password');
    await context.close();

    alice = await open('alice');
    expect(await alice.getByTestId('whoami').textContent()).toContain('alice (analyst)');
    await alice.getByTestId('open-count').waitFor();
    expect(Number(await alice.getByTestId('open-count').textContent())).toBeGreaterThan(3);
    expect(await alice.locator('[data-testid=burndown] path.line').getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+H/,
    );
    expect(await alice.locator('.timeline .phase').count()).toBeGreaterThan(0);
    await shot(alice, 'overview');
  });

  it('is keyboard reachable: the first Tab lands on "Skip to content"', async () => {
    await alice.keyboard.press('Tab');
    expect(await alice.evaluate('document.activeElement && document.activeElement.textContent')).toBe(
      'Skip to content',
    );
  });

  it('pages, filters and sorts findings on the server', async () => {
    await alice.getByRole('link', { name: 'Findings', exact: true }).click();
    await alice.getByTestId('pager-status').waitFor();
    const status = await alice.getByTestId('pager-status').textContent();
    expect(status).toMatch(/^1–\d+ of \d+$/);
    await alice.fill('input[type=search]', 'ws-fin');
    await expect.poll(() => alice.getByTestId('pager-status').textContent()).toMatch(/of 2$/);
    expect(alice.url()).toContain('q=ws-fin');
    await alice.getByRole('button', { name: /Host/ }).click();
    await expect.poll(() => alice.url()).toContain('sort=host');
    await shot(alice, 'findings');
  });

  it('opens a finding with its evidence, reasons, remediation and history', async () => {
    await alice.getByRole('link', { name: 'Kaspersky Endpoint Security for Windows' }).first().click();
    await alice.getByTestId('origin').waitFor();
    findingUrl = alice.url();
    expect(await alice.getByTestId('origin').textContent()).toMatch(/upload:ws-fin-014 · osquery/);
    expect(await alice.locator('.reasons li').count()).toBeGreaterThan(1);
    expect(await alice.getByTestId('finding-status').textContent()).toContain('prohibited');
    expect(await alice.locator('#history-h + table tbody tr').count()).toBeGreaterThan(0);
    // The rulings' sources are links to their public addresses, opened without an opener.
    const links = alice.locator('[data-testid="ruling-sources"] a');
    await links.first().waitFor();
    for (const link of await links.all()) {
      expect(await link.getAttribute('href')).toMatch(/^https?:\/\//);
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    }
    await shot(alice, 'finding');
  });

  it('requests a waiver as an analyst', async () => {
    await alice.fill(
      '#waiver-reason',
      'Replacement with the new EDR is scheduled for the finance patch window.',
    );
    await alice.getByRole('button', { name: 'Request waiver' }).click();
    const item = alice.getByTestId('finding-waiver');
    await item.waitFor();
    expect(await item.textContent()).toContain('requested');
    waiverId = /W-[0-9A-F]+/.exec((await item.textContent())!)![0];
  });

  it('approves it as another user, and the finding becomes waived', async () => {
    const bob = await open('bob');
    await bob.getByRole('link', { name: 'Waivers' }).click();
    const card = bob.getByTestId(`waiver-${waiverId}`);
    await card.waitFor();
    await shot(bob, 'waiver-queue');
    await card
      .getByLabel('Note for the record')
      .fill('Accepted until the patch window; checked with the CISO.');
    await card.getByRole('button', { name: `Approve ${waiverId}` }).click();
    await expect.poll(() => bob.getByRole('status').first().textContent()).toContain(`${waiverId} approved`);
    await bob.context().close();

    await expect
      .poll(
        async () => {
          await alice.goto(findingUrl);
          await alice.getByTestId('finding-status').waitFor();
          return alice.getByTestId('finding-status').textContent();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toContain('waived');
    expect(await alice.getByTestId('finding-waiver').textContent()).toContain('approved by user:bob');
    await shot(alice, 'finding-waived');
  });

  it('sends a comment for approval, then shows the rate limit', async () => {
    await alice.fill('#comment-body', 'Ticket CHG-4471 tracks the replacement.');
    await alice.getByRole('button', { name: 'Post comment' }).click();
    await expect
      .poll(() => alice.getByRole('status').last().textContent())
      .toContain('Your comment was sent for approval');
    await alice.fill('#comment-body', 'And one more thing.');
    await alice.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => alice.getByRole('alert').last().textContent()).toMatch(/please wait 5 minutes/);
    await shot(alice, 'comment-rate-limit');
  });

  it('takes a vote and lists the finding as a suspected false positive', async () => {
    await alice.getByRole('button', { name: 'No, a false positive' }).click();
    await expect
      .poll(() => alice.getByTestId('vote-tally').textContent())
      .toContain('0 correct, 1 false positive');
    await alice.getByRole('link', { name: 'False positives?' }).click();
    await expect
      .poll(() => alice.locator('table.data tbody tr').first().textContent())
      .toContain('Kaspersky Endpoint Security for Windows');
  });

  it('shows the printable attestation and the FAR 52.204-23(c) draft', async () => {
    await alice.goto(`${server.url}/reports`);
    await alice.getByRole('button', { name: 'Show attestation' }).click();
    await alice.getByTestId('endpoints-affected').waitFor();
    expect(Number(await alice.getByTestId('endpoints-affected').textContent())).toBeGreaterThanOrEqual(3);
    expect(await alice.getByTestId('attestation').textContent()).toContain(`${waiverId}`);
    await shot(alice, 'attestation');
    await alice.screenshot({ path: join(ARTIFACTS, 'attestation-top.png') });
    await alice.goto(`${findingUrl}/far-report`);
    await alice.getByTestId('far-clocks').waitFor();
    expect(await alice.getByTestId('far-clocks').textContent()).toMatch(
      /overdue|business days left|due today/,
    );
    await shot(alice, 'far-report');
  });

  it('renders in dark mode, and no page threw an error', async () => {
    const victor = await open('victor', 'dark');
    expect(await victor.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    await victor.getByTestId('open-count').waitFor();
    expect(await victor.getByRole('link', { name: 'False positives?' }).count()).toBe(0);
    await shot(victor, 'overview-dark');
    await victor.goto(`${server.url}/hosts`);
    await victor.getByTestId('pager-status').waitFor();
    expect(await victor.getByTestId('pager-status').textContent()).toMatch(/of 249$/);
    await victor.getByRole('button', { name: /Open findings/ }).click();
    await expect.poll(() => victor.url()).toContain('sort=openFindings');
    await expect
      .poll(() => victor.locator('table.data tbody tr td:nth-child(2)').first().textContent())
      .toBe('2');
    await shot(victor, 'hosts');
    await victor.context().close();
    expect(errors).toEqual([]);
  });
});
