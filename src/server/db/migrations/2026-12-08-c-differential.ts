/* eslint-disable @typescript-eslint/no-explicit-any -- migrations take Kysely<any>: they are frozen and must not follow today's table types */
import type { Kysely } from 'kysely';

// Frozen once released. Differential check-ins: an inventory built from a diff names the inventory
// it was applied to, and counts the diffs since the host's last whole inventory, so the server can
// ask for a whole one every so often. Its full set of observations is still stored in the row.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inventories').addColumn('diff_base', 'text').execute();
  await db.schema
    .alterTable('inventories')
    .addColumn('diff_chain', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('inventories').dropColumn('diff_chain').execute();
  await db.schema.alterTable('inventories').dropColumn('diff_base').execute();
}
