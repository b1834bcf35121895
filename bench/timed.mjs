import { spawnSync } from 'node:child_process';

/** Runs a command under GNU time: wall seconds, peak RSS in MB, its output and exit status. */
export function timed(cmd, argv) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = r.stderr.trim().split('\n');
  return {
    seconds,
    maxRssMb: Number(lines[lines.length - 1]) / 1024,
    stdout: r.stdout,
    status: r.status,
    stderr: lines.slice(0, -1).join('\n'),
  };
}
