import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../src/inputs/format-table.js';
import { INPUT_FORMATS } from '../../src/inputs/registry.js';

describe('the README table of input formats', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
  const block = /<!-- input-formats:[^\n]*-->\n([\s\S]*?)\n<!-- \/input-formats -->/.exec(readme);

  it('is the one the registry generates (run `npm run build && npm run readme:formats` after adding a format)', () => {
    expect(block, 'README.md lost its <!-- input-formats --> block').not.toBeNull();
    expect(block![1]).toBe(formatTable());
  });

  it('has one row per format, and a pipe in a description cannot add a column', () => {
    expect(formatTable().split('\n')).toHaveLength(INPUT_FORMATS.length + 2);
    const odd = formatTable([{ ...INPUT_FORMATS[0]!, description: 'a | b\nc', producedBy: 'x | y' }]);
    expect(odd.split('\n')[2]).toBe(`| \`${INPUT_FORMATS[0]!.id}\` | a \\| b c | \`x \\| y\` |`);
  });
});
