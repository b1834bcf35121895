import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { writeAudit } from '../../src/server/audit.js';
import { verifyAuditChain } from '../../src/server/audit-verify.js';
import { createApp } from '../../src/server/app.js';
import { createServerContext } from '../../src/server/create-context.js';
import { openStore } from '../../src/server/db/dialect.js';
import {
  bearer,
  CHROME,
  createHarness,
  inventory,
  KES,
  PG_URL,
  STORES,
  testPack,
  type Harness,
} from './harness.js';

describe.each(STORES)('tamper-evident audit log on %s', (kind) => {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  const harness = async () => {
    const h = await createHarness(kind, { postInterval: 0 });
    open.push(h);
    for (const host of ['ws-1', 'ws-2']) {
      const res = await h.app.request(`/api/v1/hosts/${host}/inventories`, {
        method: 'POST',
        body: inventory(host, '2025-03-01T00:00:00Z', [KES]),
        headers: bearer(h.tokens['acme:agent']!),
      });
      expect(res.status).toBe(201);
    }
    return h;
  };
  const run = (h: Harness, text: string) => sql.raw(text).execute(h.ctx.store.db);
  const entries = async (h: Harness) =>
    (await h.ctx.store.db.selectFrom('audit_log').select(['seq', 'action']).orderBy('seq').execute()).map(
      (r) => Number(r.seq),
    );

  it('chains every entry in sequence and verifies', async () => {
    const h = await harness();
    const seqs = await entries(h);
    // Two tenants with six tokens each, two uploads.
    expect(seqs).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const v = await verifyAuditChain(h.ctx.store.db);
    expect(v).toMatchObject({ ok: true, entries: 16, head: { seq: 16 } });
    expect(v.head!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to rewrite, delete or skip entries, and to move the head back', async () => {
    const h = await harness();
    const head = (await verifyAuditChain(h.ctx.store.db)).head!;
    const row = `tenant_id, at, actor, action, subject_type, subject_id, seq, prev_hash, hash`;
    const forged = `NULL, '2025-01-01T00:00:00Z', 'x', 'forged', 'x', 'x'`;
    const attempts = [
      `UPDATE audit_log SET actor = 'x' WHERE seq = 3`,
      `DELETE FROM audit_log WHERE seq = 3`,
      `INSERT INTO audit_log (${row}) VALUES (${forged}, ${head.seq + 5}, '${head.hash}', '${'a'.repeat(64)}')`,
      `INSERT INTO audit_log (${row}) VALUES (${forged}, ${head.seq + 1}, '${'0'.repeat(64)}', '${'a'.repeat(64)}')`,
      `UPDATE audit_head SET seq = 0`,
      `DELETE FROM audit_head`,
      `INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, 'x')`,
    ];
    if (kind === 'sqlite') {
      attempts.push(
        `INSERT OR REPLACE INTO audit_log (id, ${row}) VALUES (3, ${forged}, 3, 'p', 'h')`,
        `REPLACE INTO audit_log (id, ${row}) VALUES (3, ${forged}, ${head.seq + 1}, '${head.hash}', 'h')`,
        `INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`,
      );
    } else {
      attempts.push(`TRUNCATE audit_log`, `TRUNCATE audit_head`);
    }
    for (const attempt of attempts) await expect(run(h, attempt), attempt).rejects.toThrow();
    expect(await verifyAuditChain(h.ctx.store.db)).toMatchObject({ ok: true, entries: head.seq });
    const third = await h.ctx.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('seq', '=', 3)
      .executeTakeFirst();
    expect(third?.action).toBe('token.create');
  });

  // The owner of the tables can switch the triggers off; the chain still shows what was done.
  const disableTriggers = async (h: Harness) => {
    if (kind === 'sqlite')
      for (const t of [
        'audit_log_no_update',
        'audit_log_no_delete',
        'audit_log_extends_head',
        'audit_log_no_replace',
      ])
        await run(h, `DROP TRIGGER ${t}`);
    else await run(h, 'ALTER TABLE audit_log DISABLE TRIGGER USER');
  };

  it('names the first changed entry, and the first removed one', async () => {
    const h = await harness();
    await disableTriggers(h);
    await run(h, `UPDATE audit_log SET after = '{"role":"admin"}' WHERE seq = 5`);
    expect((await verifyAuditChain(h.ctx.store.db)).firstBreak).toEqual({
      seq: 5,
      problem: 'changed after it was written (hash differs)',
    });
    await run(h, 'DELETE FROM audit_log WHERE seq IN (3, 4)');
    expect(await verifyAuditChain(h.ctx.store.db)).toMatchObject({
      ok: false,
      entries: 2,
      firstBreak: { seq: 3, problem: 'entries 3-4 are missing' },
    });
  });

  it('notices an emptied log through the head', async () => {
    const h = await harness();
    await disableTriggers(h);
    await run(h, kind === 'sqlite' ? 'DELETE FROM audit_log' : 'TRUNCATE audit_log');
    expect((await verifyAuditChain(h.ctx.store.db)).firstBreak).toEqual({
      seq: 1,
      problem: 'entries 1-16 are missing (the head records 16)',
    });
    await run(h, kind === 'sqlite' ? 'DROP TABLE audit_log' : 'DROP TABLE audit_log CASCADE');
    await expect(verifyAuditChain(h.ctx.store.db)).rejects.toThrow(/audit_log/);
  });

  it('finds a chain rewritten from scratch only with an anchor kept outside', async () => {
    const h = await harness();
    const before = (await verifyAuditChain(h.ctx.store.db)).head!;
    await disableTriggers(h);
    // A rewrite by the owner: entry 16 replaced by a consistent, recomputed one.
    const last = await h.ctx.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 16)
      .executeTakeFirstOrThrow();
    await run(h, 'DELETE FROM audit_log WHERE seq = 16');
    if (kind === 'sqlite') await run(h, 'DROP TRIGGER audit_head_advances');
    else await run(h, 'ALTER TABLE audit_head DISABLE TRIGGER USER');
    await h.ctx.store.db.updateTable('audit_head').set({ seq: 15, hash: last.prev_hash }).execute();
    // The database moves the head as entries are inserted: the owner switches that back on and
    // appends through the server, as a consistent rewrite would.
    if (kind === 'postgres') await run(h, 'ALTER TABLE audit_log ENABLE TRIGGER USER');
    await writeAudit(h.ctx.store.db, {
      tenantId: null,
      actor: 'shell:admin',
      action: 'nothing.happened',
      subjectType: 'x',
      subjectId: 'x',
      at: new Date('2025-03-01T10:00:00Z'),
    });
    expect((await verifyAuditChain(h.ctx.store.db)).ok).toBe(true);
    expect((await verifyAuditChain(h.ctx.store.db, before)).firstBreak).toEqual({
      seq: 16,
      problem: 'differs from the anchor kept outside the database',
    });
  });
});

describe.runIf(PG_URL)('audit chain with several servers on one PostgreSQL', () => {
  it('stays one valid chain when two processes write at once', async () => {
    const h = await createHarness('postgres');
    const url = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}schema=${h.ctx.store.schema}`;
    const [a, b] = await Promise.all([openStore(url, { poolSize: 5 }), openStore(url, { poolSize: 5 })]);
    try {
      const write = (store: typeof a, i: number) =>
        writeAudit(store.db, {
          tenantId: null,
          actor: `system:test-${i}`,
          action: 'test.concurrent',
          subjectType: 'test',
          subjectId: String(i),
          after: { i },
          at: new Date('2025-03-01T10:00:00Z'),
        });
      await Promise.all(Array.from({ length: 40 }, (_, i) => write(i % 2 ? a : b, i)));
      const v = await verifyAuditChain(h.ctx.store.db);
      expect(v).toMatchObject({ ok: true, entries: 14 + 40, head: { seq: 54 } });
    } finally {
      await a.close();
      await b.close();
      await h.close();
    }
  });

  it('takes uploads of many hosts on two servers at once without deadlock, in one chain', async () => {
    const h = await createHarness('postgres');
    const url = `${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}schema=${h.ctx.store.schema}`;
    const second = await openStore(url, { poolSize: 4 });
    try {
      const other = createApp(
        createServerContext({
          store: second,
          pack: testPack,
          config: { secureCookies: false, backgroundJobs: false },
        }),
      );
      const uploads = Array.from({ length: 60 }, (_, i) => {
        const host = `pc-${i % 20}`;
        return (i % 2 ? other : h.app).request(`/api/v1/hosts/${host}/inventories`, {
          method: 'POST',
          body: inventory(host, `2025-02-0${1 + (i % 3)}T00:00:00Z`, i % 3 ? [KES] : [KES, CHROME]),
          headers: bearer(h.tokens['acme:agent']!),
        });
      });
      const statuses = (await Promise.all(uploads)).map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 200)).toBe(true);
      const v = await verifyAuditChain(h.ctx.store.db);
      expect(v.ok).toBe(true);
      expect(v.entries).toBe(14 + statuses.filter((s) => s === 201).length);
    } finally {
      await second.close();
      await h.close();
    }
  });
});
