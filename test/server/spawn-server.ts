import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
export const BIN = join(root, 'dist/bin/interdict.js');

/** Runs the built command to completion (admin commands): stdout trimmed, throws on a non-zero exit. */
export function runCli(args: string[], input?: string): string {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`interdict ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  stdout: string;
  /** Resolves when the process has exited (after kill or stop). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/** Starts `interdict serve` on a free port and waits for the line that names its URL. */
export async function spawnServe(db: string, extra: string[] = []): Promise<SpawnedServer> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--db', db, '--port', '0', '--insecure-cookies', '--log-level', 'warn', ...extra],
    { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 20 s: ${stderr}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /interdict server on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code} before listening: ${stderr}`));
    });
  });
  return {
    url,
    child,
    get stdout() {
      return stdout;
    },
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
