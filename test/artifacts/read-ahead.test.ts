import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readAhead } from '../../src/inputs/walk.js';

async function* from<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('readAhead (files of a directory read at once, in walk order)', () => {
  it('keeps the order of the iterables whatever order they finish in, and overlaps them', async () => {
    let active = 0;
    let most = 0;
    const file = async function* (id: number, delays: number[]) {
      active++;
      most = Math.max(most, active);
      try {
        for (const [i, ms] of delays.entries()) {
          await sleep(ms);
          yield `${id}.${i}`;
        }
      } finally {
        active--;
      }
    };
    const files = [[30, 1], [1, 1, 1], [], [5]];
    const out: string[] = [];
    for await (const item of readAhead<string>(from(files.map((d, id) => file(id, d))), 3)) out.push(item);
    expect(out).toEqual(['0.0', '0.1', '1.0', '1.1', '1.2', '3.0']);
    expect(most).toBe(3);
    expect(active).toBe(0);
  });

  it('surfaces an error in its turn, after what came before it', async () => {
    const failing = async function* () {
      yield 'b';
      throw new Error('disk gone');
    };
    const out: string[] = [];
    await expect(async () => {
      for await (const item of readAhead<string>(from([from(['a']), failing(), from(['c'])]), 8))
        out.push(item);
    }).rejects.toThrow('disk gone');
    expect(out).toEqual(['a', 'b']);
  });

  it('holds at most `buffer` items per iterable ahead, and stops them when the reader stops', async () => {
    let produced = 0;
    let closed = 0;
    const endless = async function* () {
      try {
        for (;;) {
          produced++;
          yield produced;
        }
      } finally {
        closed++;
      }
    };
    const stream = readAhead<number>(from([endless(), endless()]), 2, 16);
    for await (const value of stream) if (value >= 5) break;
    await sleep(5);
    expect(produced).toBeLessThanOrEqual(5 + 2 * 17);
    expect(closed).toBe(2);
  });

  it('yields exactly the concatenation, for any sizes and concurrency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 40 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 8 }),
        async (lists, concurrency, buffer) => {
          const out: number[] = [];
          for await (const n of readAhead<number>(from(lists.map((l) => from(l))), concurrency, buffer))
            out.push(n);
          expect(out).toEqual(lists.flat());
        },
      ),
      { numRuns: 200 },
    );
  });
});
