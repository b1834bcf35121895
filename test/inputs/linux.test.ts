import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createLinuxCollector, type RunCommand } from '../../src/inputs/collectors/linux.js';
import {
  parseDpkgQuery,
  parseFlatpakList,
  parseRpmQuery,
  parseSnapList,
  parseSystemctlJson,
  parseSystemctlPlain,
} from '../../src/inputs/collectors/linux-parse.js';
import { collect, createTestContext, FIXTURES } from './helpers.js';

const fixture = (name: string) => readFileSync(`${FIXTURES}linux/${name}`, 'utf8');

describe('linux command output parsers', () => {
  it('parses dpkg-query rows with status and maintainer', () => {
    expect(parseDpkgQuery(fixture('dpkg-query.txt'))[2]).toEqual({
      name: 'klnagent64',
      version: '15.1.0-20748',
      arch: 'amd64',
      status: 'config-files',
      publisher: 'AO Kaspersky Lab <support@kaspersky.com>',
      line: 3,
    });
  });
  it('parses rpm -qa rows and drops "(none)"', () => {
    const rows = parseRpmQuery(fixture('rpm-qa.txt'));
    expect(rows.map((r) => [r.name, r.version, r.publisher])).toEqual([
      ['kesl', '12.1.0-1297', 'AO Kaspersky Lab'],
      ['gpg-pubkey', '3228467c-613798eb', undefined],
      ['openssl', '1:3.0.7-27.el9', 'Rocky Enterprise Software Foundation'],
    ]);
  });
  it('parses snap list with verified-publisher marks removed', () => {
    expect(parseSnapList(fixture('snap-list.txt')).map((r) => [r.name, r.version, r.publisher])).toEqual([
      ['core22', '20241001', 'canonical'],
      ['firefox', '133.0-2', 'mozilla'],
      ['kaspersky-passwd', '9.2.0.1', 'kaspersky-lab'],
      ['snapd', '2.66.1', 'canonical'],
    ]);
  });
  it('parses flatpak list with application ids', () => {
    expect(parseFlatpakList(fixture('flatpak-list.txt'))[0]).toEqual({
      name: 'Firefox',
      version: '133.0',
      publisher: 'flathub',
      id: 'org.mozilla.firefox',
      line: 1,
    });
  });
  it('parses systemctl units, JSON and plain', () => {
    expect(parseSystemctlJson(fixture('systemctl.json')).map((u) => u.unit)).toEqual([
      'cron.service',
      'kesl.service',
      'klnagent64.service',
    ]);
    expect(parseSystemctlPlain(fixture('systemctl-plain.txt'))[1]).toEqual({
      unit: 'kesl.service',
      load: 'loaded',
      active: 'failed',
      sub: 'failed',
      description: 'Kaspersky Endpoint Security for Linux',
      line: 2,
    });
  });
});

describe('linux collector', () => {
  const outputs: Record<string, string | Error> = {
    'dpkg-query': fixture('dpkg-query.txt'),
    rpm: Object.assign(new Error('spawn rpm ENOENT'), { code: 'ENOENT' }),
    snap: fixture('snap-list.txt'),
    flatpak: Object.assign(new Error('Command failed'), { code: 1, stderr: 'error: permission denied\n' }),
    systemctl: fixture('systemctl.json'),
  };
  const run: RunCommand = async (file) => {
    const out = outputs[file];
    if (out instanceof Error) throw out;
    return { stdout: out ?? '' };
  };

  it('turns recorded outputs into observations and failures into located notes and errors', async () => {
    const collector = createLinuxCollector({
      run,
      procRoot: `${FIXTURES}linux/proc`,
      optRoot: `${FIXTURES}linux/opt`,
      host: 'deb-01',
    });
    const ctx = createTestContext();
    const obs = await collect(collector.collect(ctx));
    const kesl = obs.find((o) => o.origin.locator === 'dpkg/kesl');
    expect(kesl).toEqual({
      kind: 'package',
      name: 'kesl',
      version: '12.1.0-1297',
      publisher: 'AO Kaspersky Lab <support@kaspersky.com>',
      host: 'deb-01',
      ids: [{ kind: 'linux-package', value: 'kesl' }],
      attributes: { arch: 'amd64' },
      origin: { source: 'deb-01', format: 'linux', locator: 'dpkg/kesl', collector: 'dpkg' },
    });
    expect(obs.find((o) => o.origin.locator === 'dpkg/klnagent64')).toMatchObject({
      removed: true,
      attributes: { status: 'config-files' },
    });
    expect(obs.find((o) => o.origin.locator === 'systemd/kesl.service')).toMatchObject({
      kind: 'service',
      name: 'Kaspersky Endpoint Security for Linux',
      ids: [{ kind: 'service', value: 'kesl' }],
    });
    const processes = obs.filter((o) => o.kind === 'process');
    expect(processes.map((p) => [p.name, p.path, p.attributes?.['pids']])).toEqual([
      ['kesl', '/opt/kaspersky/kesl/libexec/kesl', '101'],
      ['klnagent', '/opt/kaspersky/klnagent64/sbin/klnagent', '202,203'],
    ]);
    expect(obs.filter((o) => o.kind === 'file').map((o) => o.path)).toEqual([
      `${FIXTURES}linux/opt/google`,
      `${FIXTURES}linux/opt/kaspersky`,
    ]);
    expect(ctx.notes).toEqual([
      {
        source: 'test',
        locator: 'rpm',
        message: 'rpm is not available on this host (not installed); skipped',
      },
    ]);
    expect(ctx.errors).toEqual([
      { source: 'test', locator: 'flatpak', message: 'flatpak failed: error: permission denied' },
    ]);
    expect(ctx.records).toBe(obs.length);
  });

  it('finds dpkg packages on this machine', async () => {
    const ctx = createTestContext();
    const obs = await collect(createLinuxCollector().collect(ctx));
    const dpkg = obs.filter((o) => o.origin.collector === 'dpkg');
    expect(dpkg.length).toBeGreaterThan(10);
    expect(dpkg.map((o) => o.name)).toContain('dpkg');
    expect(obs.some((o) => o.kind === 'process')).toBe(true);
  });
});
