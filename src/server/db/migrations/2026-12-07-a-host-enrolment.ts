/* eslint-disable @typescript-eslint/no-explicit-any -- migrations take Kysely<any>: they are frozen and must not follow today's table types */
import { sql, type Kysely } from 'kysely';

// Frozen once released. Hosts enrol with a per-tenant secret and get a credential bound to their
// host row; tokens belong to a person, so four eyes compare people, not token names.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enroll_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.alterTable('api_tokens').addColumn('host_id', 'text').execute();
  await db.schema.alterTable('api_tokens').addColumn('user_id', 'text').execute();
  await db.schema
    .alterTable('api_tokens')
    .addColumn('bulk_import', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // One live credential per host: a second enrolment under a taken name is refused, not stacked.
  await db.schema
    .createIndex('api_tokens_one_per_host')
    .unique()
    .on('api_tokens')
    .column('host_id')
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
  await db.schema.alterTable('waivers').addColumn('requested_by_user', 'text').execute();

  // An old agent token could write any host's record and nothing says which host it served:
  // revoke them all; each host enrols again with a secret (README, "Enrolling hosts").
  const now = new Date().toISOString();
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('role', '=', 'agent')
    .where('revoked_at', 'is', null)
    .execute();
  // Tokens minted by a logged-in person belong to that person; others stay without one and may
  // not request or decide waivers.
  await sql`UPDATE api_tokens SET user_id = (SELECT u.id FROM users u WHERE 'user:' || u.name = api_tokens.created_by) WHERE created_by LIKE 'user:%'`.execute(
    db,
  );
  await sql`UPDATE waivers SET requested_by_user = (SELECT u.id FROM users u WHERE 'user:' || u.name = waivers.requested_by) WHERE requested_by LIKE 'user:%'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('waivers').dropColumn('requested_by_user').execute();
  await db.schema.dropIndex('api_tokens_one_per_host').execute();
  for (const column of ['bulk_import', 'user_id', 'host_id'])
    await db.schema.alterTable('api_tokens').dropColumn(column).execute();
  await db.schema.dropTable('enroll_secrets').execute();
}
