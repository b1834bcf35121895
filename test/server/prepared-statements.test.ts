import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/server/db/dialect.js';
import { MAX_PREPARED } from '../../src/server/db/prepared.js';
import { PG_URL, scratchDatabase } from './harness.js';

if (!PG_URL) console.warn('INTERDICT_TEST_PG is not set: the prepared-statement tests are skipped');

/** The statements prepared on the connection a transaction runs on, after `work` ran on it. */
async function preparedAfter(store: Store, work: (trx: Store['db']) => Promise<unknown>) {
  return store.db.transaction().execute(async (trx) => {
    await work(trx);
    const rows = await sql<{ name: string; statement: string }>`
      select name, statement from pg_prepared_statements where not from_sql`.execute(trx);
    return rows.rows;
  });
}

describe.runIf(PG_URL)('prepared statements on PostgreSQL', () => {
  async function withStore<T>(suffix: string, f: (store: Store) => Promise<T>): Promise<T> {
    const { url, cleanup } = scratchDatabase('postgres');
    const store = await openStore(`${url}${suffix}`, { poolSize: 1 });
    try {
      await sql`create table t (id integer primary key, name text)`.execute(store.db);
      return await f(store);
    } finally {
      await store.close();
      await cleanup();
    }
  }
  const lookUp = (db: Store['db'], id: number) => sql`select "name" from "t" where "id" = ${id}`.execute(db);

  it('prepares a statement once per connection and runs it by name again', async () => {
    await withStore('', async (store) => {
      const prepared = await preparedAfter(store, async (trx) => {
        for (let id = 0; id < 3; id++) await lookUp(trx, id);
      });
      const mine = prepared.filter((p) => p.statement.includes('from "t"'));
      expect(mine).toHaveLength(1);
      expect(mine[0]!.name).toMatch(/^interdict_[0-9a-f]{32}$/);
    });
  });

  it('leaves select * and transaction control unnamed, and answers the same', async () => {
    await withStore('', async (store) => {
      await sql`insert into t values (1, 'a')`.execute(store.db);
      const prepared = await preparedAfter(store, async (trx) => {
        expect((await sql`select * from t`.execute(trx)).rows).toEqual([{ id: 1, name: 'a' }]);
        expect((await sql`select count(*)::int as n from t`.execute(trx)).rows).toEqual([{ n: 1 }]);
      });
      expect(prepared.map((p) => p.statement).filter((s) => s.includes('* from t'))).toEqual([]);
      expect(prepared.some((p) => p.statement.includes('count(*)'))).toBe(true);
    });
  });

  it(`keeps at most ${MAX_PREPARED} statements on one connection`, async () => {
    await withStore('', async (store) => {
      const prepared = await preparedAfter(store, async (trx) => {
        for (let i = 0; i < MAX_PREPARED + 10; i++)
          await sql`select ${sql.raw(String(i))} as "n" from "t" where "id" = ${i}`.execute(trx);
      });
      expect(prepared.length).toBeLessThanOrEqual(MAX_PREPARED);
      expect(prepared.length).toBeGreaterThan(MAX_PREPARED - 5);
    });
  });

  it('prepares nothing with ?prepare=off, and refuses another value', async () => {
    await withStore('&prepare=off', async (store) => {
      const prepared = await preparedAfter(store, async (trx) => {
        for (let id = 0; id < 3; id++) await lookUp(trx, id);
      });
      expect(prepared).toEqual([]);
    });
    await expect(openStore(`${PG_URL}${PG_URL!.includes('?') ? '&' : '?'}prepare=maybe`)).rejects.toThrow(
      /prepare=maybe must be on or off/,
    );
  });
});
