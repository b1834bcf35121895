import { z } from '@hono/zod-openapi';
import type { Finding } from '../../core/finding.js';
import { SEVERITIES, STATUSES } from '../../core/status.js';
import { ROLES } from '../auth/roles.js';

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(512)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)));

/** A path parameter `{id}`: public ids are short, catalog ids a little longer. */
export function idParam(max = 64) {
  return z.object({
    id: z
      .string()
      .max(max)
      .openapi({ param: { name: 'id', in: 'path' } }),
  });
}

const FINDING_SORTS = ['severity', 'lastSeen', 'firstSeen', 'host', 'product'] as const;

export const findingsQuery = z.object({
  status: csvOf(STATUSES)
    .optional()
    .openapi({ description: `Comma-separated: ${STATUSES.join(', ')}` }),
  severity: csvOf(SEVERITIES)
    .optional()
    .openapi({ description: `Comma-separated: ${SEVERITIES.join(', ')}` }),
  host: z.string().max(255).optional().openapi({ description: 'Host name (exact)' }),
  product: z.string().max(128).optional().openapi({ description: 'Product id' }),
  determination: z.string().max(128).optional().openapi({ description: 'Determination id' }),
  state: z.enum(['open', 'resolved', 'all']).default('open'),
  q: z.string().max(200).optional().openapi({ description: 'Search in product and host names' }),
  since: z.iso
    .date()
    .or(z.iso.datetime())
    .optional()
    .openapi({ description: 'Seen on or after (lastSeen >=)' }),
  until: z.iso
    .date()
    .or(z.iso.datetime())
    .optional()
    .openapi({ description: 'First seen on or before (firstSeen <=)' }),
  sort: z.enum(FINDING_SORTS).default('severity'),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(512).optional(),
});
export type FindingsQuery = z.infer<typeof findingsQuery>;

export const findingItem = z
  .looseObject({
    id: z.string(),
    host: z.string(),
    state: z.enum(['open', 'resolved']),
    firstSeen: z.string(),
    lastSeen: z.string(),
    resolvedAt: z.string().nullable(),
    status: z.enum(STATUSES),
    severity: z.enum(SEVERITIES),
    product: z.looseObject({ id: z.string(), name: z.string(), vendor: z.string() }),
    match: z.looseObject({ on: z.string(), value: z.string(), confidence: z.number() }),
    determinations: z.array(z.looseObject({ id: z.string(), effect: z.string() })),
    observation: z.looseObject({ kind: z.string() }),
    remediation: z.string(),
    reasons: z.array(z.string()),
  })
  .openapi('Finding');

export const findingPage = z
  .object({ items: z.array(findingItem), total: z.number().int(), next: z.string().nullable() })
  .openapi('FindingPage');

export const findingEvent = z
  .object({
    at: z.string(),
    kind: z.string(),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    cause: z.string(),
  })
  .openapi('FindingEvent');

export const hostItem = z
  .object({
    id: z.string(),
    name: z.string(),
    firstSeen: z.string(),
    lastSeen: z.string(),
    lastCollectedAt: z.string().nullable(),
    openFindings: z.number().int(),
  })
  .openapi('Host');

export const roleSchema = z.enum(ROLES);

export const meSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['user', 'token']),
    role: roleSchema,
    tenant: z.string(),
    csrfToken: z.string().optional(),
  })
  .openapi('Me');

export const waiverScope = z
  .strictObject({
    product: z.string().max(128).optional(),
    host: z.string().max(255).optional(),
    version: z.string().max(128).optional(),
    path: z.string().max(1024).optional(),
    purl: z.string().max(1024).optional(),
    determination: z.string().max(128).optional(),
  })
  .refine((s) => Object.values(s).some(Boolean), 'a waiver scope needs at least one field');

export const waiverItem = z
  .object({
    id: z.string(),
    scope: z.record(z.string(), z.string()),
    reason: z.string(),
    expires: z.string(),
    state: z.enum(['requested', 'approved', 'rejected', 'revoked']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    findingId: z.string().nullable(),
  })
  .openapi('Waiver');

export const commentItem = z
  .object({
    id: z.string(),
    author: z.string(),
    body: z.string(),
    state: z.enum(['visible', 'pending', 'rejected']),
    createdAt: z.string(),
  })
  .openapi('Comment');

// What the API answers, as types: the dashboard imports these (type-only), so a change here
// breaks the web build instead of a page.
export type MeItem = z.infer<typeof meSchema>;
export type WaiverItem = z.infer<typeof waiverItem>;
export type CommentItem = z.infer<typeof commentItem>;
/** A stored finding as the API lists it: the scan's finding plus where and when it was seen. */
export type FindingItem = Finding & {
  id: string;
  host: string;
  state: 'open' | 'resolved';
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
};
