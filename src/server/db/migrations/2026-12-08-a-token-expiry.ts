/* eslint-disable @typescript-eslint/no-explicit-any -- migrations take Kysely<any>: they are frozen and must not follow today's table types */
import type { Kysely } from 'kysely';

// Frozen once released. API tokens may carry an expiry (ISO-8601 text, compared as text like every
// other time); tokens made before this migration keep none. Sessions already expire.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
