import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { createTenant } from '../../src/server/accounts.js';
import { verifyAuditChain } from '../../src/server/audit-verify.js';
import { openStore } from '../../src/server/db/dialect.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { createHarness, PG_URL, STORES } from './harness.js';

async function cli(argv: string[]) {
  let out = '';
  const io = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
    stdin: new PassThrough(),
    env: {},
  };
  const code = await run(argv, io);
  return { code, out };
}

const withSchema = (url: string, schema: string) => `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;

describe.each(STORES)('interdict admin audit verify on %s', (kind) => {
  it('exits 0 on an intact chain and 1 naming the first broken entry', async () => {
    const h = await createHarness(kind);
    try {
      const url = kind === 'sqlite' ? h.ctx.store.location : withSchema(PG_URL!, h.ctx.store.schema!);
      const ok = await cli(['admin', 'audit', 'verify', '--db', url]);
      expect(ok.out).toMatch(/^audit log ok: 14 entries; head 14:[0-9a-f]{64}\n/);
      expect(ok.code).toBe(0);
      const anchor = /head (\S+)/.exec(ok.out)![1]!;
      expect((await cli(['admin', 'audit', 'verify', '--db', url, '--anchor', anchor])).code).toBe(0);
      if (kind === 'sqlite') await sql`DROP TRIGGER audit_log_no_update`.execute(h.ctx.store.db);
      else await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(h.ctx.store.db);
      await sql`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 7`.execute(h.ctx.store.db);
      const broken = await cli(['admin', 'audit', 'verify', '--db', url]);
      expect(broken.out).toBe(
        'audit log broken at entry 7: changed after it was written (hash differs) (entries 1-6 verify)\n',
      );
      expect(broken.code).toBe(1);
      const json = JSON.parse(
        (await cli(['admin', 'audit', 'verify', '--db', url, '--json'])).out,
      ) as unknown;
      expect(json).toMatchObject({ ok: false, entries: 6, firstBreak: { seq: 7 } });
    } finally {
      await h.close();
    }
  });
});

describe.runIf(PG_URL)('the server under a PostgreSQL role that does not own the tables', () => {
  it('writes the audit log but cannot truncate, alter, update or delete it', async () => {
    const role = `interdict_app_${randomBytes(5).toString('hex')}`;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    try {
      const owner = withSchema(PG_URL!, schema);
      const migrated = await cli(['admin', 'migrate', '--db', owner, '--app-role', role]);
      expect(migrated.out).toContain(`granted ${role}`);
      expect(migrated.code).toBe(0);
      const appUrl = new URL(owner);
      appUrl.username = role;
      const app = await openStore(appUrl.toString(), { poolSize: 2 });
      try {
        // What the server does at start, then an audited change.
        expect(await migrateToLatest(app)).toEqual([]);
        await createTenant(app.db, { slug: 'acme', actor: 'test' });
        for (const attempt of [
          'TRUNCATE audit_log',
          'TRUNCATE audit_head',
          'ALTER TABLE audit_log DISABLE TRIGGER USER',
          'ALTER TABLE audit_head DISABLE TRIGGER USER',
          'DROP TABLE audit_log',
          "UPDATE audit_log SET actor = 'x'",
          'DELETE FROM audit_log',
          'DELETE FROM audit_head',
        ])
          await expect(sql.raw(attempt).execute(app.db), attempt).rejects.toThrow(
            /permission denied|must be owner/,
          );
        expect(await verifyAuditChain(app.db)).toMatchObject({ ok: true, entries: 1 });
      } finally {
        await app.close();
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
