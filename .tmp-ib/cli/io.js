export function processIO() {
    return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}
/** An error the user can fix: one line, a hint, exit code 2. */
export class UsageError extends Error {
    hint;
    constructor(message, hint) {
        super(message);
        this.hint = hint;
    }
}
export const EXIT = { ok: 0, findings: 1, usage: 2, partial: 3 };
