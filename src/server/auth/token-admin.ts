import type { Kysely } from 'kysely';
import { AccountError, AccountNotFound, checkExpiry } from '../accounts.js';
import { writeAudit } from '../audit.js';
import type { Database } from '../db/types.js';
import { revokeRow } from './revoke-row.js';

export const TOKEN_STATES = ['active', 'expired', 'revoked', 'owner-disabled'] as const;
type TokenState = (typeof TOKEN_STATES)[number];

export interface TokenView {
  id: string;
  name: string;
  role: string;
  /** The person the token belongs to; null for host credentials and tokens of nobody. */
  user: string | null;
  createdBy: string;
  createdAt: string;
  /** Updated at most every few minutes (see the auth middleware), not on every request. */
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  host: string | null;
  bulkImport: boolean;
  state: TokenState;
}

/** Revoked beats expired beats a disabled owner: the first reason the token is refused. */
function readTokenState(
  t: { revoked_at: string | null; expires_at: string | null; owner_disabled: number | null },
  now: Date,
): TokenState {
  if (t.revoked_at) return 'revoked';
  if (t.expires_at && t.expires_at <= now.toISOString()) return 'expired';
  if (t.owner_disabled === 1) return 'owner-disabled';
  return 'active';
}

/** The tenant's tokens, oldest first; `all: false` leaves out the revoked and expired. */
export async function listTokens(
  db: Kysely<Database>,
  o: { tenantId: string; now: Date; all: boolean },
): Promise<TokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .leftJoin('hosts', 'hosts.id', 'api_tokens.host_id')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select(['hosts.name as host_name', 'users.name as user_name', 'users.disabled as owner_disabled'])
    .where('api_tokens.tenant_id', '=', o.tenantId)
    .orderBy('api_tokens.created_at')
    .orderBy('api_tokens.id')
    .execute();
  const items = rows.map((r): TokenView => ({
    id: r.id,
    name: r.name,
    role: r.role,
    user: r.user_name,
    createdBy: r.created_by,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    host: r.host_name,
    bulkImport: r.bulk_import === 1,
    state: readTokenState(r, o.now),
  }));
  return o.all ? items : items.filter((t) => t.state !== 'revoked' && t.state !== 'expired');
}

export async function revokeToken(
  db: Kysely<Database>,
  o: { tenantId: string; id: string; actor: string; now: Date },
): Promise<void> {
  const done = await revokeRow(db, { table: 'api_tokens', subjectType: 'token', ...o });
  if (!done) throw new AccountNotFound(`no active token ${o.id} in this tenant`);
}

/**
 * Moves a live token's expiry to `at` (now when absent). An expired token stays expired: bringing
 * one back would revive a secret that its holders were told is dead; make a new token instead.
 */
export async function expireToken(
  db: Kysely<Database>,
  o: { tenantId: string; id: string; at?: Date; actor: string; now: Date },
): Promise<{ expiresAt: string }> {
  const at = o.at ?? o.now;
  return db.transaction().execute(async (trx) => {
    const token = await trx
      .selectFrom('api_tokens')
      .select(['id', 'expires_at', 'host_id'])
      .where('tenant_id', '=', o.tenantId)
      .where('id', '=', o.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!token) throw new AccountNotFound(`no active token ${o.id} in this tenant`);
    if (token.expires_at && token.expires_at <= o.now.toISOString())
      throw new AccountError(`token ${o.id} expired at ${token.expires_at}; create a new one`);
    if (token.host_id !== null) checkExpiry(at, o.now, true);
    // Without --at it expires now, which creation would refuse: ending a token at once is the point.
    if (o.at) checkExpiry(o.at, o.now, false);
    const expiresAt = at.toISOString();
    await trx.updateTable('api_tokens').set({ expires_at: expiresAt }).where('id', '=', o.id).execute();
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'token.expire',
      subjectType: 'token',
      subjectId: o.id,
      before: { expires_at: token.expires_at },
      after: { expires_at: expiresAt },
      at: o.now,
    });
    return { expiresAt };
  });
}
