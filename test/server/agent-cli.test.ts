import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, spawnServe, type SpawnedServer } from './spawn-server.js';

/** `interdict agent --once` as cron runs it, against `interdict serve`, both from dist/. */
describe('the built agent against the built server', () => {
  let dir: string;
  let db: string;
  let server: SpawnedServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'interdict-agent-cli-'));
    db = `sqlite:${join(dir, 'fleet.db')}`;
    server = await spawnServe(db);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const agent = (token: string, spool: string) =>
    spawnSync(
      process.execPath,
      [
        BIN,
        'agent',
        '--server',
        server.url,
        '--token',
        token,
        '--once',
        '--spool',
        spool,
        '--host-name',
        'ws-cron-01',
      ],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );

  it('prints the one-time setup link on first start', async () => {
    // The link follows the first line; give the pipe a moment to deliver it.
    for (let i = 0; i < 50 && !server.stdout.includes('setup#token='); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.stdout).toMatch(/one-time link:\n {2}http:\/\/127\.0\.0\.1:\d+\/setup#token=idsetup_/);
  });

  it('collects this host, uploads it, and leaves the spool empty', () => {
    const token = runCli(['admin', 'token', 'create', '--name', 'cron', '--role', 'agent', '--db', db]);
    expect(token).toMatch(/^idt_/);
    const spool = join(dir, 'spool-ok');
    const r = agent(token, spool);
    expect(r.stderr).toContain('(new)');
    expect(r.status).toBe(0);
    expect(readdirSync(spool).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('exits 2 on a refused token and keeps the inventory for the next run', () => {
    const spool = join(dir, 'spool-refused');
    const r = agent('idt_not-a-token-this-server-issued', spool);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('server refused the token (401)');
    expect(readdirSync(spool).filter((f) => f.endsWith('.inventory.json'))).toHaveLength(1);
  });

  it('creates a user from the shell with the password on stdin, and refuses a short one', () => {
    expect(
      runCli(
        ['admin', 'user', 'create', '--name', 'dana', '--role', 'analyst', '--db', db],
        'a long passphrase here\n',
      ),
    ).toBe('dana');
    expect(() =>
      runCli(['admin', 'user', 'create', '--name', 'eve', '--role', 'viewer', '--db', db], 'short\n'),
    ).toThrow(/at least 12 characters/);
  });
});
