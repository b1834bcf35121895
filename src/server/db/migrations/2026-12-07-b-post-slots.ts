/* eslint-disable @typescript-eslint/no-explicit-any -- migrations take Kysely<any>: they are frozen and must not follow today's table types */
import type { Kysely } from 'kysely';

// Frozen once released. One row per user and kind of post (comment, waiver request) with the time
// of the last one: the one-post-per-interval rule claims it with a conditional upsert, atomic on
// both databases. Also marks as superseded every inventory that is not its host's latest: ingest
// did not do so before, so the host page called stale inventories current.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('post_slots')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .updateTable('inventories')
    .set({ superseded: 1 })
    .where('superseded', '=', 0)
    // NOT IN over a non-null list: one hashed lookup per row on both databases.
    .where(
      'id',
      'not in',
      db.selectFrom('hosts').select('last_inventory_id').where('last_inventory_id', 'is not', null),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('post_slots').execute();
}
