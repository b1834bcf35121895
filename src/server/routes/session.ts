import { randomBytes } from 'node:crypto';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { AccountError, createUser } from '../accounts.js';
import { writeAudit } from '../audit.js';
import { readClientAddress } from '../auth/client-address.js';
import { principalOf, SESSION_COOKIE, type AppEnv } from '../auth/middleware.js';
import { createSecret, hashSecret, verifyPassword } from '../auth/secrets.js';
import { defineRoute, errorSchema, json } from './define.js';
import { roleSchema, meSchema } from './schemas.js';

/** Logging in and out, first-admin setup, and who the caller is. */
export const sessionRoutes = new OpenAPIHono<AppEnv>();

export const credentials = z.strictObject({
  name: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});

sessionRoutes.openapi(
  defineRoute('public', {
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Log in with a password; sets an HttpOnly session cookie and returns the CSRF token',
    description:
      'After 5 wrong passwords for one name from one address, further attempts get 429 with Retry-After (30 s, doubling up to 15 min).',
    request: { body: { content: { 'application/json': { schema: credentials } }, required: true } },
    responses: {
      200: json(meSchema, 'Logged in'),
      401: json(errorSchema, 'Wrong name or password'),
      429: json(errorSchema, 'Too many failed attempts; retry later'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { name, password } = c.req.valid('json');
    const address = readClientAddress(c);
    const waitMs = ctx.loginThrottle.retryAfter(name, address, ctx.now());
    if (waitMs > 0) {
      const retryAfter = Math.ceil(waitMs / 1000);
      c.header('Retry-After', String(retryAfter));
      return c.json(
        {
          error: 'too-many-requests',
          message: `too many failed logins; try again in ${retryAfter} s`,
          retryAfter,
        },
        429,
      );
    }
    const user = await ctx.store.db
      .selectFrom('users')
      .innerJoin('tenants', 'tenants.id', 'users.tenant_id')
      .select([
        'users.id',
        'users.name',
        'users.role',
        'users.password_hash',
        'users.tenant_id',
        'tenants.slug',
      ])
      .where('users.name', '=', name)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
    // One scrypt at a time (32 MiB, one libuv thread): logins cannot starve uploads' I/O and gzip.
    const ok = await ctx.gates.password.run(() => verifyPassword(password, user?.password_hash ?? null));
    if (!user || !ok) {
      // Counted for unknown names too, so the throttle does not reveal which names exist.
      ctx.loginThrottle.recordFailure(name, address, ctx.now());
      return c.json({ error: 'unauthorized', message: 'wrong name or password' }, 401);
    }
    ctx.loginThrottle.recordSuccess(name, address);
    const secret = createSecret('ids');
    const csrf = randomBytes(24).toString('base64url');
    const now = ctx.now();
    await ctx.store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id_hash: hashSecret(secret),
          user_id: user.id,
          csrf,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + ctx.config.sessionTtl * 1000).toISOString(),
        })
        .execute();
      await writeAudit(trx, {
        tenantId: user.tenant_id,
        actor: `user:${user.name}`,
        action: 'session.login',
        subjectType: 'user',
        subjectId: user.name,
        at: now,
      });
    });
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      secure: ctx.config.secureCookies,
      sameSite: 'Strict',
      path: '/',
      maxAge: ctx.config.sessionTtl,
    });
    return c.json(
      {
        name: user.name,
        kind: 'user' as const,
        role: roleSchema.parse(user.role),
        tenant: user.slug,
        csrfToken: csrf,
      },
      200,
    );
  },
);

sessionRoutes.openapi(
  defineRoute('viewer', {
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'End the current session',
    responses: { 204: { description: 'Logged out' } },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    if (principal.kind === 'user') {
      await ctx.store.db.transaction().execute(async (trx) => {
        await trx
          .deleteFrom('sessions')
          .where('user_id', '=', principal.id)
          .where('csrf', '=', principal.csrf ?? '')
          .execute();
        await writeAudit(trx, {
          tenantId: principal.tenantId,
          actor: principal.actor,
          action: 'session.logout',
          subjectType: 'user',
          subjectId: principal.name,
          at: ctx.now(),
        });
      });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  },
);

sessionRoutes.openapi(
  defineRoute('public', {
    method: 'post',
    path: '/api/v1/auth/setup',
    summary: 'Create the first admin with the one-time setup token printed at first start',
    request: {
      body: {
        content: { 'application/json': { schema: credentials.extend({ token: z.string().max(200) }) } },
        required: true,
      },
    },
    responses: {
      201: json(z.object({ name: z.string(), role: roleSchema }), 'Admin created'),
      401: json(errorSchema, 'Unknown or used token'),
      422: json(errorSchema, 'Invalid'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { token, name, password } = c.req.valid('json');
    const now = ctx.now().toISOString();
    // Claim the link first: of two concurrent requests with the same token only one gets it.
    const claimed = await ctx.store.db
      .updateTable('setup_links')
      .set({ used_at: now })
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('tenant_id')
      .executeTakeFirst();
    if (!claimed)
      return c.json({ error: 'unauthorized', message: 'setup token unknown, used or expired' }, 401);
    try {
      await createUser(ctx.store.db, {
        tenantId: claimed.tenant_id,
        name,
        role: 'admin',
        password,
        actor: 'system:setup',
        now: ctx.now(),
      });
    } catch (error) {
      await ctx.store.db
        .updateTable('setup_links')
        .set({ used_at: null })
        .where('token_hash', '=', hashSecret(token))
        .execute();
      if (error instanceof AccountError) return c.json({ error: 'invalid', message: error.message }, 422);
      throw error;
    }
    return c.json({ name, role: 'admin' as const }, 201);
  },
);

sessionRoutes.openapi(
  defineRoute('agent', {
    method: 'get',
    path: '/api/v1/me',
    summary: 'Who you are: name, role, tenant, and the CSRF token of a session',
    responses: { 200: json(meSchema, 'You') },
  }),
  async (c) => {
    const principal = principalOf(c);
    const tenant = await c
      .get('ctx')
      .store.db.selectFrom('tenants')
      .select('slug')
      .where('id', '=', principal.tenantId)
      .executeTakeFirstOrThrow();
    return c.json(
      {
        name: principal.name,
        kind: principal.kind,
        role: principal.role,
        tenant: tenant.slug,
        ...(principal.csrf ? { csrfToken: principal.csrf } : {}),
      },
      200,
    );
  },
);
