import { z } from 'zod';
import { IDENTIFIER_KINDS, OBSERVATION_KINDS } from '../core/observation.js';
import { PROFILES, STATUSES } from '../core/status.js';

/** Product categories; the determinations cover or exempt them by name. */
const CATEGORIES = [
  'antivirus',
  'internet-security',
  'endpoint',
  'server-security',
  'management',
  'vpn',
  'password-manager',
  'parental-control',
  'tool',
  'mobile-security',
  'embedded-engine',
  'sdk',
  'network-security',
  'industrial-security',
  'threat-intelligence',
  'training',
  'education',
  'os',
  'service',
  'unidentified',
  /** Not software: a vendor's legal entity or person, found by supplier screening. */
  'party',
] as const;
export type Category = (typeof CATEGORIES)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'not a calendar date');
const sourceIds = z.array(z.string().min(1)).min(1, 'every entry needs at least one source');

const SOURCE_KINDS = ['primary', 'secondary', 'vendor', 'repository', 'code-index'] as const;

/**
 * A file in a public repository, pinned: `owner/repo:path@ref`, where ref is a full 40-hex commit or a
 * tag. An abbreviated commit is refused: it stops resolving once the repository grows a colliding prefix.
 */
const REPO_LOCATOR = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9._-]+:[^\s@][^\s]*@([0-9a-fA-F]{40}|[A-Za-z0-9][A-Za-z0-9._/-]*)$/;
const repoLocator = z
  .string()
  .regex(REPO_LOCATOR, 'expected owner/repo:path@<40-hex commit or tag>')
  .refine((value) => {
    const ref = value.slice(value.lastIndexOf('@') + 1);
    return ref.length === 40 || !/^[0-9a-fA-F]{7,39}$/.test(ref);
  }, 'an abbreviated commit does not pin the file: give all 40 hex digits');

const sourceSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/),
    title: z.string().min(1),
    /** A public address. `interdict data verify` fails on a source with neither this nor `repo`. */
    url: z.url().optional(),
    /** A pinned file in a public repository (see REPO_LOCATOR), for facts read in source code or data. */
    repo: repoLocator.optional(),
    /** Where inside a long document, or (kind `code-index`) the index document id, which no one else can follow. */
    locator: z.string().min(1).optional(),
    publisher: z.string().optional(),
    /** Date the source was published, when known. */
    published: isoDate.optional(),
    /** Date the source was read for this data pack. */
    accessed: isoDate,
    kind: z.enum(SOURCE_KINDS),
    note: z.string().optional(),
  })
  .superRefine((source, ctx) => {
    // A code-index hit loads, so that `data verify` can name it as the unresolvable source it is.
    if (source.kind === 'code-index' && !source.locator && !source.url && !source.repo) {
      ctx.addIssue({ code: 'custom', path: ['locator'], message: 'a code-index source needs a locator' });
    } else if (source.kind !== 'code-index' && !source.url && !source.repo) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'a source needs a url or a repo locator' });
    }
  });
export type Source = z.infer<typeof sourceSchema>;

const CONFIDENCES = ['high', 'medium', 'low'] as const;
const EVIDENCE_LEVELS = ['weak'] as const;
const MATCH_MODES = ['exact', 'prefix', 'suffix', 'contains', 'regex'] as const;

export const identifierSchema = z.strictObject({
  kind: z.enum(IDENTIFIER_KINDS),
  value: z.string().min(1),
  /**
   * exact: equal after normalisation (names) or case-folding (ids);
   * prefix/suffix/contains: on the normalised value; regex: JavaScript, case-insensitive.
   * Domains always match the domain and its subdomains.
   */
  match: z.enum(MATCH_MODES).default('exact'),
  confidence: z.enum(CONFIDENCES).default('high'),
  /** True when this identifier alone must not decide: it needs a second identifier of the same product or vendor. */
  needsCorroboration: z.boolean().default(false),
  /** The same kind and value deliberately appears on another product (a binary several products ship). */
  shared: z.boolean().optional(),
  /**
   * `weak`: no public source that a reader can follow shows this value; its sources attest the product
   * only. Findings on it carry `match.evidence: "weak"`.
   */
  evidence: z.enum(EVIDENCE_LEVELS).optional(),
  sources: sourceIds,
  note: z.string().optional(),
}).superRefine((identifier, ctx) => {
  if (identifier.match !== 'regex') return;
  try {
    new RegExp(identifier.value, 'iu');
  } catch (error) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `not a valid regular expression: ${(error as Error).message}` });
  }
});
export type CatalogIdentifier = z.infer<typeof identifierSchema>;

export const entitySchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  country: z.string().length(2).optional(),
  addresses: z.array(z.string()).default([]),
  /** How it relates to the vendor: parent, subsidiary, affiliate, predecessor, successor, person. */
  relation: z.enum(['parent', 'subsidiary', 'affiliate', 'predecessor', 'successor', 'self', 'officer']),
  kind: z.enum(['organization', 'person']).default('organization'),
  registrations: z.array(z.string()).default([]),
  /** Lists this entity is on (determination ids). */
  listedBy: z.array(z.string()).default([]),
  sources: sourceIds,
  note: z.string().optional(),
});
export type Entity = z.infer<typeof entitySchema>;

const vendorSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  identifiers: z.array(identifierSchema).default([]),
  entities: z.array(entitySchema).default([]),
  sources: sourceIds,
  note: z.string().optional(),
});
export type Vendor = z.infer<typeof vendorSchema>;

export const productSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  vendor: z.string(),
  category: z.enum(CATEGORIES),
  platforms: z.array(z.enum(['windows', 'macos', 'linux', 'android', 'ios', 'any'])).default([]),
  /** Still sold/supported by the vendor, or a legacy name; legacy names still match. */
  legacy: z.boolean().default(false),
  /** For third-party integrations: the product that carries the Kaspersky component. */
  integration: z
    .strictObject({ carrier: z.string().min(1), carrierVendor: z.string().min(1), component: z.string().min(1) })
    .optional(),
  identifiers: z.array(identifierSchema).min(1),
  remediation: z.string().optional(),
  sources: sourceIds,
  note: z.string().optional(),
});
export type CatalogProduct = z.infer<typeof productSchema>;

const effectSchema = z.strictObject({
  /** Which observations this phase reaches: installed software, or a supplier/contract relation. */
  subject: z.enum(['software', 'supplier']),
  status: z.enum(STATUSES),
  effect: z.string().min(1),
  /**
   * Supplier effects only: the phase prohibits entering into new agreements, so a contract that
   * started before the phase's `since` is not reached by it (a later phase may still reach it).
   */
  newAgreementsOnly: z.boolean().optional(),
});

const phaseSchema = z.strictObject({
  id: z.string().min(1),
  since: isoDate,
  /** Last day in force, when the phase ends (e.g. a deadline that is replaced). */
  until: isoDate.optional(),
  summary: z.string().min(1),
  effects: z.array(effectSchema).min(1),
  citation: z.string().min(1),
  sources: sourceIds,
  note: z.string().optional(),
});

/** A duty the determination puts on whoever it binds (report, flow down), beyond the status it gives. */
const obligationSchema = z.strictObject({
  summary: z.string().min(1),
  /** Deadline in words, counted from the event that triggers it (e.g. "3 business days after discovery"). */
  within: z.string().min(1).optional(),
  sources: sourceIds,
});

/** Parts of a determination's scope that the sources leave open: matches there get `review`, not a verdict. */
const reviewScopeSchema = z.strictObject({
  categories: z.array(z.enum(CATEGORIES)).default([]),
  products: z.array(z.string()).default([]),
  summary: z.string().min(1),
  sources: sourceIds,
});

export const determinationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  authority: z.string().min(1),
  kind: z.enum(['final-determination', 'statute', 'regulation', 'directive', 'list', 'sanctions']),
  citations: z.array(z.string().min(1)).min(1),
  aliases: z.array(z.string()).default([]),
  published: isoDate,
  /** Whom it binds. */
  profiles: z.array(z.enum(PROFILES)).min(1),
  /** Vendors (catalog ids) whose products and entities it covers. */
  vendors: z.array(z.string()).min(1),
  /**
   * When set, the determination names these entities (vendor entity ids) and reaches only them, as
   * suppliers (Entity List entries, sanctioned persons); it then says nothing about installed software.
   */
  entities: z.array(z.string()).optional(),
  /** Product categories it covers; empty = every product of the vendors. */
  categories: z.array(z.enum(CATEGORIES)).default([]),
  /** Whether software integrated into third-party products (white-label, OEM engines) is covered. */
  integrations: z.boolean().default(true),
  exemptions: z
    .array(z.strictObject({ categories: z.array(z.enum(CATEGORIES)).min(1), summary: z.string(), sources: sourceIds }))
    .default([]),
  phases: z.array(phaseSchema).min(1),
  reviews: z.array(reviewScopeSchema).optional(),
  obligations: z.array(obligationSchema).optional(),
  /** What a user should do, keyed by product category, with a default. */
  remediation: z.record(z.string(), z.string()).default({}),
  sources: sourceIds,
  note: z.string().optional(),
});
export type Determination = z.infer<typeof determinationSchema>;
export type Phase = z.infer<typeof phaseSchema>;

export const catalogFileSchema = z.strictObject({
  vendors: z.array(vendorSchema).default([]),
  products: z.array(productSchema).default([]),
});

export const sourcesFileSchema = z.strictObject({ sources: z.array(sourceSchema) });

export const packManifestSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** Date the facts were last checked against their sources. */
  reviewed: isoDate,
  description: z.string(),
  license: z.string().optional(),
});
export type PackManifest = z.infer<typeof packManifestSchema>;

export { OBSERVATION_KINDS };
