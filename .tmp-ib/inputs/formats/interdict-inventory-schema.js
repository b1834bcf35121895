import { z } from 'zod';
import { IDENTIFIER_KINDS, OBSERVATION_KINDS } from '../../core/observation.js';
import { INVENTORY_SCHEMA } from './interdict-inventory.js';
const text = z.string().max(4096);
export const observationSchema = z.strictObject({
    kind: z.enum(OBSERVATION_KINDS),
    name: text.optional(),
    publisher: text.optional(),
    version: z.string().max(256).optional(),
    host: z.string().max(255).optional(),
    path: text.optional(),
    ids: z
        .array(z.strictObject({ kind: z.enum(IDENTIFIER_KINDS), value: text }))
        .max(256)
        .optional(),
    removed: z.boolean().optional(),
    date: z.string().max(64).optional(),
    sha256: z
        .string()
        .regex(/^[0-9a-fA-F]{64}$/)
        .optional(),
    carrier: text.optional(),
    attributes: z.record(z.string().max(256), text).optional(),
    origin: z
        .strictObject({
        source: text,
        format: z.string().max(128),
        locator: text,
        collector: z.string().max(128).optional(),
    })
        .optional(),
});
/** Header of the normalised inventory; observations are validated one by one so one bad entry is one error. */
export const inventoryHeaderSchema = z.object({
    schema: z.literal(INVENTORY_SCHEMA),
    host: z.string().min(1).max(255),
    collectedAt: z.iso.datetime({ offset: true }),
    agent: z.strictObject({ name: z.string().max(128), version: z.string().max(64) }).optional(),
    observations: z.array(z.unknown()),
});
