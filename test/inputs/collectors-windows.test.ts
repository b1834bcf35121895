import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunCommand } from '../../src/inputs/collectors/command-output.js';
import { createWindowsCollector } from '../../src/inputs/collectors/windows.js';
import { parseRegQuery, toExecutablePath } from '../../src/inputs/collectors/windows-parse.js';
import { listHostCollectors } from '../../src/inputs/collectors/registry.js';
import {
  decodeScript,
  missing,
  recordedPowerShell,
  windowsFixture as fixture,
} from './collectors-recorded.js';
import { collect, createTestContext } from './helpers.js';

const notFound = () =>
  Object.assign(new Error('Command failed'), {
    code: 1,
    stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
  });

const KL = { kind: 'signer', value: 'AO Kaspersky Lab' };

describe('Windows command output parsers', () => {
  it('finds the executable of service and driver command lines', () => {
    expect(toExecutablePath('"C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.6.0\\avp.exe" -r')).toBe(
      'C:\\Program Files (x86)\\Kaspersky Lab\\KES.12.6.0\\avp.exe',
    );
    expect(toExecutablePath('C:\\WINDOWS\\system32\\svchost.exe -k NetworkService -p')).toBe(
      'C:\\WINDOWS\\system32\\svchost.exe',
    );
    expect(toExecutablePath('C:\\Program Files\\Vendor Agent\\agent.exe /service')).toBe(
      'C:\\Program Files\\Vendor Agent\\agent.exe',
    );
    expect(toExecutablePath('\\SystemRoot\\System32\\drivers\\klif.sys')).toBe(
      '%SystemRoot%\\System32\\drivers\\klif.sys',
    );
    expect(toExecutablePath('system32\\DRIVERS\\klif.sys')).toBe('%SystemRoot%\\system32\\DRIVERS\\klif.sys');
    expect(toExecutablePath('\\??\\C:\\Windows\\system32\\drivers\\x.sys')).toBe(
      'C:\\Windows\\system32\\drivers\\x.sys',
    );
    expect(toExecutablePath('svchost.exe')).toBeUndefined();
    expect(toExecutablePath(undefined)).toBeUndefined();
  });

  it('reads reg query keys and decodes DWORDs', () => {
    const keys = parseRegQuery(fixture('windows-host/reg-query-uninstall-wow.txt'));
    expect(keys.map((k) => [k.line, k.path.split('\\').pop()])).toEqual([
      [2, '{8A6B6C52-8C3E-4F27-9C2A-5B1D0F3E7A41}'],
      [13, 'KB5034441'],
    ]);
    expect(keys[0]!.values.get('displayname')).toBe('Kaspersky Endpoint Security for Windows');
    expect(keys[0]!.values.get('estimatedsize')).toBe('574372');
    expect(keys[0]!.values.get('authorizedcdfprefix')).toBe('');
  });

  it('round-trips generated reg query values and never throws', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,15}[A-Za-z0-9]$/);
    const data = fc.stringMatching(/^[^\r\n]{0,40}$/);
    fc.assert(
      fc.property(fc.dictionary(name, data), fc.string(), (values, noise) => {
        const text = [
          '',
          'HKEY_LOCAL_MACHINE\\SOFTWARE\\X',
          ...Object.entries(values).map(([n, d]) => `    ${n}    REG_SZ    ${d}`),
        ].join('\r\n');
        const [key] = parseRegQuery(text);
        for (const [n, d] of Object.entries(values)) expect(key!.values.get(n.toLowerCase())).toBe(d);
        parseRegQuery(noise);
      }),
    );
  });
});

describe('Windows collector', () => {
  it('reads PowerShell outputs and attaches Authenticode signers', async () => {
    const scripts: string[] = [];
    const ctx = createTestContext();
    const obs = await collect(
      createWindowsCollector({ run: recordedPowerShell(scripts), host: 'WS-01' }).collect(ctx),
    );

    const kes = obs.find((o) => o.name === 'Kaspersky Endpoint Security for Windows');
    expect(kes).toMatchObject({
      kind: 'program',
      host: 'WS-01',
      publisher: 'AO Kaspersky Lab',
      version: '12.6.0.438',
      date: '2024-06-11',
      attributes: {
        hive: 'HKLM',
        architecture: 'x86',
        signerSubject: expect.stringContaining('CN=AO Kaspersky Lab'),
      },
      origin: {
        source: 'WS-01',
        format: 'windows',
        collector: 'uninstall',
        locator: 'powershell uninstall /items/1',
      },
    });
    expect(kes?.ids).toEqual([{ kind: 'product-code', value: '{8A6B6C52-8C3E-4F27-9C2A-5B1D0F3E7A41}' }, KL]);
    expect(obs.find((o) => o.name === 'Zoom Workplace')?.attributes).toMatchObject({
      hive: 'HKU',
      user: 'S-1-5-21-3623811015-3361044348-30300820-1001',
    });
    // An update key without a DisplayName is not a program Windows lists.
    expect(obs.filter((o) => o.kind === 'program')).toHaveLength(4);

    const avp = obs.find((o) => o.kind === 'service' && o.ids?.some((i) => i.value === 'AVP12.6.0'));
    expect(avp).toMatchObject({
      name: 'Kaspersky Endpoint Security Service',
      attributes: { state: 'Running', startMode: 'Auto', signatureStatus: 'Valid' },
    });
    expect(avp?.ids).toContainEqual(KL);
    const google = obs.find((o) => o.ids?.some((i) => i.value === 'gupdate'));
    expect(google?.ids).toContainEqual({ kind: 'signer', value: 'Google LLC' });

    const klif = obs.find((o) => o.kind === 'driver' && o.name === 'Kaspersky Lab KLIF');
    expect(klif?.ids).toEqual([{ kind: 'driver', value: 'klif' }, { kind: 'driver', value: 'klif.sys' }, KL]);
    expect(obs.find((o) => o.kind === 'driver' && o.name === 'Microsoft ACPI Driver')?.ids).toContainEqual({
      kind: 'signer',
      value: 'Microsoft Windows',
    });

    const process = obs.find((o) => o.kind === 'process' && o.name === 'avp');
    expect(process).toMatchObject({
      publisher: 'AO Kaspersky Lab',
      ids: [{ kind: 'process', value: 'avp.exe' }, KL],
    });

    const signerScripts = scripts.filter((s) => s.includes('Get-AuthenticodeSignature'));
    expect(signerScripts).toHaveLength(1);
    const script = signerScripts[0]!;
    // Third-party binaries come before those in the Windows folder, each once.
    expect(script.indexOf('avp.exe')).toBeLessThan(script.indexOf('svchost.exe'));
    expect(script.match(/klif\.sys/g)).toHaveLength(1);
    const uninstall = scripts.find((s) => s.includes('Get-ItemProperty'))!;
    for (const part of [
      'HKLM:\\Software\\Microsoft',
      'SOFTWARE\\WOW6432Node',
      "'Registry::HKEY_USERS'",
      'ConvertTo-Json -Depth 4 -Compress',
    ])
      expect(uninstall).toContain(part);
    expect(
      scripts.every((s) => s.startsWith('[Console]::OutputEncoding = [System.Text.Encoding]::UTF8')),
    ).toBe(true);

    expect(ctx.errors).toEqual([
      {
        source: 'test',
        locator:
          'powershell uninstall HKEY_USERS\\S-1-5-21-3623811015-3361044348-30300820-1002\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
        message: 'Requested registry access is not allowed.',
      },
    ]);
    expect(ctx.notes.map((n) => n.message)).toEqual([
      'the executable path of 2 processes could not be read; run as administrator for all',
      '1 service or driver binaries do not exist (e.g. C:\\Program Files\\OldBackup\\agent.exe); their services are stale',
    ]);
    expect(ctx.records).toBe(5 + 5 + 2 + 4);
  });

  it('checks at most maxSignaturePaths binaries and says how many it left', async () => {
    const scripts: string[] = [];
    const ctx = createTestContext();
    await collect(
      createWindowsCollector({
        run: recordedPowerShell(scripts),
        host: 'WS-01',
        maxSignaturePaths: 2,
      }).collect(ctx),
    );
    const script = scripts.find((s) => s.includes('Get-AuthenticodeSignature'))!;
    expect(/\$paths = @\((.*)\)/.exec(script)![1]!.split("','")).toHaveLength(2);
    expect(ctx.notes[1]).toMatchObject({
      locator: 'signers',
      message: '5 of 7 service and driver binaries not checked (limit 2)',
    });
  });

  it('falls back to reg query, tasklist and driverquery without PowerShell', async () => {
    const outputs: Record<string, string | Error> = {
      'reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s': fixture(
        'windows-host/reg-query-uninstall.txt',
      ),
      'reg query HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s': fixture(
        'windows-host/reg-query-uninstall-wow.txt',
      ),
      'reg query HKU': fixture('windows-host/reg-query-hku.txt'),
      'reg query HKLM\\SYSTEM\\CurrentControlSet\\Services /s': fixture(
        'windows-host/reg-query-services.txt',
      ),
      'tasklist /v /fo csv': fixture('windows/tasklist.csv'),
      'driverquery /fo csv /v': fixture('windows/driverquery.csv'),
    };
    const run: RunCommand = async (file, args) => {
      const line = [file, ...args].join(' ');
      // The service accounts' hives (S-1-5-18, -19, -20) have no Uninstall key.
      const out = outputs[line] ?? (line.startsWith('reg query HKEY_USERS\\') ? notFound() : missing(file));
      if (out instanceof Error) throw out;
      return { stdout: out };
    };
    const ctx = createTestContext();
    const obs = await collect(createWindowsCollector({ run, host: 'WS-02' }).collect(ctx));

    expect(obs.find((o) => o.name === 'Kaspersky Endpoint Security for Windows')).toMatchObject({
      kind: 'program',
      attributes: { architecture: 'x86' },
      origin: {
        collector: 'uninstall',
        locator:
          'HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{8A6B6C52-8C3E-4F27-9C2A-5B1D0F3E7A41}',
      },
    });
    expect(
      obs.find((o) => o.kind === 'service' && o.name === 'Kaspersky Endpoint Security Service')?.ids,
    ).toEqual([{ kind: 'service', value: 'AVP12.6.0' }]);
    // Drivers come from driverquery, not twice from the Services key.
    const drivers = obs.filter((o) => o.kind === 'driver');
    expect(drivers.map((d) => d.origin.collector)).toEqual(['drivers', 'drivers', 'drivers']);
    expect(drivers.find((d) => d.name === 'Kaspersky Lab KLIF')).toMatchObject({
      ids: [
        { kind: 'driver', value: 'klif' },
        { kind: 'driver', value: 'klif.sys' },
      ],
      origin: { locator: 'driverquery line 3' },
    });
    expect(obs.find((o) => o.kind === 'process' && o.name === 'avp.exe')?.origin.locator).toBe(
      'tasklist line 4',
    );
    expect(ctx.errors).toEqual([]);
    expect(ctx.notes.map((n) => n.locator)).toEqual(['powershell uninstall', 'signers']);
    expect(ctx.notes[0]!.message).toBe('powershell.exe is not available on this host; skipped');
  });

  it('notes everything when no command exists, and never throws', async () => {
    const ctx = createTestContext();
    const obs = await collect(
      createWindowsCollector({ run: async (file) => Promise.reject(missing(file)), host: 'WS-03' }).collect(
        ctx,
      ),
    );
    expect(obs).toEqual([]);
    expect(ctx.errors).toEqual([]);
    expect(ctx.notes.length).toBeGreaterThanOrEqual(6);
  });

  it('locates output that is not the expected JSON and keeps going', async () => {
    const ctx = createTestContext();
    const obs = await collect(
      createWindowsCollector({
        run: async (_file, args) =>
          decodeScript(args).includes('Get-Process')
            ? { stdout: fixture('windows-host/processes.json') }
            : { stdout: '{"items":[{"Name":"x"' },
        host: 'WS-04',
      }).collect(ctx),
    );
    expect(obs.filter((o) => o.kind === 'process')).toHaveLength(4);
    expect(ctx.errors.map((e) => e.locator)).toEqual([
      'powershell uninstall line 1',
      'powershell services line 1',
      'powershell drivers line 1',
    ]);
  });

  it('is the host collector on win32', () => {
    expect(listHostCollectors('win32').map((c) => c.id)).toEqual(['windows']);
  });
});
