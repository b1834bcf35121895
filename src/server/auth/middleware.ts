import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ServerContext } from '../context.js';
import type { Principal } from './principal.js';
import { hasRole, isRole, mayUpload, type Access, type Role } from './roles.js';
import { hashSecret } from './secrets.js';

export const SESSION_COOKIE = 'interdict_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writing `last_used_at` on every request would make every read a write. */
const TOKEN_TOUCH_MS = 5 * 60 * 1000;

export type AppEnv = {
  Variables: {
    principal?: Principal;
    ctx: ServerContext;
    /** Why a known credential was refused (expired, owner disabled): the 401 says so. */
    refusal?: string;
  };
};

/** Resolves the principal from `Authorization: Bearer` or the session cookie; never rejects by itself. */
export function authenticate(ctx: ServerContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('ctx', ctx);
    const header = c.req.header('authorization');
    const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (bearer) {
      const resolved = await resolveToken(ctx, bearer);
      if (typeof resolved === 'string') c.set('refusal', resolved);
      else if (resolved) c.set('principal', resolved);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) {
      const principal = await resolveSession(ctx, cookie);
      if (principal) c.set('principal', principal);
    }
    return next();
  };
}

/** The principal of a live token, a sentence saying why a known token is refused, or undefined. */
async function resolveToken(ctx: ServerContext, secret: string): Promise<Principal | string | undefined> {
  const { db } = ctx.store;
  const row = await db
    .selectFrom('api_tokens')
    .leftJoin('hosts', 'hosts.id', 'api_tokens.host_id')
    .leftJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.tenant_id',
      'api_tokens.name',
      'api_tokens.role',
      'api_tokens.last_used_at',
      'api_tokens.user_id',
      'api_tokens.bulk_import',
      'api_tokens.host_id',
      'api_tokens.expires_at',
      'hosts.name as host_name',
      'users.role as owner_role',
      'users.disabled as owner_disabled',
    ])
    .where('api_tokens.token_hash', '=', hashSecret(secret))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return undefined;
  const now = ctx.now();
  if (row.expires_at && row.expires_at <= now.toISOString())
    return `this token expired at ${row.expires_at}; ask an admin for a new one`;
  if (row.owner_disabled === 1) return 'the user this token belongs to is disabled';
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > TOKEN_TOUCH_MS) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return {
    kind: 'token',
    id: row.id,
    tenantId: row.tenant_id,
    role: capRole(row.role, row.owner_role),
    name: row.name,
    actor: row.host_name ? `host:${row.host_name}` : `token:${row.name}`,
    ...(row.user_id ? { userId: row.user_id } : {}),
    ...(row.host_id && row.host_name ? { hostId: row.host_id, hostName: row.host_name } : {}),
    ...(row.bulk_import === 1 ? { bulkImport: true } : {}),
  };
}

/** A person's token never holds more than the person: a demoted user's tokens are demoted too. */
function capRole(role: Role, ownerRole: string | null): Role {
  if (role === 'agent' || !ownerRole || !isRole(ownerRole) || hasRole(ownerRole, role)) return role;
  return ownerRole;
}

async function resolveSession(ctx: ServerContext, secret: string): Promise<Principal | undefined> {
  const row = await ctx.store.db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.tenant_id', 'users.name', 'users.role', 'sessions.csrf'])
    .where('sessions.id_hash', '=', hashSecret(secret))
    .where('sessions.expires_at', '>', ctx.now().toISOString())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return undefined;
  return {
    kind: 'user',
    id: row.id,
    tenantId: row.tenant_id,
    role: row.role,
    name: row.name,
    actor: `user:${row.name}`,
    userId: row.id,
    csrf: row.csrf,
  };
}

/** 401 without a principal, 403 when its role is too weak or a cookie request lacks its CSRF token. */
export function requireRole(role: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!principal)
      return c.json(
        { error: 'unauthorized', message: c.get('refusal') ?? 'a valid bearer token or session is required' },
        401,
      );
    if (role === 'upload' && !mayUpload(principal)) {
      return c.json(
        {
          error: 'forbidden',
          message:
            'uploading needs the host’s own credential (interdict agent enrols) or the bulk-import right',
        },
        403,
      );
    }
    if (role !== 'upload' && !hasRole(principal.role, role)) {
      return c.json(
        { error: 'forbidden', message: `this needs the ${role} role; you have ${principal.role}` },
        403,
      );
    }
    if (principal.csrf !== undefined && !SAFE_METHODS.has(c.req.method) && !checkCsrf(c, principal.csrf)) {
      return c.json(
        { error: 'forbidden', message: 'missing or wrong X-CSRF-Token header for a session request' },
        403,
      );
    }
    return next();
  };
}

function checkCsrf(c: Context, expected: string): boolean {
  const given = Buffer.from(c.req.header('x-csrf-token') ?? '');
  const want = Buffer.from(expected);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Error('route without requireRole');
  return principal;
}
