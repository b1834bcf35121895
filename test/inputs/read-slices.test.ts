import { describe, expect, it } from 'vitest';
import { osqueryResults } from '../../src/inputs/formats/osquery-results.js';
import { SPLIT_MIN_BYTES } from '../../src/inputs/line-ranges.js';
import { planSlices } from '../../src/inputs/read-slices.js';
import type { InputFormat, InputSource } from '../../src/inputs/types.js';

const utf8Head = Buffer.alloc(65536, '{"name":"x"}\n');
const source = (size: number, head = utf8Head): InputSource => ({
  name: 'big.log',
  path: 'big.log',
  size,
  open: () => {
    throw new Error('not read');
  },
  cachedHead: () => head,
});
const options = { mayMatch: () => true, needles: ['kaspersky'] };

describe('planSlices', () => {
  it('slices a big UTF-8 osquery results log into line-range requests covering the file', () => {
    const slices = planSlices(source(SPLIT_MIN_BYTES + 5), osqueryResults, options)!;
    expect(slices.length).toBeGreaterThan(1);
    expect(slices[0]!.from).toBe(0);
    expect(slices.at(-1)!.to).toBe(SPLIT_MIN_BYTES + 5);
    for (let i = 1; i < slices.length; i++) expect(slices[i]!.from).toBe(slices[i - 1]!.to);
    expect(slices[0]!.encoding.encoding).toBe('utf-8');
  });

  it('keeps the one-pass read for small files, other formats, --workers 0, custom formats, no needles and other encodings', () => {
    const big = SPLIT_MIN_BYTES + 5;
    expect(planSlices(source(SPLIT_MIN_BYTES - 1), osqueryResults, options)).toBeUndefined();
    expect(
      planSlices(source(big), { ...osqueryResults, id: 'other' } as InputFormat, options),
    ).toBeUndefined();
    expect(planSlices(source(big), osqueryResults, { ...options, workers: 0 })).toBeUndefined();
    expect(
      planSlices(source(big), osqueryResults, { ...options, formats: [osqueryResults] }),
    ).toBeUndefined();
    expect(planSlices(source(big), osqueryResults, { mayMatch: () => true })).toBeUndefined();
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('{"name":"x"}\n'.repeat(5100), 'utf16le'),
    ]);
    expect(planSlices(source(big, utf16), osqueryResults, options)).toBeUndefined();
  });
});
