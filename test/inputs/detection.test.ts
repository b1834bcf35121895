import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linesPass, sampleLines } from '../../src/inputs/formats/line-format.js';
import { INPUT_FORMAT_IDS, InputFormatError, resolveFormat } from '../../src/inputs/registry.js';
import { createBufferSource, openFileSource, readSample } from '../../src/inputs/source.js';
import { FIXTURES } from './helpers.js';

async function sampleOf(relative: string) {
  return readSample(await openFileSource(FIXTURES + relative));
}

describe('format detection', () => {
  it.each([
    ['osquery-json/programs.json', 'osquery-json'],
    ['osquery-json/apps.json', 'osquery-json'],
    ['osquery-json/deb-packages.json', 'osquery-json'],
    ['osquery-json/rpm-packages.json', 'osquery-json'],
    ['osquery-json/chrome-extensions.json', 'osquery-json'],
    ['osquery-json/processes.json', 'osquery-json'],
    ['osquery-json/services.json', 'osquery-json'],
    ['osquery-json/../bad/truncated.json', 'osquery-json'],
    ['osquery-results/osqueryd.results.log', 'osquery-results'],
    ['osquery-results/truncated-line.log', 'osquery-results'],
    ['cyclonedx/gateway-1.5.cdx.json', 'cyclonedx-json'],
    ['cyclonedx/agent-1.6.cdx.json', 'cyclonedx-json'],
    ['cyclonedx/npm-1.2.cdx.json', 'cyclonedx-json'],
    ['csv/intune-apps.csv', 'csv'],
    ['csv/semicolon.csv', 'csv'],
    ['csv/lansweeper.tsv', 'csv'],
    ['csv/utf16le-bom.csv', 'csv'],
    ['csv/latin1.csv', 'csv'],
    ['csv/vendors.csv', 'suppliers'],
    ['csv/ragged.csv', 'csv'],
    // The Linux collector's recorded command outputs are file formats too.
    ['linux/dpkg-query.txt', 'dpkg-query'],
    ['linux/rpm-qa.txt', 'rpm-qa'],
    ['linux/snap-list.txt', 'snap-list'],
    ['linux/flatpak-list.txt', 'flatpak-list'],
    // Every fixture of the inventory, SBOM, host-listing and network formats: test/inputs/formats.test.ts.
  ])('detects %s as %s by content, and no other format claims it as strongly', async (file, id) => {
    const sample = await sampleOf(file);
    const resolved = resolveFormat({ ...sample, name: 'renamed.dat' });
    expect(resolved.format.id).toBe(id);
    expect(resolved.by).toBe('content');
  });

  it.each([
    [
      'bad/garbage.bin',
      new RegExp(
        `no input format recognised \\(binary content\\); tried ${INPUT_FORMAT_IDS.join(', ')}; use --input-format`,
      ),
    ],
    ['bad/nuls.bin', /binary content/],
    ['linux/systemctl-plain.txt', /no input format recognised \(text\)/],
  ])('does not recognise %s', async (file, message) => {
    const sample = await sampleOf(file);
    expect(() => resolveFormat(sample)).toThrow(message);
    expect(() => resolveFormat(sample)).toThrow(expect.objectContaining({ code: 'unrecognised' }));
  });

  it('tells an unsupported version of a known format apart', async () => {
    const sample = await sampleOf('cyclonedx/unsupported-1.1.cdx.json');
    let error: unknown;
    try {
      resolveFormat(sample);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputFormatError);
    expect(error).toMatchObject({
      code: 'unsupported-version',
      message: expect.stringMatching(
        /cyclonedx-json version 1.1 is not supported; supported: 1.2, 1.3, 1.4, 1.5, 1.6/,
      ),
    });
    expect(() => resolveFormat(sample, 'cyclonedx-json')).toThrow(/version 1.1/);
  });

  it('rejects an unknown --input-format id, listing the valid ones', async () => {
    const sample = await sampleOf('csv/intune-apps.csv');
    expect(() => resolveFormat(sample, 'fleet')).toThrow(
      `unknown --input-format value "fleet"; valid ids: ${INPUT_FORMAT_IDS.join(', ')}`,
    );
    expect(resolveFormat(sample, 'osquery-json')).toMatchObject({
      format: { id: 'osquery-json' },
      by: 'explicit',
    });
  });

  it('falls back to file-name hints, and calls an empty input empty', async () => {
    const hinted = await readSample(createBufferSource('export.csv', 'just one line of text\n'));
    expect(resolveFormat(hinted)).toMatchObject({ format: { id: 'csv' }, by: 'file-name' });
    const empty = await readSample(createBufferSource('empty.json', ''));
    expect(() => resolveFormat(empty)).toThrow(expect.objectContaining({ code: 'empty' }));
  });
});

describe('linesPass', () => {
  // The share of passing lines, counted in full: what the early exit must agree with.
  const share = (lines: string[], test: (l: string) => boolean, count = 20) => {
    const judged = lines.length > count ? lines.slice(0, count) : lines;
    return judged.length ? judged.filter(test).length / judged.length : 0;
  };

  it('answers exactly whether the share of passing lines reaches the threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('pass', 'fail', '', 'pass pass'), { maxLength: 40 }),
        fc.constantFrom(0.5, 0.6, 0.7, 0.8, 0.9, 1),
        (lines, threshold) => {
          const sample = { name: 't', text: lines.join('\n'), bytes: Buffer.from(lines.join('\n')) };
          const test = (l: string) => l.startsWith('pass');
          const expected =
            share(sampleLines(sample, 21), test) >= threshold && sampleLines(sample, 21).length > 0;
          expect(linesPass(sample, test, threshold)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
