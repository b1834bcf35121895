import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMacosCollector } from '../../src/inputs/collectors/macos.js';
import { parseLoadedKexts, parseSystemExtensions } from '../../src/inputs/collectors/macos-parse.js';
import { listHostCollectors } from '../../src/inputs/collectors/registry.js';
import { MACOS_ROOT, macosFixture as fixture, missing, recordedMacos } from './collectors-recorded.js';
import { collect, createTestContext } from './helpers.js';

describe('macOS command output parsers', () => {
  it('reads systemextensionsctl list sections, team ids and states', () => {
    const { rows, unread } = parseSystemExtensions(fixture('systemextensionsctl-list.txt'));
    expect(unread).toEqual([]);
    expect(rows[0]).toEqual({
      category: 'network_extension',
      enabled: true,
      active: true,
      teamId: '2Y8XE5CQ94',
      bundleId: 'com.kaspersky.kav.sysext',
      version: '21.18.5',
      name: 'Kaspersky Security',
      state: 'activated enabled',
      line: 4,
    });
    expect(rows[1]).toMatchObject({ category: 'endpoint_security', teamId: '43AQ936H96' });
  });

  it('reads an extension waiting for approval, without team id', () => {
    const text =
      '1 extension(s)\n--- com.apple.system_extension.driver_extension\n' +
      'enabled\tactive\tteamID\tbundleID (version)\tname\t[state]\n' +
      '\t\t-\tcom.example.driver (1.0/1)\tDriver\t[activated waiting for user]\n';
    expect(parseSystemExtensions(text).rows).toEqual([
      {
        category: 'driver_extension',
        enabled: false,
        active: false,
        bundleId: 'com.example.driver',
        version: '1.0',
        name: 'Driver',
        state: 'activated waiting for user',
        line: 4,
      },
    ]);
  });

  it('reads kmutil and kextstat tables alike and reports lines it cannot read', () => {
    const kextstat =
      'Executing: /usr/bin/kmutil showloaded\n' +
      'No variant specified, falling back to release\n' +
      'Index Refs Address            Size       Wired      Name (Version) UUID <Linked Against>\n' +
      fixture('kmutil-showloaded.txt') +
      'truncated line\n';
    const { rows, unread } = parseLoadedKexts(kextstat);
    expect(rows.map((r) => [r.bundleId, r.version])).toEqual([
      ['com.apple.kpi.bsd', '23.6.0'],
      ['com.apple.kpi.dsep', '23.6.0'],
      ['com.kaspersky.kext.klif', '21.18.5'],
      ['com.kaspersky.nke', '21.18.5'],
    ]);
    expect(rows[2]!.uuid).toBe('4F1C2D3A-5B6E-3F70-8A9B-0C1D2E3F4A5B');
    expect(unread).toEqual([{ line: 8, text: 'truncated line' }]);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        parseSystemExtensions(text);
        parseLoadedKexts(text);
      }),
    );
  });
});

describe('macOS collector', () => {
  it('turns recorded outputs into observations, with bundle ids from Info.plist', async () => {
    const collector = createMacosCollector({
      run: recordedMacos({
        pkgutil: Object.assign(new Error('Command failed: pkgutil --pkgs'), {
          code: 1,
          stderr: 'pkgutil: Operation not permitted\n',
        }),
      }),
      root: MACOS_ROOT,
      host: 'mac-01',
    });
    const ctx = createTestContext();
    const obs = await collect(collector.collect(ctx));

    const kav = obs.find((o) => o.name === 'Kaspersky Internet Security');
    expect(kav).toMatchObject({
      kind: 'app',
      host: 'mac-01',
      publisher: 'Kaspersky Lab UK Limited',
      path: '/Applications/Kaspersky Internet Security.app',
      ids: [
        { kind: 'signer', value: 'Developer ID Application: Kaspersky Lab UK Limited (2Y8XE5CQ94)' },
        { kind: 'bundle-id', value: 'com.kaspersky.kav' },
      ],
      origin: {
        source: 'mac-01',
        format: 'macos',
        collector: 'apps',
        locator: 'system_profiler /SPApplicationsDataType/0',
      },
    });
    const firefox = obs.find((o) => o.name === 'Firefox');
    expect(firefox?.ids).toContainEqual({ kind: 'bundle-id', value: 'org.mozilla.firefox' });
    // No Info.plist on disk: no bundle id, and not an error.
    expect(obs.find((o) => o.name === 'Safari')?.ids?.some((i) => i.kind === 'bundle-id')).toBe(false);

    expect(
      obs.find((o) => o.origin.collector === 'launchctl' && o.name === 'com.kaspersky.kav.gui'),
    ).toMatchObject({
      kind: 'service',
      attributes: { pid: '412', running: 'true' },
    });
    expect(
      obs.find((o) => o.origin.locator === '/Library/LaunchDaemons/com.kaspersky.kav.daemon.plist'),
    ).toEqual({
      kind: 'service',
      name: 'com.kaspersky.kav.daemon',
      host: 'mac-01',
      path: '/Library/Application Support/Kaspersky Lab/KAV/Binaries/kav',
      ids: [
        { kind: 'service', value: 'com.kaspersky.kav.daemon' },
        { kind: 'bundle-id', value: 'com.kaspersky.kav.daemon' },
      ],
      attributes: { plist: '/Library/LaunchDaemons/com.kaspersky.kav.daemon.plist', launchd: 'daemon' },
      origin: {
        source: 'mac-01',
        format: 'macos',
        locator: '/Library/LaunchDaemons/com.kaspersky.kav.daemon.plist',
        collector: 'launchd',
      },
    });
    expect(obs.find((o) => o.name === 'com.google.keystone.agent')?.attributes).toMatchObject({
      launchd: 'agent',
      disabled: 'true',
    });

    expect(obs.find((o) => o.kind === 'extension' && o.name === 'Kaspersky Security')).toMatchObject({
      version: '21.18.5',
      ids: [
        { kind: 'bundle-id', value: 'com.kaspersky.kav.sysext' },
        { kind: 'signer', value: '2Y8XE5CQ94' },
      ],
      attributes: { type: 'system-extension', category: 'network_extension', teamId: '2Y8XE5CQ94' },
      origin: { locator: 'systemextensionsctl line 4' },
    });
    const kexts = obs.filter((o) => o.kind === 'kernel-extension');
    expect(kexts.map((k) => k.name)).toEqual([
      'com.apple.kpi.bsd',
      'com.apple.kpi.dsep',
      'com.kaspersky.kext.klif',
      'com.kaspersky.nke',
    ]);
    expect(obs.some((o) => o.origin.collector === 'pkgutil')).toBe(false);

    expect(ctx.errors).toEqual([
      {
        source: 'test',
        locator: 'pkgutil --pkgs',
        message: 'pkgutil failed: pkgutil: Operation not permitted',
      },
      {
        source: 'test',
        locator: '/Library/LaunchAgents/com.example.truncated.plist',
        message: expect.stringMatching(/^cannot read the launchd job: /),
      },
    ]);
    expect(ctx.notes).toEqual([]);
    expect(ctx.records).toBe(obs.length + 1);
  });

  it('reads receipts with pkgutil and falls back to kextstat', async () => {
    const kextstat =
      'Index Refs Address            Size       Wired      Name (Version) UUID <Linked Against>\n' +
      fixture('kmutil-showloaded.txt');
    const ctx = createTestContext();
    const obs = await collect(
      createMacosCollector({
        run: recordedMacos({ kmutil: missing('kmutil'), kextstat }),
        root: MACOS_ROOT,
        host: 'mac-01',
      }).collect(ctx),
    );
    expect(obs.find((o) => o.name === 'com.kaspersky.kav.core')).toMatchObject({
      kind: 'package',
      ids: [{ kind: 'pkg-id', value: 'com.kaspersky.kav.core' }],
      origin: { collector: 'pkgutil', locator: 'pkgutil line 3' },
    });
    expect(obs.filter((o) => o.origin.collector === 'kextstat')).toHaveLength(4);
    expect(ctx.notes).toEqual([
      {
        source: 'test',
        locator: 'kmutil showloaded --list-only',
        message: 'kmutil is not available on this host; skipped',
      },
    ]);
  });

  it('notes every missing command and folder, records no error and never throws', async () => {
    const ctx = createTestContext();
    const obs = await collect(
      createMacosCollector({
        run: async (file) => Promise.reject(missing(file)),
        root: '/nonexistent',
        host: 'mac-02',
      }).collect(ctx),
    );
    expect(obs).toEqual([]);
    expect(ctx.errors).toEqual([]);
    expect(ctx.notes.map((n) => n.locator)).toEqual([
      'system_profiler SPApplicationsDataType -json',
      'pkgutil --pkgs',
      'launchctl list',
      '/Library/LaunchDaemons',
      '/Library/LaunchAgents',
      'systemextensionsctl list',
      'kmutil showloaded --list-only',
      'kextstat',
    ]);
  });

  it('reports output it cannot read as located errors', async () => {
    const ctx = createTestContext();
    const obs = await collect(
      createMacosCollector({
        run: async () => ({ stdout: '{"SPApplicationsDataType": [ {"_name": "A"' }),
        root: '/nonexistent',
      }).collect(ctx),
    );
    expect(ctx.errors[0]).toMatchObject({ locator: 'system_profiler line 1' });
    expect(ctx.errors.some((e) => e.locator === 'systemextensionsctl line 1')).toBe(true);
    expect(ctx.errors.some((e) => e.locator === 'kmutil line 1')).toBe(true);
    expect(obs.every((o) => o.origin.format === 'macos')).toBe(true);
  });

  it('is the host collector on darwin', () => {
    expect(listHostCollectors('darwin').map((c) => c.id)).toEqual(['macos']);
  });
});
