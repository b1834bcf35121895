import { sql } from 'kysely';
import { StoreUrlError, type Store } from './dialect.js';

/**
 * Gives PostgreSQL role `role` what `interdict serve` needs in the store's schema, and no more on
 * the audit tables: SELECT and INSERT on audit_log, SELECT and UPDATE on audit_head, nothing on the
 * migration tables but SELECT. Not owning the tables, the role cannot TRUNCATE, ALTER (disable
 * triggers) or DROP them. Tables of later migrations need this run again after migrating.
 */
export async function grantAppRole(store: Store, role: string): Promise<string[]> {
  if (store.kind !== 'postgres')
    throw new StoreUrlError('--app-role needs a postgres:// store: SQLite has no roles');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new StoreUrlError(`--app-role "${role}" must be a lower-case identifier`);
  const s = `"${store.schema ?? 'public'}"`;
  const statements = [
    `GRANT USAGE ON SCHEMA ${s} TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${s} TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${s} TO ${role}`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${s}.audit_log FROM ${role}`,
    `REVOKE INSERT, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${s}.audit_head FROM ${role}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${s}.kysely_migration, ${s}.kysely_migration_lock FROM ${role}`,
  ];
  await store.db.transaction().execute(async (trx) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
  });
  return statements;
}
