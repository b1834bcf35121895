import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

/** The CLI writing to a 120-column terminal with the given environment. */
async function scanOnTerminal(env: NodeJS.ProcessEnv): Promise<string> {
  let stdout = '';
  const stdin = new PassThrough();
  stdin.end();
  await run(['scan', 'examples/intune-apps.csv', '--as-of', '2025-01-01'], {
    stdout: { write: (s: string) => (stdout += s), isTTY: true, columns: 120 },
    stderr: { write: () => true, isTTY: false },
    stdin,
    env,
  });
  return stdout;
}

describe('colour on a terminal', () => {
  it('is on by default', async () => {
    expect(await scanOnTerminal({})).toContain('\u001b[');
  });

  it.each([{ NO_COLOR: '1' }, { TERM: 'dumb' }])('is off with %o', async (env) => {
    const out = await scanOnTerminal(env);
    expect(out).toContain('Kaspersky');
    expect(out).not.toContain('\u001b[');
  });

  it('stays on when NO_COLOR is empty, as no-color.org says', async () => {
    expect(await scanOnTerminal({ NO_COLOR: '' })).toContain('\u001b[');
  });
});
