import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem } from '../../src/inputs/json-syntax.js';
import { runCli } from '../cli/run-cli.js';

const sample = (text: string, name = 'export.json') => ({ name, text, bytes: Buffer.from(text) });

describe('input that is meant as JSON but is not', () => {
  it('is a syntax error with its line and column, not an unknown format', async () => {
    // An export cut by an editor: the detectors cannot tell what it is, the parser can tell where.
    const broken =
      '{\n  "software": [\n    {"name": "Kaspersky Endpoint Security",, "version": "12.3"}\n  ]\n}\n';
    const { code, stdout } = await runCli(['scan', '-', '-f', 'json'], broken);
    expect(code).toBe(2); // the only input: nothing could be read
    const report = JSON.parse(stdout) as { errors: { source: string; locator: string; message: string }[] };
    expect(report.errors).toEqual([
      { source: '-', locator: 'line 3 column 44', message: expect.stringMatching(/^not valid JSON: /) },
    ]);
  });

  it('names the broken line of JSON lines', () => {
    const text = '{"name":"pack_x","columns":{}}\n{"name":"pack_x",\n{"name":"pack_x","columns":{}}\n';
    expect(findJsonSyntaxProblem(sample(text, 'osqueryd.results.log'))?.locator).toMatch(
      /^line 2 column \d+$/,
    );
  });

  it('says nothing of valid JSON, of text, or of a sample cut off mid-record', () => {
    expect(findJsonSyntaxProblem(sample('{"a": [1, 2]}'))).toBeUndefined();
    expect(findJsonSyntaxProblem(sample('Name,Version\nfoo,1\n', 'apps.csv'))).toBeUndefined();
    const long = `[${'{"name":"x"},'.repeat(6000)}{"na`;
    expect(findJsonSyntaxProblem(sample(long))).toBeUndefined();
  });

  it('names a place inside the text for any document broken by one stray character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, at) => {
        const text = JSON.stringify(value, null, 2);
        const cut = at % (text.length + 1);
        const broken = `[${text.slice(0, cut)}\u0001${text.slice(cut)}]`;
        const problem = findJsonSyntaxProblem(sample(broken));
        expect(problem).toBeDefined();
        const [, line, column] = /^line (\d+) column (\d+)$/.exec(problem!.locator)!.map(Number);
        const lines = broken.split('\n');
        expect(line).toBeLessThanOrEqual(lines.length);
        expect(column).toBeLessThanOrEqual(lines[line! - 1]!.length + 1);
      }),
    );
  });
});
