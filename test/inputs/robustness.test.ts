import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapCsvHeader } from '../../src/inputs/formats/csv-header.js';
import { INPUT_FORMATS } from '../../src/inputs/registry.js';
import { createBufferSource, readSample } from '../../src/inputs/source.js';
import { collect, createTestContext } from './helpers.js';

/** Inputs that look a little like each format, so parsers get past their first check. */
const shaped = fc.oneof(
  fc.string(),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.json().map((j) => `[${j},${j}`),
  fc.json().map((j) => `{"bomFormat":"CycloneDX","specVersion":"1.5","components":${j}}`),
  fc.json().map((j) => `{"name":"q","hostIdentifier":"h","snapshot":${j}}\n${j}\n`),
  fc
    .array(fc.string(), { maxLength: 6 })
    .map((cells) => `Name,Publisher,Version\n${cells.join(',')}\n"${cells.join('"')}`),
);

describe('every parser on arbitrary input', () => {
  for (const format of INPUT_FORMATS) {
    it(`${format.id} never throws; it reports located errors`, async () => {
      await fc.assert(
        fc.asyncProperty(shaped, async (text) => {
          const source = createBufferSource('fuzz', text);
          format.detect(await readSample(source));
          const ctx = createTestContext();
          const observations = await collect(format.read(source, ctx));
          for (const o of observations) expect(o.origin.format).toBe(format.id);
          for (const e of ctx.errors) expect(typeof e.locator).toBe('string');
        }),
        { numRuns: 150 },
      );
    });
  }

  it('the CSV header mapper maps each column to at most one field, whatever the header', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string(),
            fc.constantFrom('Name', 'Vendor', 'Display Name', 'host', 'Version', 'VERSION', 'product'),
          ),
          { maxLength: 12 },
        ),
        (header) => {
          const { columns } = mapCsvHeader(header);
          const used = Object.values(columns);
          expect(new Set(used).size).toBe(used.length);
          for (const i of used) expect(i).toBeLessThan(header.length);
        },
      ),
    );
  });
});
