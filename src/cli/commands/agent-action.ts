import { hostname } from 'node:os';
import { readTargets } from '../../inputs/read-targets.js';
import { AgentAuthError, collectToSpool, flushSpool, type AgentOptions } from '../../server/agent/agent.js';
import { loadCredential } from '../../server/agent/credential.js';
import { createSpool } from '../../server/agent/spool.js';
import { UsageError, type CliIO } from '../io.js';
import type { AgentFlags } from './agent.js';

function parseDuration(value: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(value.trim());
  if (!m) throw new UsageError(`--interval ${value}: expected a number and s, m, h or d, e.g. 6h`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'] * 1000;
}

/** Enrols when needed; a server out of reach leaves everything in the spool for the next round. */
async function flushWithCredential(options: AgentOptions, credential: () => Promise<string | undefined>) {
  try {
    options.token = (await credential()) ?? '';
  } catch (error) {
    if (error instanceof AgentAuthError) throw error;
    options.log(`enrolment failed (${(error as Error).message}); will try again next round`);
    return (await options.spool.list()).length;
  }
  return flushSpool(options);
}

export async function runAgent(flags: AgentFlags, io: CliIO): Promise<number> {
  const given = flags.token ?? io.env.INTERDICT_TOKEN;
  const enrollSecret = flags.enrollSecret ?? io.env.INTERDICT_ENROLL_SECRET;
  if (!/^https?:\/\//.test(flags.server))
    throw new UsageError(`--server ${flags.server}: expected an http(s) URL`);
  const interval = parseDuration(flags.interval);
  const log = (m: string) => io.stderr.write(`interdict agent: ${m}\n`);
  const host = flags.hostName ?? hostname();
  const credential = () =>
    given
      ? Promise.resolve(given)
      : loadCredential({ server: flags.server, dir: flags.spool, host, enrollSecret, log });
  if (!given && !enrollSecret && !(await credential()))
    throw new UsageError(
      'no host credential',
      `pass --enroll-secret (interdict admin enroll-secret create) to enrol ${host}, or --token`,
    );
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const options: AgentOptions = {
    server: flags.server,
    token: '',
    spool: createSpool(flags.spool),
    host,
    collect: () => readTargets([], { includeHost: true }).observations,
    log,
    signal: controller.signal,
  };
  try {
    for (;;) {
      await collectToSpool(options);
      const waiting = await flushWithCredential(options, credential);
      if (waiting) options.log(`${waiting} inventories wait in ${flags.spool} for the next round`);
      if (flags.once) return waiting ? 3 : 0;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, interval);
        controller.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
      });
      if (controller.signal.aborted) return 0;
    }
  } catch (error) {
    if (error instanceof AgentAuthError) {
      io.stderr.write(`interdict agent: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
