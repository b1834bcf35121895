import { timingSafeEqual } from 'node:crypto';
import { getCookie } from 'hono/cookie';
import { hasRole, isRole } from './roles.js';
import { hashSecret } from './secrets.js';
export const SESSION_COOKIE = 'interdict_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writing `last_used_at` on every request would make every read a write. */
const TOKEN_TOUCH_MS = 5 * 60 * 1000;
/** Resolves the principal from `Authorization: Bearer` or the session cookie; never rejects by itself. */
export function authenticate(ctx) {
    return async (c, next) => {
        c.set('ctx', ctx);
        const header = c.req.header('authorization');
        const bearer = header && /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        if (bearer) {
            const principal = await resolveToken(ctx, bearer);
            if (principal)
                c.set('principal', principal);
            return next();
        }
        const cookie = getCookie(c, SESSION_COOKIE);
        if (cookie) {
            const principal = await resolveSession(ctx, cookie);
            if (principal)
                c.set('principal', principal);
        }
        return next();
    };
}
async function resolveToken(ctx, secret) {
    const { db } = ctx.store;
    const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'tenant_id', 'name', 'role', 'last_used_at'])
        .where('token_hash', '=', hashSecret(secret))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
    if (!row || !isRole(row.role))
        return undefined;
    const now = ctx.now();
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
        role: row.role,
        name: row.name,
        actor: `token:${row.name}`,
    };
}
async function resolveSession(ctx, secret) {
    const row = await ctx.store.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.id', 'users.tenant_id', 'users.name', 'users.role', 'sessions.csrf'])
        .where('sessions.id_hash', '=', hashSecret(secret))
        .where('sessions.expires_at', '>', ctx.now().toISOString())
        .where('users.disabled', '=', 0)
        .executeTakeFirst();
    if (!row || !isRole(row.role))
        return undefined;
    return {
        kind: 'user',
        id: row.id,
        tenantId: row.tenant_id,
        role: row.role,
        name: row.name,
        actor: `user:${row.name}`,
        csrf: row.csrf,
    };
}
/** 401 without a principal, 403 when its role is too weak or a cookie request lacks its CSRF token. */
export function requireRole(role) {
    return async (c, next) => {
        const principal = c.get('principal');
        if (!principal)
            return c.json({ error: 'unauthorized', message: 'a valid bearer token or session is required' }, 401);
        if (!hasRole(principal.role, role)) {
            return c.json({ error: 'forbidden', message: `this needs the ${role} role; you have ${principal.role}` }, 403);
        }
        if (principal.csrf !== undefined && !SAFE_METHODS.has(c.req.method) && !checkCsrf(c, principal.csrf)) {
            return c.json({ error: 'forbidden', message: 'missing or wrong X-CSRF-Token header for a session request' }, 403);
        }
        return next();
    };
}
function checkCsrf(c, expected) {
    const given = Buffer.from(c.req.header('x-csrf-token') ?? '');
    const want = Buffer.from(expected);
    return given.length === want.length && timingSafeEqual(given, want);
}
export function principalOf(c) {
    const principal = c.get('principal');
    if (!principal)
        throw new Error('route without requireRole');
    return principal;
}
