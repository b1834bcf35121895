import type { Kysely } from 'kysely';
import type { Database } from './db/types.js';

/**
 * Claims `key`'s slot for one post per `interval` seconds, atomically: the upsert's conditional
 * update locks the row, so of many concurrent claims (on any number of servers) one wins. Returns
 * undefined when claimed, else the time of the post that holds the slot. Call it inside the
 * transaction that stores the post, so a post that fails to store frees the slot again.
 */
export async function claimPostSlot(
  trx: Kysely<Database>,
  key: string,
  now: Date,
  interval: number,
): Promise<string | undefined> {
  if (interval <= 0) return undefined;
  const at = now.toISOString();
  const since = new Date(now.getTime() - interval * 1000).toISOString();
  const claimed = await trx
    .insertInto('post_slots')
    .values({ key, last_at: at })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ last_at: at }).where('post_slots.last_at', '<=', since),
    )
    .returning('key')
    .executeTakeFirst();
  if (claimed) return undefined;
  const row = await trx.selectFrom('post_slots').select('last_at').where('key', '=', key).executeTakeFirst();
  return row?.last_at ?? at;
}
