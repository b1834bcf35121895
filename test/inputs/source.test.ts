import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChunkDecoder, decodeAs, detectEncoding } from '../../src/inputs/encoding.js';
import { createBufferSource, createStreamSource, openText, readSample } from '../../src/inputs/source.js';
import { collect } from './helpers.js';

const text = 'Name;Publisher\nProtección Total;Seguridad Informática\n';

describe('encoding', () => {
  it.each([
    ['UTF-8', Buffer.from(text), 'utf-8', 0],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8', 3],
    [
      'UTF-16LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf-16le',
      2,
    ],
    [
      'UTF-16BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      'utf-16be',
      2,
    ],
    ['UTF-16LE without BOM', Buffer.from(text, 'utf16le'), 'utf-16le', 0],
    ['Latin-1', Buffer.from(text, 'latin1'), 'windows-1252', 0],
    ['NULs', Buffer.alloc(1000), 'binary', 0],
  ])('decides %s', async (_label, bytes, encoding, bomLength) => {
    expect(detectEncoding(bytes, true)).toEqual({ encoding, bomLength });
    const source = createBufferSource('x', bytes);
    const sample = await readSample(source);
    const decoded = (await collect(openText(source))).join('');
    if (encoding === 'binary') expect(sample.text).toBe('');
    else {
      expect(sample.text).toBe(text);
      expect(decoded).toBe(text);
    }
  });

  it('does not take a UTF-8 sequence cut by the sample boundary for Latin-1', () => {
    const bytes = Buffer.from('é'.repeat(10));
    expect(detectEncoding(bytes.subarray(0, 5), false).encoding).toBe('utf-8');
    expect(detectEncoding(bytes.subarray(0, 5), true).encoding).toBe('windows-1252');
  });

  it('decodes UTF-16 in chunks that split characters', async () => {
    const long = 'Касперский 😀 '.repeat(20000);
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(long, 'utf16le')]);
    const source = {
      name: 'x',
      open: () =>
        Readable.from([bytes.subarray(0, 70001), bytes.subarray(70001, 140003), bytes.subarray(140003)]),
    };
    expect((await collect(openText(source))).join('')).toBe(long);
  });
});

describe('decodeAs', () => {
  // The reference: what the WHATWG decoder makes of the same bytes, complete or cut mid-stream.
  const reference = (bytes: Buffer, complete: boolean) => {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    try {
      fatal.decode(bytes, { stream: !complete });
    } catch {
      return undefined;
    }
    return new TextDecoder('utf-8').decode(bytes, { stream: !complete });
  };
  const utf8ish = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
    fc
      .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.nat(8))
      .map(([s, cut]) =>
        Buffer.from(`\uFEFF${s}`).subarray(0, Math.max(0, Buffer.byteLength(`\uFEFF${s}`) - cut)),
      ),
  );

  it('decides UTF-8 and decodes it exactly as TextDecoder does, a cut last sequence left out', () => {
    fc.assert(
      fc.property(utf8ish, fc.boolean(), (bytes, complete) => {
        const decision = detectEncoding(bytes, complete);
        const expected = reference(bytes, complete);
        if (decision.encoding !== 'utf-8' || decision.bomLength) return;
        expect(expected).toBeDefined();
        expect(decodeAs(bytes, decision, complete)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('drops the BOM and a cut sequence, keeps what is whole', () => {
    const euro = Buffer.from('a€', 'utf8');
    expect(decodeAs(euro.subarray(0, 3), { encoding: 'utf-8', bomLength: 0 }, false)).toBe('a');
    expect(detectEncoding(euro.subarray(0, 3), false).encoding).toBe('utf-8');
    expect(detectEncoding(euro.subarray(0, 3), true).encoding).toBe('windows-1252');
    const bom = Buffer.from('\uFEFFid,name', 'utf8');
    expect(decodeAs(bom, detectEncoding(bom, true), true)).toBe('id,name');
  });
});

describe('createChunkDecoder', () => {
  it('decodes UTF-8 cut anywhere exactly as one TextDecoder call over the whole', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.array(fc.nat(60), { maxLength: 4 }),
        fc.boolean(),
        (raw, cuts, bom) => {
          const bytes = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(raw)]);
          expect(decodeCutAt(bytes, cuts, bom ? 3 : 0)).toBe(new TextDecoder('utf-8').decode(bytes));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('createChunkDecoder, ASCII chunks', () => {
  it('decodes mostly-ASCII text cut anywhere, a character split across chunks included, as one TextDecoder call', () => {
    // ASCII chunks are copied as they are, unless a character cut by the chunk before is pending.
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('a', ',', '\n', 'Z').map((c) => Buffer.from(c)) },
      { weight: 2, arbitrary: fc.constantFrom('é', 'К', '€', '😀').map((c) => Buffer.from(c)) },
      // Broken UTF-8: a lead byte alone, a continuation byte alone, a cut four-byte lead, 0xFF.
      {
        weight: 1,
        arbitrary: fc.constantFrom([0xc3], [0x80], [0xf0, 0x9f], [0xff]).map((b) => Buffer.from(b)),
      },
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.array(fc.nat(80), { maxLength: 8 }),
        (pieces, cuts) => {
          const bytes = Buffer.concat(pieces);
          expect(decodeCutAt(bytes, cuts, 0)).toBe(new TextDecoder('utf-8').decode(bytes));
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe('detectEncoding', () => {
  // The decision as first written, loop by loop: the faster one must not differ on any input.
  function reference(bytes: Buffer, complete: boolean): string {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
    const n = Math.min(bytes.length, 4096) & ~1;
    if (n >= 8) {
      let even = 0;
      let odd = 0;
      for (let i = 0; i < n; i += 2) {
        if (bytes[i] === 0) even++;
        if (bytes[i + 1] === 0) odd++;
      }
      if (odd > (n / 2) * 0.6 && even < (n / 2) * 0.05) return 'utf-16le';
      if (even > (n / 2) * 0.6 && odd < (n / 2) * 0.05) return 'utf-16be';
    }
    if (bytes.includes(0)) return 'binary';
    const window = Math.min(bytes.length, 8192);
    let control = 0;
    for (let i = 0; i < window; i++) {
      const b = bytes[i]!;
      if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
    }
    if (control > window * 0.1) return 'binary';
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
      return 'utf-8';
    } catch {
      return 'windows-1252';
    }
  }
  const text16 = fc
    .tuple(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('utf16le', 'latin1', 'utf8') as fc.Arbitrary<BufferEncoding>,
    )
    .map(([s, e]) => Buffer.from(s, e));
  const mixed = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));
  const sparse = fc
    .array(fc.constantFrom(0, 0, 0, 0x41, 0x0a, 0x1f, 0xc3, 0xa9), { maxLength: 600 })
    .map((a) => Buffer.from(a));

  it('decides as the loop-by-loop reference does', () => {
    fc.assert(
      fc.property(fc.oneof(text16, mixed, sparse), fc.boolean(), (bytes, complete) => {
        expect(detectEncoding(bytes, complete).encoding).toBe(reference(bytes, complete));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('createStreamSource', () => {
  it('lets detection peek at stdin and replays those bytes to the reader', async () => {
    const body = 'x'.repeat(100_000) + '\nend\n';
    const source = createStreamSource(
      '-',
      Readable.from([Buffer.from(body.slice(0, 30_000)), Buffer.from(body.slice(30_000))]),
    );
    const sample = await readSample(source);
    expect(sample.bytes.length).toBe(65536);
    expect((await collect(openText(source))).join('')).toBe(body);
    expect(() => source.open()).toThrow(/only once/);
  });
});

/** The UTF-8 chunk decoder's text for `bytes` cut into chunks at `cuts`. */
function decodeCutAt(bytes: Buffer, cuts: number[], bomLength: number): string {
  const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((x, y) => x - y);
  const decoder = createChunkDecoder({ encoding: 'utf-8', bomLength });
  let text = '';
  let from = 0;
  for (const to of points) {
    text += decoder.decode(bytes.subarray(from, to), false);
    from = to;
  }
  return text + decoder.decode(bytes.subarray(from), true);
}
