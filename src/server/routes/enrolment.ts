import { OpenAPIHono, z } from '@hono/zod-openapi';
import { principalOf, type AppEnv } from '../auth/middleware.js';
import { revokeRow } from '../auth/revoke-row.js';
import { createEnrollSecret, enrolHost, EnrolmentError } from '../enrolment.js';
import { defineRoute, errorSchema, json } from './define.js';
import { idParam } from './schemas.js';

export const enrolmentRoutes = new OpenAPIHono<AppEnv>();

const secretItem = z
  .object({
    id: z.string(),
    name: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('EnrollSecret');

enrolmentRoutes.openapi(
  defineRoute('public', {
    method: 'post',
    path: '/api/v1/enroll',
    summary: 'Enrol a host with an enrolment secret; returns its host credential (shown once)',
    description:
      'The credential uploads inventories of this host only. A host name with a live credential is refused (409).',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.strictObject({ secret: z.string().min(1).max(200), host: z.string().min(1).max(253) }),
          },
        },
        required: true,
      },
    },
    responses: {
      201: json(z.object({ host: z.string(), hostId: z.string(), token: z.string() }), 'Enrolled'),
      401: json(errorSchema, 'Unknown or revoked secret'),
      409: json(errorSchema, 'Host already enrolled'),
      422: json(errorSchema, 'Invalid host name'),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const { secret, host } = c.req.valid('json');
    try {
      const enrolled = await enrolHost(ctx.store.db, { secret, hostName: host, now: ctx.now() });
      return c.json({ host, hostId: enrolled.hostId, token: enrolled.token }, 201);
    } catch (error) {
      if (!(error instanceof EnrolmentError)) throw error;
      const code = { 401: 'unauthorized', 409: 'conflict', 422: 'invalid' }[error.status];
      return c.json({ error: code, message: error.message }, error.status);
    }
  },
);

enrolmentRoutes.openapi(
  defineRoute('admin', {
    method: 'post',
    path: '/api/v1/enroll-secrets',
    summary: 'Create an enrolment secret of your tenant; the secret is in this response only',
    request: {
      body: {
        content: { 'application/json': { schema: z.strictObject({ name: z.string().min(1).max(128) }) } },
        required: true,
      },
    },
    responses: { 201: json(z.object({ id: z.string(), secret: z.string() }), 'Created') },
  }),
  async (c) => {
    const principal = principalOf(c);
    const created = await createEnrollSecret(c.get('ctx').store.db, {
      tenantId: principal.tenantId,
      name: c.req.valid('json').name,
      actor: principal.actor,
      now: c.get('ctx').now(),
    });
    return c.json(created, 201);
  },
);

enrolmentRoutes.openapi(
  defineRoute('admin', {
    method: 'get',
    path: '/api/v1/enroll-secrets',
    summary: 'Enrolment secrets of your tenant (never the secrets themselves)',
    responses: { 200: json(z.object({ items: z.array(secretItem) }), 'Secrets') },
  }),
  async (c) => {
    const rows = await c
      .get('ctx')
      .store.db.selectFrom('enroll_secrets')
      .selectAll()
      .where('tenant_id', '=', principalOf(c).tenantId)
      .orderBy('created_at')
      .execute();
    const items = rows.map((r) => ({
      id: r.id,
      name: r.name,
      createdBy: r.created_by,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
    return c.json({ items }, 200);
  },
);

enrolmentRoutes.openapi(
  defineRoute('admin', {
    method: 'delete',
    path: '/api/v1/enroll-secrets/{id}',
    summary: 'Revoke an enrolment secret (hosts already enrolled keep their credentials)',
    request: {
      params: idParam(),
    },
    responses: { 204: { description: 'Revoked' }, 404: json(errorSchema, 'No such secret in your tenant') },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const principal = principalOf(c);
    const id = c.req.valid('param').id;
    const done = await revokeRow(ctx.store.db, {
      table: 'enroll_secrets',
      subjectType: 'enroll-secret',
      tenantId: principal.tenantId,
      id,
      actor: principal.actor,
      now: ctx.now(),
    });
    return done ? c.body(null, 204) : c.json({ error: 'not-found', message: 'no such active secret' }, 404);
  },
);
