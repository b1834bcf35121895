import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { loadDataPack } from '../../src/data/load.js';
import { collectParties } from '../../src/match/screening/parties.js';
import { createScreeningIndex } from '../../src/match/screening/screening-index.js';
import { generateVariants } from './variants.js';

/**
 * Precision and recall of supplier screening: thousands of real company names that are not a
 * covered party (the shared corpus, read in place) against every variant of the covered parties'
 * names. CI sets INTERDICT_CORPORA; without it the test says so and skips.
 */
const dir = process.env.INTERDICT_CORPORA;
if (!dir) console.log('screening corpus test skipped: set INTERDICT_CORPORA=/abs/path/to/shared/corpora');

describe.skipIf(!dir)('supplier screening precision and recall', () => {
  it('blocks none of the real negatives, reviews at most 0.1%, finds every variant', async () => {
    const path = join(dir!, 'suppliers.jsonl');
    expect(existsSync(path), `${path} is missing`).toBe(true);
    const parties = collectParties(await loadDataPack());
    const index = createScreeningIndex(parties);
    let negatives = 0;
    const blocked: string[] = [];
    const review: string[] = [];
    for await (const line of createInterface({ input: createReadStream(path) })) {
      if (!line.trim()) continue;
      const { record } = JSON.parse(line) as { record: { name: string; country: string | null } };
      negatives++;
      const hit = index.screen({
        names: [{ on: 'supplier', value: record.name }],
        ...(record.country ? { country: record.country } : {}),
      });
      if (hit?.determination === 'decided')
        blocked.push(`${record.name} → ${hit.party.id}: ${hit.explanation}`);
      else if (hit) review.push(`${record.name} → ${hit.party.id}: ${hit.explanation}`);
    }
    const variants = generateVariants(parties);
    const found = variants.filter((v) =>
      index.screen({
        names: [{ on: 'supplier', value: v.name }],
        ...(v.country ? { country: v.country } : {}),
      }),
    ).length;
    const truePositives = found;
    const precision = truePositives / (truePositives + blocked.length + review.length);
    console.log(
      [
        `supplier screening: ${negatives} real negatives, ${variants.length} covered-party variants`,
        `  recall    ${((100 * found) / variants.length).toFixed(2)}% (${found}/${variants.length})`,
        `  precision ${(100 * precision).toFixed(2)}% (false blocked-transaction ${blocked.length}, false review ${review.length} = ${((100 * review.length) / negatives).toFixed(3)}%)`,
      ].join('\n'),
    );
    expect(blocked).toEqual([]);
    expect(review.length).toBeLessThanOrEqual(Math.floor(negatives * 0.001));
    expect(found).toBe(variants.length);
  });
});
