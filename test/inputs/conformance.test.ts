import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUT_FORMATS, resolveFormat } from '../../src/inputs/registry.js';
import { createBufferSource, readSample } from '../../src/inputs/source.js';
import type { InputFormat } from '../../src/inputs/types.js';
import { collect, createTestContext, FIXTURES } from './helpers.js';

/** Every regular fixture file under test/fixtures/inputs, with the format it is detected as. */
async function listFixtures(): Promise<{ file: string; bytes: Buffer; format: InputFormat }[]> {
  const out: { file: string; bytes: Buffer; format: InputFormat }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(FIXTURES + dir)) {
      const rel = dir ? `${dir}/${name}` : name;
      // Symlinks (a recorded /proc tree) are not inputs.
      const info = lstatSync(FIXTURES + rel);
      if (info.isDirectory()) walk(rel);
      else if (info.isFile() && info.size > 0 && info.size < 256 * 1024)
        out.push({ file: rel, bytes: readFileSync(FIXTURES + rel), format: undefined! });
    }
  };
  walk('');
  const known: typeof out = [];
  for (const f of out) {
    try {
      const sample = await readSample(createBufferSource(f.file, f.bytes));
      known.push({ ...f, format: resolveFormat(sample).format });
    } catch {
      // Not a recognised input (a proc tree file, garbage): the robustness test covers those.
    }
  }
  return known;
}

async function readSafely(format: InputFormat, bytes: Buffer) {
  const ctx = createTestContext();
  const observations = await collect(format.read(createBufferSource('cut', bytes), ctx));
  for (const o of observations) {
    expect(o.origin.format).toBe(format.id);
    expect(typeof o.origin.locator).toBe('string');
  }
  for (const e of ctx.errors) expect(typeof e.locator).toBe('string');
  return { observations, ctx };
}

describe('conformance: every format over its own fixtures, cut and corrupted', async () => {
  const fixtures = await listFixtures();

  it('finds fixtures for most registered formats', () => {
    const covered = new Set(fixtures.map((f) => f.format.id));
    expect(covered.size).toBeGreaterThanOrEqual(INPUT_FORMATS.length - 4);
  });

  for (const { file, bytes, format } of fixtures) {
    it(`${format.id}: ${file} truncated anywhere never throws, and keeps what it could read`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (cut) => {
          await readSafely(format, bytes.subarray(0, cut));
        }),
        { numRuns: 25 },
      );
    });
    it(`${format.id}: ${file} with corrupted bytes never throws`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.tuple(fc.nat({ max: Math.max(0, bytes.length - 1) }), fc.integer({ min: 0, max: 255 })),
            {
              minLength: 1,
              maxLength: 8,
            },
          ),
          async (edits) => {
            const copy = Buffer.from(bytes);
            for (const [at, value] of edits) copy[at] = value;
            await readSafely(format, copy);
          },
        ),
        { numRuns: 25 },
      );
      // A damaged workbook is given up after 2 s of silence: allow for several of those.
    }, 120_000);
  }
});
