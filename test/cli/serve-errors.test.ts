import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('interdict serve refuses what it cannot use, in one line', () => {
  it('names a missing folder of an SQLite file', async () => {
    const r = await runCli(['serve', '--db', 'sqlite:/missing/dir/x.db', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/missing/dir does not exist');
  });

  it('names a database kind it does not speak', async () => {
    const r = await runCli(['serve', '--db', 'mysql://x', '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mysql:// is not supported');
  });

  it('says the port is taken instead of printing a stack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const db = `sqlite:${join(mkdtempSync(join(tmpdir(), 'interdict-port-')), 'x.db')}`;
    try {
      const r = await runCli(['serve', '--db', db, '--port', String(port), '--host', '127.0.0.1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).not.toContain('EADDRINUSE');
    } finally {
      taken.close();
    }
  });
});
