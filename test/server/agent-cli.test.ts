import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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

  const agent = (credential: ['--token' | '--enroll-secret', string] | [], spool: string) =>
    spawnSync(
      process.execPath,
      [
        BIN,
        'agent',
        '--server',
        server.url,
        ...credential,
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

  it('enrols on first run, keeps its credential (0600), uploads, and leaves the spool empty', () => {
    const secret = runCli(['admin', 'enroll-secret', 'create', '--name', 'cron-hosts', '--db', db]);
    expect(secret).toMatch(/^idenroll_/);
    const spool = join(dir, 'spool-ok');
    const r = agent(['--enroll-secret', secret], spool);
    expect(r.stderr).toContain('enrolled ws-cron-01');
    expect(r.stderr).toContain('(new)');
    expect(r.status).toBe(0);
    expect(readdirSync(spool).filter((f) => f.endsWith('.inventory.json'))).toEqual([]);
    // What the server acknowledged, kept for the next check-in's diff: it lists the host's software.
    expect(statSync(join(spool, 'acknowledged.json')).mode & 0o777).toBe(0o600);
    const credential = join(spool, 'credential');
    expect(statSync(credential).mode & 0o777).toBe(0o600);
    expect(readFileSync(credential, 'utf8')).toMatch(/^idt_/);
    // The next run uses the stored credential; enrolling the name again would be refused.
    const again = agent([], spool);
    expect(again.stderr).not.toContain('enrolled');
    expect(again.stderr).toContain('(new, as a diff)');
    expect(again.status).toBe(0);
    const other = agent(['--enroll-secret', secret], join(dir, 'spool-impostor'));
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('already enrolled');
  });

  it('refuses to create an agent token that is neither a host credential nor bulk-import', () => {
    expect(() =>
      runCli(['admin', 'token', 'create', '--name', 'cron', '--role', 'agent', '--db', db]),
    ).toThrow(/enrolment/);
  });

  it('exits 2 on a refused token and keeps the inventory for the next run', () => {
    const spool = join(dir, 'spool-refused');
    const r = agent(['--token', 'idt_not-a-token-this-server-issued'], spool);
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
