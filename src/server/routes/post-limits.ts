import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { AppEnv } from '../auth/middleware.js';
import type { Principal } from '../auth/principal.js';
import type { Database } from '../db/types.js';
import { claimPostSlot } from '../post-slots.js';
import { errorSchema, json } from './define.js';

export const notFound = json(errorSchema, 'Not found in your tenant');
export const tooSoon = json(errorSchema, 'Rate limited: `retryAfter` seconds to wait');
export const conflict = json(errorSchema, 'Not in a state that allows this');

export type PostKind = 'comments' | 'waivers';

/**
 * One comment and one waiver request per user per interval; the answer says how long to wait. This
 * read is the cheap early answer (and covers posts from before the post_slots table); the binding
 * check is `claimSlot`, inside the transaction that stores the post.
 */
export async function checkInterval(c: Context<AppEnv>, table: PostKind, principal: Principal) {
  const ctx = c.get('ctx');
  const interval = ctx.config.postInterval;
  if (interval <= 0) return undefined;
  const since = new Date(ctx.now().getTime() - interval * 1000).toISOString();
  const last =
    table === 'comments'
      ? await ctx.store.db
          .selectFrom('comments')
          .select('created_at as at')
          .where('author_id', '=', principal.id)
          .where('created_at', '>', since)
          .orderBy('created_at', 'desc')
          .executeTakeFirst()
      : await ctx.store.db
          .selectFrom('waivers')
          .select('requested_at as at')
          // Per person, like four eyes: a second token does not buy a second waiver request.
          .where('requested_by_user', '=', principal.userId ?? '')
          .where('requested_at', '>', since)
          .orderBy('requested_at', 'desc')
          .executeTakeFirst();
  return last ? rateLimited(c, table, last.at) : undefined;
}

/** Takes this user's post slot atomically (the row lock holds across servers); the last post's time when taken. */
export async function claimSlot(
  c: Context<AppEnv>,
  trx: Kysely<Database>,
  table: PostKind,
  principal: Principal,
) {
  const ctx = c.get('ctx');
  const key =
    table === 'comments' ? `comment:${principal.id}` : `waiver:${principal.userId ?? principal.actor}`;
  return claimPostSlot(trx, key, ctx.now(), ctx.config.postInterval);
}

export function rateLimited(c: Context<AppEnv>, table: PostKind, lastAt: string) {
  const ctx = c.get('ctx');
  const interval = ctx.config.postInterval;
  const retryAfter = Math.max(
    1,
    Math.ceil((Date.parse(lastAt) + interval * 1000 - ctx.now().getTime()) / 1000),
  );
  c.header('Retry-After', String(retryAfter));
  const what = table === 'comments' ? 'comment' : 'waiver request';
  return c.json(
    {
      error: 'rate-limited',
      message: `one ${what} per ${interval} seconds; wait ${retryAfter} seconds`,
      retryAfter,
    },
    429,
  );
}
