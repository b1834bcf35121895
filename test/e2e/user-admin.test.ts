import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAS_CHROMIUM, PASSWORD, startDashboard, type Dashboard } from './dashboard-harness.js';

/** The admin's user and token pages in headless Chromium, and what a non-admin sees of them. */
describe.skipIf(!HAS_CHROMIUM)('user management in the dashboard', () => {
  let d: Dashboard;
  let admin: Page;
  beforeAll(async () => {
    d = await startDashboard({ synthetic: 0 });
    admin = await d.open('admin');
    // Disabling and revoking ask first; the test says yes.
    admin.on('dialog', (dialog) => void dialog.accept());
  }, 180_000);
  afterAll(async () => d?.close());

  const row = (name: string) => admin.getByTestId(`user-${name}`);

  it('lists the tenant’s users with role, state and tokens', async () => {
    await admin.getByRole('link', { name: 'Users', exact: true }).click();
    await row('victor').waitFor();
    for (const name of ['admin', 'alice', 'bob', 'carol', 'victor'])
      expect(await row(name).getByTestId('user-state').textContent()).toBe('enabled');
    expect(await row('alice').getByLabel('Role of alice').inputValue()).toBe('analyst');
    // Nobody disables themselves by accident: no button on one's own row.
    expect(await row('admin').getByRole('button').count()).toBe(0);
    await d.shot(admin, 'users');
  });

  it('disables a user, whose open session ends at once, and enables them again', async () => {
    const victor = await d.open('victor');
    await row('victor').getByRole('button', { name: 'Disable victor' }).click();
    await expect.poll(() => row('victor').getByTestId('user-state').textContent()).toBe('disabled');
    expect(await admin.getByRole('status').textContent()).toContain('victor disabled');
    await victor.reload();
    await victor.locator('#login-name').waitFor();
    await victor.fill('#login-name', 'victor');
    await victor.fill('#login-password', PASSWORD);
    await victor.click('button[type=submit]');
    await expect.poll(() => victor.getByRole('alert').textContent()).toContain('wrong name or password');

    await row('victor').getByRole('button', { name: 'Enable victor' }).click();
    await expect.poll(() => row('victor').getByTestId('user-state').textContent()).toBe('enabled');
    await victor.click('button[type=submit]');
    await victor.getByTestId('whoami').waitFor();
    await victor.context().close();
  });

  it('changes a role', async () => {
    await row('carol').getByLabel('Role of carol').selectOption('viewer');
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('carol is now viewer');
    await row('carol').getByLabel('Role of carol').selectOption('approver');
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('carol is now approver');
  });

  it('creates a token with an expiry, shows its secret once, and revokes it', async () => {
    await admin.getByRole('link', { name: 'API tokens' }).click();
    await admin.getByLabel('Name').fill('ci-reports');
    await admin.getByLabel('Expires').selectOption({ label: 'in 30 days' });
    await admin.getByRole('button', { name: 'Create token' }).click();
    const secret = admin.getByTestId('new-token');
    await secret.waitFor();
    const token = (await secret.textContent())!;
    expect(token).toMatch(/^idt_/);
    const state = admin.getByTestId('token-ci-reports').getByTestId('token-state');
    await expect.poll(() => state.textContent()).toMatch(/^active until /);
    const me = await fetch(`${d.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { name: string }).name).toBe('ci-reports');
    await d.shot(admin, 'tokens');
    // The secret is shown only once: a reload no longer has it.
    await admin.reload();
    await admin.getByTestId('token-ci-reports').waitFor();
    expect(await admin.getByTestId('new-token').count()).toBe(0);

    await admin.getByRole('button', { name: 'Revoke ci-reports' }).click();
    await expect.poll(() => state.textContent()).toMatch(/^revoked /);
    const after = await fetch(`${d.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it('shows a non-admin neither the page nor its actions, and the API answers 403', async () => {
    const alice = await d.open('alice');
    expect(await alice.getByRole('link', { name: 'Users', exact: true }).count()).toBe(0);
    expect(await alice.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    await alice.goto(`${d.server.url}/settings/users`);
    await alice.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await alice.getByRole('button', { name: /Disable/ }).count()).toBe(0);
    // Straight at the API with alice's session and CSRF token: still refused.
    const statuses = await alice.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { csrfToken: string };
      const users = await fetch('/api/v1/users');
      const patch = await fetch('/api/v1/users/whatever', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ disabled: true }),
      });
      const tokens = await fetch('/api/v1/tokens');
      return [users.status, patch.status, tokens.status];
    });
    expect(statuses).toEqual([403, 403, 403]);
    await alice.context().close();
    expect(d.errors).toEqual([]);
  });
});
