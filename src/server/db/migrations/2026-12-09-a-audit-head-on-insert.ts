/* eslint-disable @typescript-eslint/no-explicit-any -- migrations take Kysely<any>: they are frozen and must not follow today's table types */
import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen once released. The chain head advances in the database, as each entry is inserted, and
// is no longer moved by the server: one statement per entry instead of two, and a transaction can
// insert several entries in one statement. Every entry is still checked against the head before
// it counts, and the head still moves only to the entry just appended (audit_head_advances). A
// server of the previous release, which moves the head itself after each insert, keeps working:
// its update then sets the head to what it already is, which the head trigger allows.
export async function up(db: Kysely<any>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    // SQLite runs a row's BEFORE check, its insert and its AFTER triggers before the next row.
    await run(
      'CREATE TRIGGER audit_log_advances_head AFTER INSERT ON audit_log BEGIN UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1; END',
    );
    return;
  }
  // PostgreSQL runs every row's BEFORE triggers before the statement's AFTER ones, so the check
  // moves to the AFTER trigger that advances the head: row by row, in insert order.
  await run(extendsHeadFunction(true));
  await run('DROP TRIGGER audit_log_extends_head ON audit_log');
  await run(
    'CREATE TRIGGER audit_log_extends_head AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_extends_head()',
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(db);
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await run('DROP TRIGGER audit_log_advances_head');
    return;
  }
  await run(extendsHeadFunction(false));
  await run('DROP TRIGGER audit_log_extends_head ON audit_log');
  await run(
    'CREATE TRIGGER audit_log_extends_head BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_extends_head()',
  );
}

/** The check every new entry passes; `advance` also moves the head to it (an AFTER trigger). */
function extendsHeadFunction(advance: boolean): string {
  return `CREATE OR REPLACE FUNCTION audit_log_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE h record;
BEGIN
  SELECT seq, hash INTO h FROM audit_head WHERE id = 1;
  IF NEW.seq IS DISTINCT FROM h.seq + 1 OR NEW.prev_hash IS DISTINCT FROM h.hash THEN
    RAISE EXCEPTION 'audit_log entry % does not extend the chain head %', NEW.seq, h.seq;
  END IF;
  ${advance ? 'UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;\n  RETURN NULL;' : 'RETURN NEW;'}
END $$`;
}
