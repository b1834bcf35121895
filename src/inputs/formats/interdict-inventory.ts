import type { Observation } from '../../core/observation.js';
import { openText } from '../source.js';
import type { InputFormat } from '../types.js';

export const INVENTORY_SCHEMA = 'interdict/inventory@1';
const FORMAT_ID = 'interdict-inventory';
/** A whole inventory is parsed at once; past this size it is refused rather than held in memory. */
const MAX_INVENTORY_CHARS = 256 * 1024 * 1024;

export interface Inventory {
  schema: typeof INVENTORY_SCHEMA;
  host: string;
  collectedAt: string;
  agent?: { name: string; version: string };
  observations: Observation[];
}

/**
 * The normalised inventory that `interdict agent` uploads and `interdict scan` reads back:
 * `{ "schema": "interdict/inventory@1", "host", "collectedAt", "observations": [Observation…] }`.
 */
export const interdictInventory: InputFormat = {
  id: FORMAT_ID,
  description: 'interdict normalised inventory (what `interdict agent` uploads)',
  producedBy: 'interdict agent --spool DIR, or any tool writing the interdict/inventory@1 JSON schema',
  fileNames: [/\.inventory\.json$/i],
  versions: ['1'],
  detect(sample) {
    if (!sample.text.trimStart().startsWith('{')) return undefined;
    const m = /^\s*\{[\s\S]{0,200}?"schema"\s*:\s*"interdict\/inventory@(\d+)"/.exec(sample.text);
    return m ? { id: FORMAT_ID, version: m[1], confidence: 1 } : undefined;
  },
  async *read(source, ctx) {
    let body = '';
    for await (const chunk of openText(source, ctx)) {
      body += chunk;
      if (body.length > MAX_INVENTORY_CHARS) {
        ctx.error('/', `inventory larger than ${MAX_INVENTORY_CHARS} characters`);
        return;
      }
    }
    let doc: unknown;
    try {
      doc = JSON.parse(body);
    } catch (error) {
      ctx.error('/', `not valid JSON: ${(error as Error).message}`);
      return;
    }
    // zod loads only when such an inventory is read, not on every scan's start-up.
    const { inventoryHeaderSchema, observationSchema } = await import('./interdict-inventory-schema.js');
    const header = inventoryHeaderSchema.safeParse(doc);
    if (!header.success) {
      const issue = header.error.issues[0]!;
      ctx.error(`/${issue.path.join('/')}`, issue.message);
      return;
    }
    const { host, observations } = header.data;
    for (let i = 0; i < observations.length; i++) {
      const parsed = observationSchema.safeParse(observations[i]);
      ctx.record();
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        ctx.error(`/observations/${[i, ...issue.path].join('/')}`, issue.message);
        continue;
      }
      // zod's output is a fresh object of ours: completed in place rather than copied (an upload
      // holds hundreds of observations, and a server reads many uploads a second).
      const o = parsed.data as Observation;
      o.host ??= host ?? ctx.host;
      o.origin ??= { source: source.name, format: FORMAT_ID, locator: `/observations/${i}` };
      yield o;
    }
  },
};

/** Serialises an inventory the way the format reads it back (one observation per line, for diffs). */
export function toInventoryJson(inventory: Inventory): string {
  const { observations, ...header } = inventory;
  const lines = observations.map((o) => JSON.stringify(o));
  return `${JSON.stringify(header).slice(0, -1)},"observations":[\n${lines.join(',\n')}\n]}\n`;
}
