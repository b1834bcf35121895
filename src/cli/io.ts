/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return {
    stdout: guardPipe(process.stdout),
    stderr: guardPipe(process.stderr),
    stdin: process.stdin,
    env: process.env,
  };
}

/**
 * A reader that goes away (`| head`) closes the pipe: later writes are dropped, as `cat` and `grep`
 * do, and the command still ends with its own exit code instead of an EPIPE stack.
 */
function guardPipe(stream: NodeJS.WriteStream): CliIO['stdout'] {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return {
    write: (s: string) => (closed ? false : stream.write(s)),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}

/** An error the user can fix: one line, a hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, findings: 1, usage: 2, partial: 3 } as const;
