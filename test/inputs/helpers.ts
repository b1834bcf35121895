import { relative as relativePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Observation } from '../../src/core/observation.js';
import type { ReadError } from '../../src/core/report.js';
import { openFileSource } from '../../src/inputs/source.js';
import type { InputFormat, ReadContext } from '../../src/inputs/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/inputs/', import.meta.url));

export interface TestContext extends ReadContext {
  errors: ReadError[];
  notes: ReadError[];
  records: number;
}

/** A ReadContext that keeps what readers report, for assertions. */
export function createTestContext(
  options: {
    mayMatch?: (chunk: string | Buffer) => boolean;
    mayFind?: ReadContext['mayFind'];
    host?: string;
  } = {},
): TestContext {
  const ctx: TestContext = {
    errors: [],
    notes: [],
    records: 0,
    error: (locator, message) => ctx.errors.push({ source: 'test', locator, message }),
    note: (locator, message) => ctx.notes.push({ source: 'test', locator, message }),
    record: (count = 1) => {
      ctx.records += count;
    },
    mayMatch: options.mayMatch ?? (() => true),
    progress: () => undefined,
    host: options.host,
    ...(options.mayFind ? { mayFind: options.mayFind } : {}),
  };
  return ctx;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Reads a fixture (path relative to test/fixtures/inputs) with one format. */
export async function readFixture(
  format: InputFormat,
  relative: string,
  ctx: TestContext = createTestContext(),
): Promise<{ observations: Observation[]; ctx: TestContext }> {
  // Relative to the repository root, so origins in assertions hold no machine-specific path.
  const source = await openFileSource(relativePath(process.cwd(), FIXTURES + relative));
  const observations = await collect(format.read(source, ctx));
  return { observations, ctx };
}
