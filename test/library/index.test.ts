import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as interdict from '../../src/index.js';

const root = join(import.meta.dirname, '../..');

describe('the library entry point', () => {
  it('scans without printing and evaluates single observations', async () => {
    const report = await interdict.scan({
      targets: [join(root, 'examples/fleet-windows-programs.json')],
      asOf: '2024-10-01',
      profile: 'federal-contractor',
    });
    expect(report.findings.map((f) => f.status)).toContain('prohibited');
    const pack = await interdict.loadDataPack();
    const finding = interdict.createEvaluator(pack, { asOf: '2024-10-01', profile: 'us-person' }).evaluate({
      kind: 'program',
      name: 'Kaspersky Total Security',
      publisher: 'AO Kaspersky Lab',
      origin: { source: 'x', format: 'y', locator: '/0' },
    });
    expect(finding?.status).toBe('unsupported');
  });

  it.skipIf(!existsSync(join(root, 'dist/index.js')))('is what the package exports once built', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import('interdict').then((m) => console.log(typeof m.scan))"],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('function');
  });
});
