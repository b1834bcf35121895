import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { requireRole } from '../auth/middleware.js';
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

export function decodeCursor(cursor: string): [string | number, string] {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new BadCursor('cursor is not one this server returned');
  }
}
