import { z } from 'zod';
import type { Observation } from '../../core/observation.js';
import type { ReadError } from '../../core/report.js';
import { observationSchema } from '../../inputs/formats/interdict-inventory-schema.js';
import type { InputSource } from '../../inputs/types.js';
import { UploadRejected } from './parse-upload.js';

/** What a differential check-in is sent as; `?format=interdict-inventory-diff` says the same. */
export const DIFF_MEDIA_TYPE = 'application/vnd.interdict.inventory-diff+json';
export const DIFF_FORMAT = 'interdict-inventory-diff';
export const DIFF_SCHEMA = 'interdict/inventory-diff@1';

/**
 * `{ schema, host, collectedAt, agent?, base, result, added: [Observation…], removed: [Observation…] }`:
 * what changed on a host since the inventory `base` the server acknowledged, and the set hash the
 * agent computed for the result (see canonical.ts), so that any disagreement is caught.
 */
export interface DiffDocument {
  host: string;
  collectedAt: string;
  base: string;
  result: string;
  added: Observation[];
  removed: Observation[];
}

const diffSchema = z.object({
  schema: z.literal(DIFF_SCHEMA),
  host: z.string().min(1).max(255),
  collectedAt: z.iso.datetime({ offset: true }),
  agent: z.strictObject({ name: z.string().max(128), version: z.string().max(64) }).optional(),
  base: z.string().min(1).max(64),
  result: z.string().regex(/^[0-9a-f]{64}$/),
  added: z.array(z.unknown()),
  removed: z.array(z.unknown()),
});

/** A diff the server cannot apply exactly: the agent is told to send its whole inventory. */
export class ResyncNeeded extends Error {}

/**
 * Reads a diff document. A document that is not one is rejected (422); an observation that does
 * not validate, or lacks its origin, asks for a full inventory instead (409): the full path
 * records such errors where the inventory keeps them, and a diff must change nothing silently.
 */
export async function parseDiff(
  source: InputSource,
  options: { name: string; host: string; limit: number },
): Promise<DiffDocument> {
  const text = await readAll(source, options.limit);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw rejected(options.name, '/', `not valid JSON: ${(error as Error).message}`);
  }
  const header = diffSchema.safeParse(doc);
  if (!header.success) {
    const issue = header.error.issues[0]!;
    throw rejected(options.name, `/${issue.path.join('/')}`, issue.message);
  }
  const { data } = header;
  const read = (list: unknown[], at: string) =>
    list.map((raw, i) => {
      const parsed = observationSchema.safeParse(raw);
      if (!parsed.success)
        throw new ResyncNeeded(`/${at}/${i}: ${parsed.error.issues[0]!.message}; send the whole inventory`);
      const o = parsed.data as Observation;
      if (!o.origin) throw new ResyncNeeded(`/${at}/${i}: an observation in a diff needs its origin`);
      // Completed as a whole inventory's records are (interdict-inventory.ts, parseUpload), down
      // to the order of keys: the stored findings quote the observation as JSON text.
      o.host ??= data.host;
      return o.host === options.host ? o : { ...o, host: options.host };
    });
  return {
    host: data.host,
    collectedAt: data.collectedAt,
    base: data.base,
    result: data.result,
    added: read(data.added, 'added'),
    removed: read(data.removed, 'removed'),
  };
}

function rejected(source: string, locator: string, message: string) {
  const errors: ReadError[] = [{ source, locator, message }];
  return new UploadRejected(`${DIFF_FORMAT}: ${message}`, errors);
}

async function readAll(source: InputSource, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new UploadRejected(`diff larger than ${limit} bytes`, [], 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
