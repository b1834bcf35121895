// CPU time of the processes a benchmark runs, read from /proc (Linux): what each side of a
// client-server run costs per unit of work, when they share the machine's cores.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** User + system CPU seconds of one process; 0 when it cannot be read (not Linux, or gone). */
export function processCpuSeconds(pid) {
  try {
    return cpuOf(readFileSync(`/proc/${pid}/stat`, 'utf8')).seconds;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds of every process running `command` (all of PostgreSQL's), summed. */
export function commandCpuSeconds(command) {
  let total = 0;
  let names;
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return 0;
  }
  for (const pid of names) {
    try {
      const cpu = cpuOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (cpu.command === command) total += cpu.seconds;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return total;
}

/** Fields 14 and 15 of /proc/PID/stat (utime, stime), counted after the parenthesised command. */
function cpuOf(stat) {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    command: stat.slice(stat.indexOf('(') + 1, close),
    seconds: (Number(fields[11]) + Number(fields[12])) / TICKS,
  };
}
