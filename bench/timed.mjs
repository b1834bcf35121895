import { spawnSync } from 'node:child_process';

/**
 * Runs a command under GNU time (in `cwd`, the caller's by default): wall seconds, CPU seconds
 * (user + sys), peak RSS in MB, its output and exit status.
 */
export function timed(cmd, argv, cwd = undefined) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    cwd,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = r.stderr.trim().split('\n');
  const [rss, user, sys] = lines[lines.length - 1].split(' ').map(Number);
  return {
    seconds,
    cpu: user + sys,
    maxRssMb: rss / 1024,
    stdout: r.stdout,
    status: r.status,
    stderr: lines.slice(0, -1).join('\n'),
  };
}

/**
 * One file read from the page cache by `rg -c -i kaspersky` and by `interdict scan -f json` (the
 * built CLI `cli`) as of `asOf`: both timings and the parsed report.
 */
export function versusRipgrep(cli, file, asOf) {
  spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
  const rg = timed('rg', ['-c', '-i', 'kaspersky', file]);
  const scan = timed(process.execPath, [
    cli,
    'scan',
    file,
    '-f',
    'json',
    '--fail-on',
    'never',
    '-q',
    '--as-of',
    asOf,
  ]);
  const report = JSON.parse(scan.stdout || '{"findings":[],"inputs":[]}');
  return { rg, scan, report };
}
