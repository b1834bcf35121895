import { OpenAPIHono, z } from '@hono/zod-openapi';
import { createToken } from '../accounts.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { expireToken, listTokens, revokeToken, TOKEN_STATES } from '../auth/token-admin.js';
import { answerAccountError } from './account-error.js';
import { changeById, defineRoute, errorSchema, json } from './define.js';
import { roleSchema, idParam } from './schemas.js';

export const tokenRoutes = new OpenAPIHono<AppEnv>();

const tokenItem = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    /** The person it belongs to; null for host credentials and tokens made from the shell without --user. */
    user: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    /** Host credentials: the one host they upload for. */
    host: z.string().nullable(),
    bulkImport: z.boolean(),
    state: z.enum(TOKEN_STATES),
  })
  .openapi('Token');
const instant = z.iso.datetime({ offset: true }).openapi({ example: '2027-03-01T00:00:00Z' });

tokenRoutes.openapi(
  defineRoute('admin', {
    method: 'get',
    path: '/api/v1/tokens',
    summary: 'API tokens of your tenant (never the secrets), revoked and expired ones included',
    responses: { 200: json(z.object({ items: z.array(tokenItem) }), 'Tokens') },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const items = await listTokens(ctx.store.db, {
      tenantId: principalOf(c).tenantId,
      now: ctx.now(),
      all: true,
    });
    return c.json({ items: items.map((t) => ({ ...t, role: roleSchema.parse(t.role) })) }, 200);
  },
);

tokenRoutes.openapi(
  defineRoute('admin', {
    method: 'post',
    path: '/api/v1/tokens',
    summary: 'Create an API token of yours; the secret is in this response only',
    description:
      'The token belongs to you (four eyes count it as you). `bulkImport` lets it upload for any named host, each upload audited; an `agent` token needs it (host credentials come from enrolment). `expiresAt` (in the future) makes it stop working then; without it the token lives until revoked.',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.strictObject({
              name: z.string().min(1).max(128),
              role: roleSchema,
              bulkImport: z.boolean().optional(),
              expiresAt: instant.optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: {
      201: json(z.object({ id: z.string(), token: z.string(), expiresAt: z.string().nullable() }), 'Created'),
      422: json(errorSchema, 'Invalid'),
      404: json(errorSchema, 'The caller’s user no longer exists'),
    },
  }),
  async (c) => {
    const principal = principalOf(c);
    const { expiresAt, ...body } = c.req.valid('json');
    try {
      const created = await createToken(c.get('ctx').store.db, {
        tenantId: principal.tenantId,
        ...body,
        ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
        ...(principal.userId ? { userId: principal.userId } : {}),
        actor: principal.actor,
        now: c.get('ctx').now(),
      });
      return c.json({ ...created, expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null }, 201);
    } catch (error) {
      return answerAccountError(c, error);
    }
  },
);

tokenRoutes.openapi(
  defineRoute('admin', {
    method: 'patch',
    path: '/api/v1/tokens/{id}',
    summary: 'Move the expiry of a live token (to now, to end it at once)',
    description:
      'An expired token stays expired (422): make a new one. Host credentials do not expire (422); revoke them.',
    request: {
      params: idParam(),
      body: {
        content: {
          'application/json': { schema: z.strictObject({ expiresAt: instant.or(z.literal('now')) }) },
        },
        required: true,
      },
    },
    responses: {
      200: json(z.object({ id: z.string(), expiresAt: z.string() }), 'Expiry set'),
      404: json(errorSchema, 'No such live token in your tenant'),
      422: json(errorSchema, 'Refused'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const { id } = c.req.valid('param');
    const { expiresAt } = c.req.valid('json');
    try {
      const done = await expireToken(ctx.store.db, {
        tenantId: principal.tenantId,
        id,
        ...(expiresAt === 'now' ? {} : { at: new Date(expiresAt) }),
        actor: principal.actor,
        now: ctx.now(),
      });
      return c.json({ id, ...done }, 200);
    } catch (error) {
      return answerAccountError(c, error);
    }
  },
);

tokenRoutes.openapi(
  defineRoute('admin', {
    method: 'delete',
    path: '/api/v1/tokens/{id}',
    summary: 'Revoke an API token',
    request: { params: idParam() },
    responses: { 204: { description: 'Revoked' }, 404: json(errorSchema, 'No such token in your tenant') },
  }),
  async (c) => {
    try {
      await revokeToken(c.get('ctx').store.db, changeById(c, c.req.valid('param').id));
      return c.body(null, 204);
    } catch (error) {
      return answerAccountError(c, error);
    }
  },
);
