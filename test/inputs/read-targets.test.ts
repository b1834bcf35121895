import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readTargets } from '../../src/inputs/read-targets.js';
import type { Collector } from '../../src/inputs/types.js';
import { collect } from './helpers.js';

const F = 'test/fixtures/inputs/';

describe('readTargets', () => {
  it('reads files and stdin, and fills inputs once the stream is exhausted', async () => {
    const stdin = Readable.from([Buffer.from('Software;Vendor\nKaspersky Free;AO Kaspersky Lab\n')]);
    const { observations, inputs } = readTargets([`${F}osquery-json/programs.json`, '-'], { stdin });
    const obs = await collect(observations);
    expect(obs).toHaveLength(6);
    expect(obs[5]).toMatchObject({
      name: 'Kaspersky Free',
      origin: { source: '-', format: 'csv', locator: 'line 2' },
    });
    expect(inputs).toEqual([
      { source: `${F}osquery-json/programs.json`, format: 'osquery-json', records: 5, errors: [] },
      { source: '-', format: 'csv', records: 1, errors: [] },
    ]);
  });

  it('never throws for bad inputs: each is a summary with located errors', async () => {
    const { observations, inputs } = readTargets(
      [
        `${F}missing.json`,
        `${F}bad/empty.json`,
        `${F}bad/truncated.json`,
        `${F}bad/garbage.bin`,
        `${F}bad/nuls.bin`,
        `${F}cyclonedx/unsupported-1.1.cdx.json`,
      ],
      {},
    );
    const obs = await collect(observations);
    expect(obs.map((o) => o.name)).toEqual(['Google Chrome']);
    expect(
      inputs.map((i) => [
        i.source.replace(F, ''),
        i.format,
        i.records,
        i.failed ?? false,
        i.errors.map((e) => e.locator),
      ]),
    ).toEqual([
      ['missing.json', '', 0, true, ['']],
      ['bad/empty.json', '', 0, true, ['byte 0']],
      ['bad/truncated.json', 'osquery-json', 1, false, ['/1']],
      ['bad/garbage.bin', '', 0, true, ['byte 0']],
      ['bad/nuls.bin', '', 0, true, ['byte 0']],
      ['cyclonedx/unsupported-1.1.cdx.json', '', 0, true, ['byte 0']],
    ]);
    expect(inputs[0]!.errors[0]!.message).toBe('no such file or directory');
    expect(inputs[3]!.errors[0]!.message).toMatch(/binary content/);
  });

  it('walks a directory, reads what it recognises and lists the rest as skipped', async () => {
    const { observations, inputs } = readTargets([`${F}csv`, `${F}bad`], {});
    const obs = await collect(observations);
    expect(obs.length).toBeGreaterThan(8);
    const skipped = inputs.filter((i) => i.skipped).map((i) => i.source.replace(F, ''));
    expect(skipped).toEqual(['bad/empty.json', 'bad/garbage.bin', 'bad/nuls.bin']);
    expect(inputs.find((i) => i.source.endsWith('truncated.cdx.json'))).toMatchObject({
      format: 'cyclonedx-json',
      failed: true,
    });
    expect(inputs.filter((i) => i.format === 'csv')).toHaveLength(7);
    expect(inputs.filter((i) => i.format === 'suppliers').map((i) => i.source.replace(F, ''))).toEqual([
      'csv/vendors.csv',
    ]);
  });

  it('applies --csv-map and --input-format, and reports the prefilter and progress', async () => {
    const seen: number[] = [];
    const { observations, inputs } = readTargets([`${F}osquery-results/osqueryd.results.log`], {
      inputFormat: 'osquery-results',
      mayMatch: (chunk) => chunk.includes('ESET'),
      onProgress: (done) => seen.push(done),
    });
    const obs = await collect(observations);
    expect(
      obs.every((o) => o.origin.locator.startsWith('line 5') || o.origin.locator.startsWith('line 6')),
    ).toBe(true);
    expect(inputs[0]!.records).toBe(5);
    expect(seen.at(-1)).toBeGreaterThan(0);
    expect(() => readTargets([], { csvMap: { title: 'x' } })).toThrow(/unknown field "title"/);
  });

  it('collects the host when there is no target', async () => {
    const fake: Collector = {
      id: 'fake',
      description: 'fake',
      platforms: [process.platform],
      async *collect(ctx) {
        ctx.record();
        ctx.note?.('rpm', 'rpm is not available');
        yield {
          kind: 'package',
          name: 'kesl',
          host: ctx.host,
          origin: { source: ctx.host ?? '', format: 'fake', locator: 'dpkg/kesl' },
        };
      },
    };
    const { observations, inputs } = readTargets([], { collectors: [fake] });
    expect(await collect(observations)).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ format: 'fake', records: 1, errors: [], notes: [{ locator: 'rpm' }] });
  });
});
