import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { PG_URL, STORES } from './harness.js';

interface Row {
  id: string;
  name: string;
  user: string | null;
  expiresAt: string | null;
  state: string;
}

/** `interdict admin token|user …` in-process, on a store of each kind. */
describe.each(STORES)('interdict admin on %s', (kind) => {
  let db: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'interdict-admin-cli-'));
      db = `sqlite:${join(dir, 'admin.db')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `t_admin_${randomBytes(6).toString('hex')}`;
      db = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}schema=${schema}`;
      cleanup = async () => {
        const client = new pg.Client({ connectionString: PG_URL });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      };
    }
    for (const [name, role] of [
      ['ada', 'admin'],
      ['vic', 'viewer'],
    ] as const) {
      const r = await runCli(
        ['admin', 'user', 'create', '--name', name, '--role', role, '--db', db],
        'a long passphrase here\n',
      );
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => cleanup?.());

  const admin = (...args: string[]) => runCli(['admin', ...args, '--db', db]);
  const list = async (...flags: string[]) =>
    (JSON.parse((await admin('token', 'list', '--json', ...flags)).stdout) as { items: Row[] }).items;

  it('creates tokens with an expiry and lists them as a table and as JSON', async () => {
    const before = Date.now();
    const made = await admin(
      'token',
      'create',
      '--name',
      'ci',
      '--role',
      'viewer',
      '--user',
      'vic',
      '--expires-in',
      '90d',
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^idt_\S+\n$/);
    await admin('token', 'create', '--name', 'reports', '--role', 'viewer', '--expires-at', '2099-01-31');
    const items = await list();
    const ci = items.find((t) => t.name === 'ci')!;
    expect(ci).toMatchObject({ user: 'vic', state: 'active' });
    const days = (Date.parse(ci.expiresAt!) - before) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(90);
    expect(days).toBeLessThan(90.01);
    expect(items.find((t) => t.name === 'reports')!.expiresAt).toBe('2099-01-31T00:00:00.000Z');

    const table = (await admin('token', 'list')).stdout.split('\n');
    expect(table[0]).toMatch(/^ID +NAME +ROLE +USER +CREATED +LAST USED +EXPIRES +STATE$/);
    expect(table.find((l) => l.includes(' ci '))).toMatch(/ viewer +vic +\S+ +- +\S+ +active$/);
  });

  it('refuses bad expiries and a token above its owner, exit 2 with one line', async () => {
    for (const [flags, message] of [
      [['--expires-in', '90'], '--expires-in 90: expected a number and m, h, d or w'],
      [['--expires-at', 'next tuesday'], '--expires-at next tuesday: expected a date'],
      [['--expires-at', '2001-01-01'], 'is not in the future'],
      [['--expires-in', '1d', '--expires-at', '2099-01-01'], 'not both'],
      [['--user', 'vic', '--role', 'admin'], "above vic's role viewer"],
    ] as const) {
      const r = await admin('token', 'create', '--name', 'bad', '--role', 'viewer', ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toContain(message);
      expect(r.stdout).toBe('');
    }
    expect((await list('--all')).some((t) => t.name === 'bad')).toBe(false);
  });

  it('expires and revokes by id; the default list leaves them out, --all shows them', async () => {
    const { id } = (await list()).find((t) => t.name === 'ci')!;
    const later = await admin('token', 'expire', id, '--at', '2098-06-01');
    expect(later.stdout).toBe(`${id} expires 2098-06-01T00:00:00.000Z\n`);
    const now = await admin('token', 'expire', id);
    expect(now.code, now.stderr).toBe(0);
    expect((await list()).some((t) => t.id === id)).toBe(false);
    expect((await list('--all')).find((t) => t.id === id)!.state).toBe('expired');
    const again = await admin('token', 'expire', id, '--at', '2099-01-01');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('create a new one');

    const reports = (await list()).find((t) => t.name === 'reports')!.id;
    expect((await admin('token', 'revoke', reports)).stdout).toBe(`revoked ${reports}\n`);
    expect((await list('--all')).find((t) => t.id === reports)!.state).toBe('revoked');
    const twice = await admin('token', 'revoke', reports);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toBe(
      `interdict: no active token ${reports} in tenant default\nhint: interdict admin token list --all --tenant default lists them\n`,
    );
  });

  it('lists, disables, enables and re-roles users; unknown names and the last admin are refused', async () => {
    const users = (await admin('user', 'list')).stdout.split('\n');
    expect(users[0]).toMatch(/^NAME +ROLE +STATE +CREATED$/);
    expect(users[1]).toMatch(/^ada +admin +enabled +20\d\d-/);
    expect((await admin('user', 'disable', 'vic')).stdout).toBe(
      'vic disabled; 0 session(s) ended, their tokens are refused\n',
    );
    expect((await admin('user', 'disable', 'vic')).stdout).toBe('vic was already disabled\n');
    const json = JSON.parse((await admin('user', 'list', '--json')).stdout) as {
      items: { name: string; disabled: boolean }[];
    };
    expect(json.items.find((u) => u.name === 'vic')!.disabled).toBe(true);
    expect((await admin('user', 'enable', 'vic')).stdout).toBe('vic enabled\n');
    expect((await admin('user', 'set-role', 'vic', 'analyst')).stdout).toBe('vic is now analyst\n');

    const ghost = await admin('user', 'disable', 'ghost');
    expect(ghost.code).toBe(2);
    expect(ghost.stderr.split('\n')[0]).toBe('interdict: no user ghost in tenant default');
    const lastAdmin = await admin('user', 'disable', 'ada');
    expect(lastAdmin.code).toBe(2);
    expect(lastAdmin.stderr).toContain('ada is the last enabled admin');
    expect((await admin('user', 'set-role', 'vic', 'root')).stderr).toContain('role must be one of');
    const otherTenant = await admin('user', 'list', '--tenant', 'nowhere');
    expect(otherTenant.code).toBe(2);
  });

  it('wrote every change to the audit log, and the chain verifies', async () => {
    const v = await admin('audit', 'verify', '--json');
    expect(v.code, v.stdout).toBe(0);
    const { entries } = JSON.parse(v.stdout) as { entries: number };
    // 2 users, tenant, 2 tokens, 2 expiries, 1 revoke, disable, enable, role.
    expect(entries).toBe(11);
  });
});
