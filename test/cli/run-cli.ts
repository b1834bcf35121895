import { PassThrough } from 'node:stream';
import { run } from '../../src/cli/run.js';

/** Runs the CLI in-process with captured output, as a user's terminal would see it when piped. */
export async function runCli(
  argv: string[],
  stdinText = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(stdinText);
  const code = await run(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin,
    env: { NO_COLOR: '1' },
  });
  return { code, stdout, stderr };
}
