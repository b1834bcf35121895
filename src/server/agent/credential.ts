import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AgentAuthError } from './agent.js';

/** Where the host credential is kept: beside the spool, readable by the agent's user only. */
const CREDENTIAL_FILE = 'credential';

export interface CredentialOptions {
  server: string;
  /** The agent's state folder (its spool). */
  dir: string;
  host: string;
  enrollSecret?: string;
  fetch?: typeof fetch;
  log: (message: string) => void;
}

/**
 * The host credential: the one stored in `dir`, else a new one from enrolling with the secret
 * (stored with mode 0600 before it is used, so a crash right after enrolment does not lose it).
 * Undefined when there is neither; a refused secret throws AgentAuthError.
 */
export async function loadCredential(o: CredentialOptions): Promise<string | undefined> {
  const path = join(o.dir, CREDENTIAL_FILE);
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (!o.enrollSecret) return undefined;
  const res = await (o.fetch ?? fetch)(`${o.server.replace(/\/+$/, '')}/api/v1/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: o.enrollSecret, host: o.host }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (res.status === 401 || res.status === 409 || res.status === 422)
    throw new AgentAuthError(`server refused to enrol ${o.host} (${res.status}): ${text.slice(0, 300)}`);
  if (res.status !== 201)
    throw new Error(`enrolment of ${o.host} failed (${res.status}): ${text.slice(0, 300)}`);
  const { token } = JSON.parse(text) as { token: string };
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  await writeFile(`${path}.tmp`, `${token}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
  o.log(`enrolled ${o.host}; its credential is in ${path}`);
  return token;
}
