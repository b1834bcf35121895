/* eslint-disable @typescript-eslint/no-explicit-any -- migrations take Kysely<any>: they are frozen and must not follow today's table types */
import { sql, SqliteAdapter, type Kysely } from 'kysely';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../audit-hash.js';

// Frozen once released. Chains every audit entry (seq, prev_hash, hash), chains the existing rows
// in id order, and keeps the chain head in a table of its own: emptying audit_log leaves the head
// pointing past the last entry, which `interdict admin audit verify` reports. Triggers make the
// database refuse entries that do not extend the head, and every rewrite of either table.
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = (text: string) => sql.raw(text).execute(db);
  for (const [name, type] of [
    ['seq', sqlite ? 'integer' : 'bigint'],
    ['prev_hash', 'text'],
    ['hash', 'text'],
  ] as const) {
    await db.schema.alterTable('audit_log').addColumn(name, type).execute();
  }
  if (sqlite) await run('DROP TRIGGER audit_log_no_update');
  else await run('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
  const head = await chainExisting(db);
  if (sqlite) {
    await run(
      `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    );
  } else {
    await run('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    for (const column of ['seq', 'prev_hash', 'hash'])
      await run(`ALTER TABLE audit_log ALTER COLUMN ${column} SET NOT NULL`);
  }
  await db.schema.createIndex('audit_log_seq').unique().on('audit_log').column('seq').execute();
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('seq', sqlite ? 'integer' : 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('audit_head').values({ id: 1, seq: head.seq, hash: head.hash }).execute();
  if (sqlite) await addSqliteTriggers(run);
  else await addPostgresTriggers(run);
}

async function chainExisting(db: Kysely<any>): Promise<{ seq: number; hash: string }> {
  let seq = 0;
  let hash = GENESIS_HASH;
  let lastId = -1;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(1000)
      .execute();
    if (rows.length === 0) return { seq, hash };
    for (const row of rows) {
      seq++;
      const next = chainHash(hash, { ...(row as Omit<ChainedFields, 'seq'>), seq });
      await db
        .updateTable('audit_log')
        .set({ seq, prev_hash: hash, hash: next })
        .where('id', '=', row.id)
        .execute();
      hash = next;
      lastId = Number(row.id);
    }
  }
}

async function addSqliteTriggers(run: (text: string) => Promise<unknown>) {
  const raise = (message: string) => `BEGIN SELECT RAISE(ABORT, '${message}'); END`;
  // A BEFORE INSERT trigger runs before conflict resolution, so `INSERT OR REPLACE` and
  // `REPLACE INTO` with an existing id fail here instead of deleting the old row.
  await run(
    `CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id OR seq = NEW.seq) ${raise('audit_log is append-only: that entry exists')}`,
  );
  await run(
    `CREATE TRIGGER audit_log_extends_head BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL OR NEW.seq IS NOT (SELECT seq + 1 FROM audit_head WHERE id = 1) OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head WHERE id = 1) ${raise('audit_log entry does not extend the chain head')}`,
  );
  await run(
    `CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head ${raise('audit_head cannot be deleted')}`,
  );
  await run(
    `CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head ${raise('audit_head has one row')}`,
  );
  await run(
    `CREATE TRIGGER audit_head_advances BEFORE UPDATE ON audit_head WHEN NOT (NEW.id = OLD.id AND ((NEW.seq = OLD.seq AND NEW.hash = OLD.hash) OR (NEW.seq = OLD.seq + 1 AND EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash)))) ${raise('audit_head only advances to the entry just appended')}`,
  );
}

async function addPostgresTriggers(run: (text: string) => Promise<unknown>) {
  await run(`CREATE FUNCTION audit_log_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE h record;
BEGIN
  SELECT seq, hash INTO h FROM audit_head WHERE id = 1;
  IF NEW.seq IS DISTINCT FROM h.seq + 1 OR NEW.prev_hash IS DISTINCT FROM h.hash THEN
    RAISE EXCEPTION 'audit_log entry % does not extend the chain head %', NEW.seq, h.seq;
  END IF;
  RETURN NEW;
END $$`);
  await run(
    'CREATE TRIGGER audit_log_extends_head BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_extends_head()',
  );
  await run(`CREATE FUNCTION audit_head_advances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND ((NEW.seq = OLD.seq AND NEW.hash = OLD.hash)
     OR (NEW.seq = OLD.seq + 1 AND EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq AND hash = NEW.hash))) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_head only advances to the entry just appended';
END $$`);
  await run(
    'CREATE TRIGGER audit_head_advances BEFORE UPDATE OR DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_head_advances()',
  );
  await run(`CREATE FUNCTION audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);
  for (const table of ['audit_log', 'audit_head'])
    await run(
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()`,
    );
}

export async function down(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const run = (text: string) => sql.raw(text).execute(db);
  if (sqlite) {
    for (const t of ['audit_log_no_replace', 'audit_log_extends_head']) await run(`DROP TRIGGER ${t}`);
  } else {
    await run('DROP TRIGGER audit_log_extends_head ON audit_log');
    await run('DROP TRIGGER audit_log_no_truncate ON audit_log');
  }
  await db.schema.dropTable('audit_head').execute();
  if (!sqlite) {
    for (const f of ['audit_log_extends_head', 'audit_head_advances', 'audit_no_truncate'])
      await run(`DROP FUNCTION ${f}()`);
  }
  await db.schema.dropIndex('audit_log_seq').execute();
  // The chain columns stay: dropping them would need the append-only trigger off, for no gain.
}
