import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const waiverSchema = z.strictObject({
  id: z.string().min(1),
  scope: z
    .strictObject({
      product: z.string().optional(),
      host: z.string().optional(),
      version: z.string().optional(),
      path: z.string().optional(),
      purl: z.string().optional(),
      determination: z.string().optional(),
    })
    .refine((s) => Object.values(s).some(Boolean), 'a waiver scope needs at least one field'),
  reason: z.string().min(1),
  approvedBy: z.string().min(1),
  approved: isoDate.optional(),
  expires: isoDate,
});
export type Waiver = z.infer<typeof waiverSchema>;

export const waiverFileSchema = z.strictObject({ waivers: z.array(waiverSchema) });
