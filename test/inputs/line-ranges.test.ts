import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { createPrefilter } from '../../src/core/prefilter.js';
import { detectEncoding } from '../../src/inputs/encoding.js';
import { osqueryResults } from '../../src/inputs/formats/osquery-results.js';
import {
  joinRanges,
  planRanges,
  readLineRange,
  runOnLanes,
  shiftLine,
  type RangeRequest,
} from '../../src/inputs/line-ranges.js';
import { readLines } from '../../src/inputs/lines.js';
import { openFileSource } from '../../src/inputs/source.js';
import type { InputFormat } from '../../src/inputs/types.js';
import { collect, createTestContext, FIXTURES } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'interdict-ranges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function writeTemp(content: Buffer): string {
  const path = join(dir, `log-${files++}.log`);
  writeFileSync(path, content);
  return path;
}

/** A line-record format: every line it is given becomes an observation (or, holding "bad", an error). */
const echoLines: InputFormat = {
  id: 'echo-lines',
  description: 'test',
  producedBy: 'test',
  detect: () => undefined,
  async *read(source, ctx) {
    for await (const { line, text } of readLines(source, ctx, { prefilter: true })) {
      ctx.record();
      if (text.includes('bad')) ctx.error(`line ${line} /x`, `bad line: ${text}`);
      else
        yield {
          kind: 'program',
          name: text,
          origin: { source: source.name, format: 'echo-lines', locator: `line ${line}` },
        };
    }
  },
};

const mayMatch = createPrefilter(['kaspersky', 'kav']);

interface Outcome {
  observations: Observation[];
  errors: { locator: string; message: string }[];
  records: number;
}

async function readWhole(format: InputFormat, path: string): Promise<Outcome> {
  const ctx = createTestContext({ mayMatch });
  const observations = await collect(format.read(await openFileSource(path), ctx));
  return {
    observations,
    errors: ctx.errors.map(({ locator, message }) => ({ locator, message })),
    records: ctx.records,
  };
}

async function readSplit(format: InputFormat, path: string, rangeBytes: number): Promise<Outcome> {
  const bytes = readFileSync(path);
  const encoding = detectEncoding(bytes.subarray(0, 65536), bytes.length <= 65536);
  const requests: RangeRequest[] = planRanges(bytes.length, rangeBytes).map((r) => ({
    ...r,
    path,
    formatId: format.id,
    size: bytes.length,
    encoding,
  }));
  const buffers: Buffer[] = [];
  const results = runOnLanes(requests, [(r) => readLineRange(format, r, mayMatch, buffers)], 1);
  const outcome: Outcome = { observations: [], errors: [], records: 0 };
  const ctx = {
    error: (locator: string, message: string) => outcome.errors.push({ locator, message }),
    record: (n = 1) => {
      outcome.records += n;
    },
    progress: () => undefined,
    suppress: () => undefined,
  };
  outcome.observations = await collect(joinRanges(results, ctx));
  return outcome;
}

const piece = fc.constantFrom(
  'a',
  'kaspersky',
  'KAV',
  'bad',
  ' ',
  'é',
  '\r',
  '\n',
  '\n',
  '\r\n',
  'x'.repeat(30),
);
const content = fc.array(piece, { maxLength: 40 }).map((ps) => ps.join(''));

describe('reading a file in line-aligned slices', () => {
  it('gives the observations, errors, locators and records of one pass, wherever the slices are cut', async () => {
    await fc.assert(
      fc.asyncProperty(content, fc.integer({ min: 1, max: 64 }), async (text, rangeBytes) => {
        const path = writeTemp(Buffer.from(text));
        expect(await readSplit(echoLines, path, rangeBytes)).toEqual(await readWhole(echoLines, path));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a hit at a slice boundary, a straddling line, CRLF, empty lines and no final newline', async () => {
    const text = `kaspersky\r\n\n${'y'.repeat(45)}kav\nbad kav\r\n\r\nab kaspersky cd\nkav`;
    const path = writeTemp(Buffer.from(text));
    const whole = await readWhole(echoLines, path);
    expect(whole.observations.map((o) => o.origin.locator)).toEqual(['line 1', 'line 3', 'line 6', 'line 7']);
    expect(whole.errors.map((e) => e.locator)).toEqual(['line 4 /x']);
    for (let rangeBytes = 1; rangeBytes <= text.length; rangeBytes++)
      expect(await readSplit(echoLines, path, rangeBytes)).toEqual(whole);
  });

  it('reports an overlong line spanning several slices once, at its line, and reads on', async () => {
    // Lines are limited to 64 MiB by default: this one passes it and covers four 16 MiB slices.
    const long = Buffer.alloc(64 * 1024 * 1024 + 10, 'k'.charCodeAt(0));
    const path = writeTemp(Buffer.concat([Buffer.from('kav 1\n\n'), long, Buffer.from('\nkav 4\n')]));
    const whole = await readWhole(echoLines, path);
    expect(whole.errors.map((e) => e.locator)).toEqual(['line 3']);
    expect(whole.observations.map((o) => o.origin.locator)).toEqual(['line 1', 'line 4']);
    expect(await readSplit(echoLines, path, 16 * 1024 * 1024)).toEqual(whole);
  });

  it('reads an osquery results log in slices as in one pass', async () => {
    const fixture = readFileSync(join(FIXTURES, 'osquery-results/osqueryd.results.log'));
    const path = writeTemp(Buffer.concat([fixture, Buffer.from('{not json kaspersky\n'), fixture]));
    const whole = await readWhole(osqueryResults, path);
    expect(whole.observations.length).toBeGreaterThan(0);
    expect(whole.errors.length).toBeGreaterThan(0);
    for (const rangeBytes of [1, 97, 1000, 4096])
      expect(await readSplit(osqueryResults, path, rangeBytes)).toEqual(whole);
  });

  it('decodes a slice as its file is, whatever its own first bytes look like', async () => {
    // A slice starting at Latin-1 bytes would be taken for Windows-1252 on its own; the file is UTF-8.
    const text = Buffer.concat([
      Buffer.from('kaspersky é\n'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from('kaspersky é\n'),
    ]);
    const path = writeTemp(text);
    expect(await readSplit(echoLines, path, 13)).toEqual(await readWhole(echoLines, path));
  });
});

describe('shiftLine', () => {
  it('renumbers a leading line number only', () => {
    expect(shiftLine('line 3 /snapshot/0', 10)).toBe('line 13 /snapshot/0');
    expect(shiftLine('', 10)).toBe('');
    expect(shiftLine('byte 3', 10)).toBe('byte 3');
  });
});

describe('runOnLanes', () => {
  it('gives results in request order, each lane running one at a time, at most `ahead` past the one awaited', async () => {
    let running = 0;
    let most = 0;
    let ran = 0;
    const lane = (delay: number) => async (n: number) => {
      running++;
      ran++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, delay));
      running--;
      return n * 10;
    };
    const got: number[] = [];
    for await (const r of runOnLanes([1, 2, 3, 4, 5, 6, 7], [lane(1), lane(5), lane(3)], 4)) {
      got.push(r);
      expect(ran).toBeLessThanOrEqual(got.length - 1 + 4);
    }
    expect(got).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(most).toBe(3);
  });

  it('throws a failure in its place', async () => {
    const run = async (n: number) => {
      if (n === 2) throw new Error('two');
      return n;
    };
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const n of runOnLanes([1, 2, 3], [run, run], 2)) got.push(n);
      })(),
    ).rejects.toThrow('two');
    expect(got).toEqual([1]);
  });
});
