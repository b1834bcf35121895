import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AccountError, createUser } from '../accounts.js';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { USER_ROLES } from '../auth/roles.js';
import { listUsers, setUserDisabled, setUserRole, type UserView } from '../auth/user-admin.js';
import { answerAccountError } from './account-error.js';
import { defineRoute, errorSchema, json } from './define.js';
import { roleSchema, idParam } from './schemas.js';
import { credentials } from './session.js';

export const userRoutes = new OpenAPIHono<AppEnv>();

const userItem = z
  .object({
    id: z.string(),
    name: z.string(),
    role: roleSchema,
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('User');

userRoutes.openapi(
  defineRoute('admin', {
    method: 'get',
    path: '/api/v1/users',
    summary: 'Users of your tenant',
    responses: { 200: json(z.object({ items: z.array(userItem) }), 'Users') },
  }),
  async (c) => {
    const items = await listUsers(c.get('ctx').store.db, principalOf(c).tenantId);
    return c.json({ items: items.map((u) => ({ ...u, role: roleSchema.parse(u.role) })) }, 200);
  },
);

userRoutes.openapi(
  defineRoute('admin', {
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user in your tenant',
    request: {
      body: {
        content: { 'application/json': { schema: credentials.extend({ role: z.enum(USER_ROLES) }) } },
        required: true,
      },
    },
    responses: {
      201: json(z.object({ id: z.string(), name: z.string(), role: roleSchema }), 'Created'),
      422: json(errorSchema, 'Invalid'),
    },
  }),
  async (c) => {
    const principal = principalOf(c);
    const body = c.req.valid('json');
    try {
      const id = await createUser(c.get('ctx').store.db, {
        tenantId: principal.tenantId,
        ...body,
        actor: principal.actor,
        now: c.get('ctx').now(),
      });
      return c.json({ id, name: body.name, role: body.role }, 201);
    } catch (error) {
      if (error instanceof AccountError) return c.json({ error: 'invalid', message: error.message }, 422);
      throw error;
    }
  },
);

userRoutes.openapi(
  defineRoute('admin', {
    method: 'patch',
    path: '/api/v1/users/{id}',
    summary: 'Disable or enable a user, or change their role',
    description:
      'Disabling ends the user’s sessions at once and their tokens are refused (401) until they are enabled again. A token works with at most its owner’s role. Nobody disables or demotes themselves, and the last enabled admin of a tenant stays (422).',
    request: {
      params: idParam(),
      body: {
        content: {
          'application/json': {
            schema: z
              .strictObject({ disabled: z.boolean().optional(), role: z.enum(USER_ROLES).optional() })
              .refine((b) => b.disabled !== undefined || b.role !== undefined, 'give disabled or role'),
          },
        },
        required: true,
      },
    },
    responses: {
      200: json(userItem, 'The user as it is now'),
      404: json(errorSchema, 'No such user in your tenant'),
      422: json(errorSchema, 'Refused'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const body = c.req.valid('json');
    const change = {
      tenantId: principal.tenantId,
      user: { id: c.req.valid('param').id },
      actor: principal.actor,
      now: ctx.now(),
      ...(principal.userId ? { self: principal.userId } : {}),
    };
    try {
      let user: UserView | undefined;
      // The role first: demoting and disabling in one request checks the last admin once each.
      if (body.role !== undefined)
        user = (await setUserRole(ctx.store.db, { ...change, role: body.role })).user;
      if (body.disabled !== undefined)
        user = (await setUserDisabled(ctx.store.db, { ...change, disabled: body.disabled })).user;
      return c.json({ ...user!, role: roleSchema.parse(user!.role) }, 200);
    } catch (error) {
      return answerAccountError(c, error);
    }
  },
);
