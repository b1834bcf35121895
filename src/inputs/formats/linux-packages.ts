import type { Observation } from '../../core/observation.js';
import {
  parseDpkgQuery,
  parseFlatpakList,
  parseRpmQuery,
  parseSnapLine,
  type PackageRow,
} from '../collectors/linux-parse.js';
import { createLineFormat, sampleLines, linesPass } from './line-format.js';
import { prune, toAttributes } from './json-values.js';

const DEB_NAME = /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$/;
const VERSION = /^(\d+:)?\d[A-Za-z0-9.+~:_-]*$/;
const RPM_ARCH = /^(x86_64|noarch|i[3-6]86|aarch64|ppc64le|s390x|armv7hl|src|\(none\))$/;
const DEB_ARCH = /^(amd64|all|arm64|armhf|i386|ppc64el|s390x|riscv64)$/;

/** A package row as an observation, the same shape the Linux collector produces. */
function toPackage(
  row: PackageRow | undefined,
  removed = false,
): Omit<Observation, 'origin'> | { error: string } {
  if (!row) return { error: 'not a package line' };
  return prune({
    kind: 'package' as const,
    name: row.name,
    version: row.version,
    publisher: row.publisher,
    ids: [
      row.id
        ? { kind: 'package' as const, value: row.id }
        : { kind: 'linux-package' as const, value: row.name },
    ],
    removed: removed || undefined,
    attributes: toAttributes({ arch: row.arch, status: row.status }),
  });
}

/** `dpkg -l`: the status table with its "Desired=…" legend and ==== ruler. */
export const dpkgList = createLineFormat<{ widths?: number[] }>({
  id: 'dpkg-list',
  description: 'Debian/Ubuntu dpkg -l table',
  producedBy: 'dpkg -l > dpkg-l.txt',
  detect: (sample) =>
    /^Desired=Unknown\/Install\/Remove\/Purge\/Hold/m.test(sample.text.slice(0, 2048))
      ? { id: 'dpkg-list', confidence: 1 }
      : undefined,
  start: () => ({}),
  isHeader(text, _line, state) {
    if (/^\+\+\+-/.test(text)) {
      // The ruler's '-' separators give the column starts (names longer than a column push it).
      state.widths = [...text.matchAll(/-/g)].map((m) => m.index!);
      return true;
    }
    return /^(Desired=|\| Status=|\|\/ Err\?=|\|\|\/ Name)/.test(text);
  },
  parse(text) {
    const m = /^([uihrpUIHRP][nicuhfwtNICUHFWT ]?[ R]?)\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(text);
    if (!m) return { error: 'not a dpkg -l package line' };
    const [, status, name, version, arch, description] = m;
    const state = status!.trim();
    // "rc": removed, configuration files left; "un"/"pn": known but not installed.
    const removed = !/^[ih]i/.test(state);
    const obs = toPackage(
      {
        name: name!.replace(/:[a-z0-9-]+$/, ''),
        version: version === '<none>' ? undefined : version,
        arch: arch === '<none>' ? undefined : arch,
        status: state,
        line: 0,
      },
      removed,
    );
    if ('kind' in obs && description) obs.attributes = { ...obs.attributes, description };
    return obs;
  },
});

/** `dpkg-query -W` (default `${binary:Package}\t${Version}`) and the collector's 5-column -f format. */
export const dpkgQuery = createLineFormat({
  id: 'dpkg-query',
  description: 'Debian/Ubuntu dpkg-query -W tab-separated list',
  producedBy:
    "dpkg-query -W > packages.txt (or -f='${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Status}\\t${Maintainer}\\n')",
  detect(sample) {
    const pass = linesPass(
      sample,
      (l) => {
        const c = l.split('\t');
        return (
          c.length >= 2 &&
          c.length <= 5 &&
          DEB_NAME.test(c[0]!) &&
          VERSION.test(c[1]!) &&
          !RPM_ARCH.test(c[2] ?? '') &&
          (c[2] === undefined || DEB_ARCH.test(c[2]))
        );
      },
      0.9,
    );
    return pass ? { id: 'dpkg-query', confidence: 0.8 } : undefined;
  },
  parse(text) {
    const row = parseDpkgQuery(text)[0];
    if (row) row.name = row.name.replace(/:[a-z0-9-]+$/, '');
    return toPackage(row, !!row?.status && row.status !== 'installed');
  },
});

const NVRA = /^(.+)-([^-]+)-([^-]+?)(?:\.(x86_64|noarch|i[3-6]86|aarch64|ppc64le|s390x|armv7hl|src))?$/;

/** `rpm -qa` (NAME-VERSION-RELEASE.ARCH) and `rpm -qa --qf` with tab-separated columns. */
export const rpmQa = createLineFormat({
  id: 'rpm-qa',
  description: 'RPM package list (rpm -qa, with or without --qf)',
  producedBy:
    "rpm -qa > rpm-qa.txt (or --qf '%{NAME}\\t%{EPOCH}:%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{VENDOR}\\n')",
  detect(sample) {
    const nvra = (l: string) =>
      /^\S+-[^-\s]+-[^-\s]+\.(x86_64|noarch|i[3-6]86|aarch64|ppc64le|s390x)$/.test(l);
    if (linesPass(sample, nvra, 0.7)) return { id: 'rpm-qa', confidence: 0.85 };
    const tabs = (l: string) => {
      const c = l.split('\t');
      return c.length >= 3 && RPM_ARCH.test(c[2]!);
    };
    return linesPass(sample, tabs, 0.9) ? { id: 'rpm-qa', confidence: 0.85 } : undefined;
  },
  parse(text) {
    if (text.includes('\t')) return toPackage(parseRpmQuery(text)[0]);
    const m = NVRA.exec(text.trim());
    if (!m) return { error: 'expected NAME-VERSION-RELEASE[.ARCH]' };
    return toPackage({ name: m[1]!, version: `${m[2]}-${m[3]}`, arch: m[4], line: 0 });
  },
});

/** `apk info -v` (name-version-rN) and `apk info -vv` (… - description). */
export const apkInfo = createLineFormat({
  id: 'apk-info',
  description: 'Alpine apk info -v package list',
  producedBy: 'apk info -v > apk.txt',
  detect(sample) {
    const pass = linesPass(
      sample,
      (l) => l.startsWith('WARNING: ') || /^[a-z0-9][\w.+-]*-\d[\w.+~]*-r\d+( - .*)?$/i.test(l),
      0.9,
    );
    return pass ? { id: 'apk-info', confidence: 0.85 } : undefined;
  },
  // apk prints a warning line before the list when run as a non-root user.
  isHeader: (text) => /^WARNING: /.test(text),
  parse(text) {
    const [pkg, ...description] = text.split(' - ');
    const m = /^(.+)-(\d[^-\s]*-r\d+)$/.exec(pkg!.trim());
    if (!m) return { error: 'expected NAME-VERSION-rN' };
    const obs = toPackage({ name: m[1]!, version: m[2], line: 0 });
    if ('kind' in obs && description.length) obs.attributes = { description: description.join(' - ') };
    return obs;
  },
});

/** `snap list`. */
export const snapList = createLineFormat({
  id: 'snap-list',
  description: 'snap list table',
  producedBy: 'snap list > snap-list.txt',
  detect: (sample) =>
    /^Name\s+Version\s+Rev\s+Tracking\s+Publisher\s+Notes\s*$/m.test(sampleLines(sample, 1)[0] ?? '')
      ? { id: 'snap-list', confidence: 0.95 }
      : undefined,
  isHeader: (text, line) => line === 1 || /^Name\s+Version\s+Rev\s+/.test(text),
  parse: (text, line) => toPackage(parseSnapLine(text, line)),
});

const APP_ID = /^[A-Za-z][\w-]*(\.[\w-]+){2,}$/;

/**
 * `flatpak list` as written to a pipe: tab-separated, either the default columns
 * (name, application, version, branch, installation) or `--columns=application,name,version,origin`.
 */
export const flatpakList = createLineFormat({
  id: 'flatpak-list',
  description: 'flatpak list (tab-separated, default or --columns=application,name,version,origin)',
  producedBy: 'flatpak list --app > flatpak.txt',
  detect(sample) {
    const pass = linesPass(
      sample,
      (l) => {
        const c = l.split('\t');
        return c.length >= 3 && (APP_ID.test(c[0]!) || APP_ID.test(c[1]!));
      },
      0.8,
    );
    return pass && /\t(stable|system|user|flathub|beta|master)\b/.test(sample.text)
      ? { id: 'flatpak-list', confidence: 0.85 }
      : undefined;
  },
  isHeader: (text) => /^(Name\tApplication ID|Application ID\t)/i.test(text),
  parse(text) {
    const cells = text.split('\t');
    if (APP_ID.test(cells[0]!)) return toPackage(parseFlatpakList(text)[0]);
    if (!APP_ID.test(cells[1] ?? '')) return { error: 'no application id in this row' };
    return toPackage({ name: cells[0]!, id: cells[1], version: cells[2] || undefined, line: 0 });
  },
});
