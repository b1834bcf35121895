import { z } from 'zod';
import { IDENTIFIER_KINDS, OBSERVATION_KINDS } from '../core/observation.js';
import { REPORT_SCHEMA } from '../core/report.js';
import { PROFILES, SEVERITIES, STATUSES } from '../core/status.js';

// Validates a saved `interdict/report@1`. Unknown keys are dropped rather than refused, so a
// report written by a newer interdict of the same major schema still renders.

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');
const identifierKind = z.enum(IDENTIFIER_KINDS);

const readErrorSchema = z.object({ source: z.string(), locator: z.string(), message: z.string() });

const originSchema = z.object({
  source: z.string(),
  format: z.string(),
  locator: z.string(),
  collector: z.string().optional(),
});

const observationSchema = z.object({
  kind: z.enum(OBSERVATION_KINDS),
  name: z.string().optional(),
  publisher: z.string().optional(),
  version: z.string().optional(),
  host: z.string().optional(),
  path: z.string().optional(),
  ids: z.array(z.object({ kind: identifierKind, value: z.string() })).optional(),
  removed: z.boolean().optional(),
  date: z.string().optional(),
  sha256: z.string().optional(),
  carrier: z.string().optional(),
  attributes: z.record(z.string(), z.string()).optional(),
  origin: originSchema,
});

const sightingSchema = z.object({
  status: z.enum(STATUSES),
  observation: observationSchema,
  repeats: z.array(z.string()).optional(),
});

const findingSchema = z.object({
  status: z.enum(STATUSES),
  severity: z.enum(SEVERITIES),
  product: z.object({
    id: z.string(),
    name: z.string(),
    vendor: z.string(),
    category: z.string(),
    integration: z.object({ carrier: z.string(), component: z.string() }).optional(),
  }),
  match: z.object({
    on: identifierKind,
    value: z.string(),
    pattern: z.string(),
    confidence: z.number().min(0).max(1),
    corroboratedBy: z.array(z.object({ on: identifierKind, value: z.string() })).optional(),
    sources: z.array(z.string()).optional(),
    evidence: z.literal('weak').optional(),
    explanation: z.string().optional(),
  }),
  determinations: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      effect: z.string(),
      status: z.enum(STATUSES),
      phase: z.string().optional(),
      since: isoDate.optional(),
      daysLeft: z.number().int().optional(),
      citation: z.string(),
      sources: z.array(z.string()),
    }),
  ),
  observation: observationSchema,
  remediation: z.string(),
  waiver: z
    .object({ id: z.string(), reason: z.string(), approvedBy: z.string(), expires: isoDate })
    .optional(),
  reasons: z.array(z.string()),
  sightings: z.array(sightingSchema).min(1).optional(),
});

const count = z.number().int().nonnegative();

export const reportSchema = z.object({
  schema: z.literal(REPORT_SCHEMA),
  tool: z.object({ name: z.literal('interdict'), version: z.string(), data: z.string() }),
  asOf: isoDate,
  profile: z.enum(PROFILES),
  inputs: z.array(
    z.object({
      source: z.string(),
      format: z.string(),
      records: count,
      errors: z.array(readErrorSchema),
      failed: z.boolean().optional(),
      skipped: z.string().optional(),
      notes: z.array(readErrorSchema).optional(),
    }),
  ),
  summary: z.object({
    records: count,
    findings: count,
    byStatus: z.partialRecord(z.enum(STATUSES), count),
  }),
  findings: z.array(findingSchema),
  waivers: z
    .array(
      z.object({
        id: z.string(),
        state: z.enum(['applied', 'expired', 'unused']),
        expires: isoDate,
        findings: count,
      }),
    )
    .optional(),
  sources: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        url: z.string().optional(),
        publisher: z.string().optional(),
        published: z.string().optional(),
      }),
    )
    .optional(),
  errors: z.array(readErrorSchema),
});
