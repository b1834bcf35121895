import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Context } from 'hono';
import { principalOf, requireRole, type AppEnv } from '../auth/middleware.js';
import type { Access } from '../auth/roles.js';

/** Every route with the least role it needs: the authorisation matrix test walks this list. */
export const ROUTE_ACCESS: { method: string; path: string; role: Access | 'public' }[] = [];

export const errorSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    retryAfter: z.number().optional(),
    issues: z.array(z.unknown()).optional(),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorSchema } },
});

/** createRoute plus the role check, the common error responses, and an entry in ROUTE_ACCESS. */
export function defineRoute<const R extends Omit<RouteConfig, 'middleware' | 'security'>>(
  role: Access | 'public',
  config: R,
) {
  ROUTE_ACCESS.push({ method: config.method.toUpperCase(), path: config.path, role });
  return createRoute({
    ...config,
    ...(role === 'public'
      ? {}
      : { middleware: [requireRole(role)] as const, security: [{ bearer: [] }, { session: [] }] }),
    responses: {
      ...config.responses,
      400: errorResponse('Invalid request'),
      ...(role === 'public'
        ? {}
        : {
            401: errorResponse('No valid token or session'),
            403: errorResponse(
              role === 'upload' ? 'Not this host’s credential, nor bulk-import' : `Needs the ${role} role`,
            ),
          }),
    },
  } as R);
}

/**
 * Who changes which row of their own tenant, and when: what a change by id (revoke, remove) needs,
 * so that another tenant's id is never reachable and the audit names the caller.
 */
export function changeById(c: Context<AppEnv>, id: string) {
  const principal = principalOf(c);
  return { tenantId: principal.tenantId, id, actor: principal.actor, now: c.get('ctx').now() };
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .openapi({ description: 'Items per page (1-500)' }),
  cursor: z.string().max(512).optional().openapi({ description: 'The `next` value of the previous page' }),
};

export function encodeCursor(value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

const cursorSchema = z.tuple([z.union([z.string(), z.number()]), z.string()]);

export class BadCursor extends Error {}

/**
 * The sort value and id a cursor carries. `kind` is the type of the column it pages on: a cursor of
 * another sort order would otherwise reach PostgreSQL as text compared with an integer, a 500.
 */
export function decodeCursor(cursor: string, kind: 'string'): [string, string];
export function decodeCursor(cursor: string, kind: 'number' | 'string'): [string | number, string];
export function decodeCursor(cursor: string, kind: 'number' | 'string'): [string | number, string] {
  let decoded: [string | number, string];
  try {
    decoded = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new BadCursor('cursor is not one this server returned');
  }
  if (typeof decoded[0] !== kind)
    throw new BadCursor('cursor belongs to another sort order; start again without it');
  if (decoded.some((v) => typeof v === 'string' && v.includes('\u0000')))
    throw new BadCursor('cursor is not one this server returned (NUL character)');
  return decoded;
}

/**
 * Keyset paging: the rows after a cursor in `(column, id)` order, so a page costs the same however
 * deep it is and rows inserted meanwhile neither repeat nor vanish.
 */
export function afterCursor(
  column: string | Expression<unknown>,
  order: 'asc' | 'desc',
  cursor: string,
  kind: 'number' | 'string',
): Expression<SqlBool> {
  const [value, id] = decodeCursor(cursor, kind);
  const op = sql.raw(order === 'asc' ? '>' : '<');
  const key = typeof column === 'string' ? sql.ref(column) : column;
  return sql<SqlBool>`(${key} ${op} ${value} or (${key} = ${value} and ${sql.ref('id')} ${op} ${id}))`;
}
