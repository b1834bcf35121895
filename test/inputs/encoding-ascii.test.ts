import { describe, expect, it } from 'vitest';
import { createChunkDecoder } from '../../src/inputs/encoding.js';

// ASCII chunks are copied as Latin-1 in pieces (see copyLatin1): the text must be the UTF-8 text.
describe('decoding ASCII chunks', () => {
  it('gives the same text for chunks above and below the piece size, after a BOM and a split character', () => {
    const line = 'Contoso Ltd.,US,2024-01-31\n';
    const big = Buffer.from(line.repeat(Math.ceil((1.5 * 1024 * 1024) / line.length)));
    const decoder = createChunkDecoder({ encoding: 'utf-8', bomLength: 3 });
    const euro = Buffer.from('€');
    const chunks = [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), big]),
      Buffer.from('small,chunk\n'),
      Buffer.concat([big.subarray(0, 1000), euro.subarray(0, 1)]),
      Buffer.concat([euro.subarray(1), big]),
    ];
    const text = chunks.map((c, i) => decoder.decode(c, i === chunks.length - 1)).join('');
    const expected = Buffer.concat(chunks).subarray(3).toString('utf8');
    expect(text.length).toBe(expected.length);
    expect(text === expected).toBe(true);
  });
});
