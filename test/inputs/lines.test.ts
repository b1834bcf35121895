import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines, splitTextLines, type Line } from '../../src/inputs/lines.js';
import { collect, createTestContext } from './helpers.js';

async function* chunksOf(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

/** The reference: non-empty lines with 1-based numbers, '\r' stripped. */
function expectedLines(text: string): Line[] {
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts.map((t, i) => ({ line: i + 1, text: t.replace(/\r$/, '') })).filter((l) => l.text !== '');
}

const lineText = fc
  .array(fc.constantFrom('a', 'é', '{', '"', ' ', '\r', '\n', 'K', 'ж', '😀'), { maxLength: 60 })
  .map((cs) => cs.join(''));

describe('splitLines', () => {
  it('gives the same lines and numbers for any split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(lineText, fc.array(fc.nat(80), { maxLength: 8 }), async (text, cuts) => {
        const bytes = Buffer.from(text);
        const got = await collect(splitLines(chunksOf(bytes, cuts), createTestContext()));
        expect(got).toEqual(expectedLines(text));
      }),
    );
  });

  it('with a prefilter, yields exactly the matching lines and counts the others as records', async () => {
    await fc.assert(
      fc.asyncProperty(lineText, fc.array(fc.nat(80), { maxLength: 8 }), async (text, cuts) => {
        const ctx = createTestContext({ mayMatch: (chunk) => chunk.includes('K') });
        const got = await collect(splitLines(chunksOf(Buffer.from(text), cuts), ctx, { prefilter: true }));
        const all = expectedLines(text);
        expect(got).toEqual(all.filter((l) => l.text.includes('K')));
        expect(ctx.records + got.length).toBe(all.length);
      }),
    );
  });

  it('reports an overlong line once, at its number, and goes on', async () => {
    const text = `first\n${'x'.repeat(5000)}\nthird\n${'y'.repeat(5000)}`;
    const ctx = createTestContext();
    const got = await collect(
      splitLines(chunksOf(Buffer.from(text), [100, 2000, 4000, 5010]), ctx, { maxLineBytes: 1000 }),
    );
    expect(got).toEqual([
      { line: 1, text: 'first' },
      { line: 3, text: 'third' },
    ]);
    expect(ctx.errors.map((e) => e.locator)).toEqual(['line 2', 'line 4']);
  });
});

describe('splitTextLines', () => {
  it('keeps empty lines and numbers every line, for any split', async () => {
    await fc.assert(
      fc.asyncProperty(lineText, fc.array(fc.nat(80), { maxLength: 8 }), async (text, cuts) => {
        async function* pieces() {
          let start = 0;
          for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
            if (cut <= start || cut >= text.length) continue;
            yield text.slice(start, cut);
            start = cut;
          }
          yield text.slice(start);
        }
        const got = await collect(splitTextLines(pieces()));
        const parts = text.split('\n');
        if (parts.at(-1) === '') parts.pop();
        expect(got).toEqual(parts.map((t, i) => ({ line: i + 1, text: t.replace(/\r$/, '') })));
      }),
    );
  });
});
