import { describe, expect, it } from 'vitest';
import { createMacosCollector } from '../../src/inputs/collectors/macos.js';
import { createWindowsCollector } from '../../src/inputs/collectors/windows.js';
import { scan } from '../../src/scan.js';
import { MACOS_ROOT, recordedMacos, recordedPowerShell } from './collectors-recorded.js';

describe('scan of live hosts (recorded command outputs)', () => {
  it('finds Kaspersky on a Mac and a Windows host and reports what could not be read', async () => {
    const report = await scan({
      targets: [],
      asOf: '2024-10-01',
      profile: 'us-person',
      collectors: [
        createMacosCollector({ run: recordedMacos(), root: MACOS_ROOT, host: 'mac-01' }),
        createWindowsCollector({ run: recordedPowerShell(), host: 'WS-01' }),
      ],
    });
    const found = (host: string) =>
      report.findings
        .filter((f) => f.observation.host === host)
        .map((f) => `${f.observation.kind}:${f.observation.name}:${f.match.on}`);

    expect(found('mac-01')).toEqual(
      expect.arrayContaining([
        'app:Kaspersky Internet Security:bundle-id',
        'extension:Kaspersky Security:bundle-id',
        'kernel-extension:com.kaspersky.kext.klif:bundle-id',
        'package:com.kaspersky.kav.core:pkg-id',
        'service:com.kaspersky.kav.daemon:path',
      ]),
    );
    expect(found('WS-01')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^program:Kaspersky Endpoint Security for Windows:/),
        expect.stringMatching(/^driver:Kaspersky Lab KLIF:/),
        expect.stringMatching(/^service:Kaspersky Endpoint Security Service:/),
      ]),
    );
    const names = report.findings.map((f) => f.observation.name);
    for (const clean of [
      'Firefox',
      'Safari',
      '7-Zip 24.08 (x64)',
      'Zoom Workplace',
      'DNS Client',
      'Microsoft ACPI Driver',
    ])
      expect(names).not.toContain(clean);
    // Installed Kaspersky software after 2024-09-29 no longer receives updates lawfully.
    expect(new Set(report.findings.map((f) => f.status))).toEqual(new Set(['unsupported']));
    expect(report.findings).toHaveLength(15);

    expect(report.inputs.map((i) => [i.format, i.errors.length])).toEqual([
      ['macos', 1],
      ['windows', 1],
    ]);
    expect(report.errors.map((e) => e.locator)).toEqual([
      '/Library/LaunchAgents/com.example.truncated.plist',
      expect.stringMatching(/^powershell uninstall HKEY_USERS\\S-1-5-21-.*-1002\\/),
    ]);
  });
});
