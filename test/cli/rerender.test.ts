import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTER_NAMES } from '../../src/report/registry.js';
import { runCli } from './run-cli.js';

const scanArgs = ['scan', 'examples/', '--as-of', '2025-01-01', '--fail-on', 'never'];

describe('interdict report', () => {
  it.each(REPORTER_NAMES)('renders a saved report as %s byte for byte like the scan did', async (format) => {
    const saved = join(mkdtempSync(join(tmpdir(), 'interdict-rerender-')), 'scan.json');
    writeFileSync(saved, (await runCli([...scanArgs, '-f', 'json'])).stdout);
    const direct = await runCli([...scanArgs, '-f', format]);
    const again = await runCli(['report', saved, '-f', format, '--fail-on', 'never']);
    expect(again.stdout).toBe(direct.stdout);
  });
});
