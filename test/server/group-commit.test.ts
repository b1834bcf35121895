import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../src/server/audit.js';
import { createGroupCommit } from '../../src/server/ingest/group-commit.js';
import { bearer, CHROME, createHarness, inventory, KES, STORES, type Harness } from './harness.js';

interface Answer {
  id: string;
  current: boolean;
  findings: { id: string; host: string; product: { id: string }; firstSeen: string }[];
}

describe.each(STORES)('group commit on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    // Parsing unbounded here: the test is about batching commits, not about the parse queue.
    h = await createHarness(kind, { maxParses: 64 });
  });
  afterAll(async () => h?.close());

  const upload = (host: string, body: string) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!, { 'content-type': 'application/json' }),
    });
  const get = async <T>(path: string) =>
    (await (await h.app.request(path, { headers: bearer(h.tokens['acme:viewer']!) })).json()) as T;
  const auditCount = async (action: string) =>
    Number(
      (
        await h.ctx.store.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers each of many concurrent uploads with its own id and findings, in fewer transactions', async () => {
    const hosts = Array.from({ length: 16 }, (_, i) => `gc-${String(i).padStart(2, '0')}`);
    const withKes = (i: number) => i % 4 === 0;
    const responses = await Promise.all(
      hosts.map((host, i) =>
        upload(host, inventory(host, '2025-03-01T09:00:00Z', withKes(i) ? [CHROME, KES] : [CHROME])),
      ),
    );
    const answers = await Promise.all(responses.map((r) => r.json() as Promise<Answer>));
    expect(responses.map((r) => r.status)).toEqual(hosts.map(() => 201));
    expect(new Set(answers.map((a) => a.id)).size).toBe(hosts.length);
    for (const [i, host] of hosts.entries()) {
      const answer = answers[i]!;
      expect(answer.current).toBe(true);
      expect(
        answer.findings.map((f) => [f.host, f.product.id]),
        host,
      ).toEqual(withKes(i) ? [[host, 'kaspersky-endpoint-security-windows']] : []);
      // The answer built from the upload in hand equals what the findings list reads back.
      const listed = await get<{ items: unknown[] }>(`/api/v1/findings?host=${host}&sort=severity&limit=500`);
      expect(answer.findings, host).toEqual(listed.items);
      const stored = await get<{ inventories: { id: string }[] }>(`/api/v1/hosts/${host}`);
      expect(stored.inventories.map((x) => x.id)).toEqual([answer.id]);
    }
    const metrics = await (await h.app.request('/metrics')).text();
    const committed = /interdict_ingest_transactions_total\{result="committed"\} (\d+)/.exec(metrics);
    expect(Number(committed?.[1])).toBeGreaterThan(0);
    expect(Number(committed?.[1])).toBeLessThan(hosts.length);
    expect(await auditCount('inventory.bulk-import')).toBe(hosts.length);
  });

  it('gives identical bytes sent twice at once one inventory: one 201, one 200, the same id', async () => {
    const body = inventory('gc-twice', '2025-03-01T09:00:00Z', [KES]);
    const responses = await Promise.all([upload('gc-twice', body), upload('gc-twice', body)]);
    const answers = await Promise.all(responses.map((r) => r.json() as Promise<Answer>));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(answers[0]!.id).toBe(answers[1]!.id);
    expect(answers[0]!.findings).toEqual(answers[1]!.findings);
    const stored = await get<{ inventories: unknown[]; openFindings: number }>('/api/v1/hosts/gc-twice');
    expect(stored.inventories).toHaveLength(1);
    expect(stored.openFindings).toBe(1);
  });

  it('keeps a later upload of the same host in the same batch as the current one', async () => {
    const [older, newer] = await Promise.all([
      upload('gc-order', inventory('gc-order', '2025-03-01T08:00:00Z', [KES])),
      upload('gc-order', inventory('gc-order', '2025-03-01T09:30:00Z', [CHROME])),
    ]);
    const a = (await older.json()) as Answer;
    const b = (await newer.json()) as Answer;
    expect([older.status, newer.status]).toEqual([201, 201]);
    // Whichever committed first, the newer collection is the host's current inventory.
    expect(b.current).toBe(true);
    expect(b.findings).toEqual([]);
    const host = await get<{ inventories: { id: string; current: boolean }[]; openFindings: number }>(
      '/api/v1/hosts/gc-order',
    );
    expect(host.openFindings).toBe(0);
    expect(host.inventories.find((x) => x.id === b.id)?.current).toBe(true);
    expect(host.inventories.find((x) => x.id === a.id)).toBeDefined();
  });

  it('retries each unit alone when the shared transaction fails, so only the bad one fails', async () => {
    const batches: { size: number; outcome: string }[] = [];
    const committer = createGroupCommit(h.ctx.store.db, { maxBatch: 64, maxInFlight: 1 }, (size, outcome) =>
      batches.push({ size, outcome }),
    );
    const audit = (subjectId: string) => (trx: Parameters<Parameters<typeof committer.run>[1]>[0]) =>
      writeAudit(trx, {
        tenantId: h.tenants.acme!,
        actor: 'test',
        action: 'group-commit.test',
        subjectType: 'unit',
        subjectId,
        at: new Date('2025-03-01T10:00:00Z'),
      }).then(() => subjectId);
    const runs = ['u1', 'u2', 'bad', 'u3'].map((name) =>
      committer.run(name, async (trx) => {
        const done = await audit(name)(trx);
        if (name === 'bad') throw new Error('bad unit');
        return done;
      }),
    );
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([
      'u1',
      'u2',
      'bad unit',
      'u3',
    ]);
    // All four arrived in one turn: one shared attempt, then each alone.
    expect(batches).toEqual([{ size: 4, outcome: 'retried-alone' }]);
    const rows = await h.ctx.store.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'group-commit.test')
      .orderBy('id')
      .execute();
    // Nothing of the bad unit, and nothing twice from the failed shared attempt.
    expect(rows.map((r) => r.subject_id)).toEqual(['u1', 'u2', 'u3']);

    const ok = await Promise.all(['a', 'b', 'c'].map((name) => committer.run(name, audit(`ok-${name}`))));
    expect(ok).toEqual(['ok-a', 'ok-b', 'ok-c']);
    expect(batches.at(-1)).toEqual({ size: 3, outcome: 'committed' });
  });

  it('still rejects a unit that fails alone with its own error', async () => {
    const committer = createGroupCommit(h.ctx.store.db, { maxBatch: 2, maxInFlight: 1 });
    await expect(
      committer.run('x', async () => {
        throw new Error('alone and bad');
      }),
    ).rejects.toThrow('alone and bad');
    expect(committer.pending).toBe(0);
  });
});
