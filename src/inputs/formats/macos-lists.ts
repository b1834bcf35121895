import { prune, toAttributes } from './json-values.js';
import { createLineFormat, sampleLines, linesPass } from './line-format.js';

const REVERSE_DNS =
  /^(com|org|net|io|de|uk|ru|jp|us|edu|gov|ch|fr|eu|me|co|app)\.[A-Za-z0-9_-]+(\.[A-Za-z0-9_.+-]+)+$/;

/** `pkgutil --pkgs`: one installer receipt (package id) per line. */
export const pkgutilPkgs = createLineFormat({
  id: 'pkgutil-pkgs',
  description: 'macOS pkgutil --pkgs receipt ids',
  producedBy: 'pkgutil --pkgs > pkgs.txt',
  detect(sample) {
    return linesPass(sample, (l) => REVERSE_DNS.test(l.trim()), 0.8)
      ? { id: 'pkgutil-pkgs', confidence: 0.7 }
      : undefined;
  },
  parse(text) {
    const id = text.trim();
    if (/\s/.test(id)) return { error: 'expected one package id per line' };
    return { kind: 'package', name: id, ids: [{ kind: 'pkg-id', value: id }] };
  },
});

/** `brew list --versions` (formulae) and `brew list --cask --versions`: name and installed versions. */
export const brewList = createLineFormat({
  id: 'brew-list',
  description: 'Homebrew brew list --versions',
  producedBy: 'brew list --versions > brew.txt; brew list --cask --versions >> brew.txt',
  detect(sample) {
    const pass = linesPass(
      sample,
      (l) => /^[a-z0-9][a-z0-9@+._-]* [^\s]+( [^\s]+)*$/.test(l) && /^\S+ \d/.test(l),
      0.9,
    );
    return pass && sampleLines(sample, 3).length >= 1 ? { id: 'brew-list', confidence: 0.55 } : undefined;
  },
  parse(text) {
    const [name, ...versions] = text.trim().split(/\s+/);
    if (!name || versions.length === 0) return { error: 'expected NAME VERSION…' };
    return prune({
      kind: 'package' as const,
      name,
      // brew lists every installed version, oldest first; the last one is linked.
      version: versions[versions.length - 1],
      ids: [{ kind: 'package' as const, value: name }],
      attributes: toAttributes({ versions: versions.length > 1 ? versions.join(' ') : undefined }),
    });
  },
});

/** `launchctl list`: PID, last exit status and label of each launchd job of the domain. */
export const launchctlList = createLineFormat({
  id: 'launchctl-list',
  description: 'macOS launchctl list (launchd jobs)',
  producedBy: 'sudo launchctl list > launchd-system.txt; launchctl list > launchd-user.txt',
  detect: (sample) =>
    /^PID\tStatus\tLabel\s*$/.test(sampleLines(sample, 1)[0] ?? '')
      ? { id: 'launchctl-list', confidence: 0.95 }
      : undefined,
  isHeader: (text) => /^PID\tStatus\tLabel/.test(text),
  parse(text) {
    const [pid, status, label] = text.split('\t');
    if (!label || pid === undefined || status === undefined)
      return { error: 'expected PID<TAB>Status<TAB>Label' };
    return prune({
      kind: 'service' as const,
      name: label,
      ids: [
        { kind: 'service' as const, value: label },
        // Most labels are the owning bundle's id (com.kaspersky.kav.gui…).
        ...(REVERSE_DNS.test(label) ? [{ kind: 'bundle-id' as const, value: label }] : []),
      ],
      attributes: toAttributes({
        pid: pid === '-' ? undefined : pid,
        status,
        running: pid === '-' ? 'false' : 'true',
      }),
    });
  },
});
