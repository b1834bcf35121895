import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { scan } from '../../src/scan.js';
import { buildAndroidManifest } from './build-android.js';
import { buildMacho, buildXar } from './build-apple.js';
import { buildZip } from './build-archives.js';
import { buildApkInstalled, buildRpmDb } from './build-packages.js';
import { buildPe } from './build-pe.js';
import { observeBytes } from './observe-bytes.js';
import { createIdentity, signData } from './sign.js';

let root: string;
let report: Report;

async function put(path: string, content: Buffer | string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

const apk = (pkg: string, utf8 = true) =>
  buildZip({
    'AndroidManifest.xml': buildAndroidManifest({
      package: pkg,
      versionName: '11.106.4.9470',
      versionCode: 1106004,
      utf8,
    }),
    'classes.dex': Buffer.concat([Buffer.from('dex\n035\0'), Buffer.alloc(104)]),
    'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\r\nCreated-By: 1.0 (Android)\r\n\r\n',
  });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'interdict-readers-'));
  const ca = await createIdentity(
    'CN=Developer ID Certification Authority, OU=Apple Certification Authority, O=Apple Inc., C=US',
  );
  const kaspersky = await createIdentity(
    'CN=Developer ID Application: Kaspersky Lab UK Ltd (2Y8XE5CQ94), OU=2Y8XE5CQ94, O=Kaspersky Lab UK Ltd, C=GB',
    ca,
    3,
  );
  const contoso = await createIdentity(
    'CN=Developer ID Application: Contoso Ltd (ABCDE12345), OU=ABCDE12345, O=Contoso Ltd, C=US',
    ca,
    4,
  );
  await put(
    'Applications/Anti-Virus.app/Contents/MacOS/kav',
    buildMacho({
      identifier: 'com.kaspersky.kav',
      teamId: '2Y8XE5CQ94',
      cms: await signData(Buffer.from('cd'), kaspersky, [ca]),
    }),
  );
  await put(
    'clean/Backup.app/Contents/MacOS/backup',
    buildMacho({
      identifier: 'com.contoso.backup',
      teamId: 'ABCDE12345',
      cms: await signData(Buffer.from('cd'), contoso, [ca]),
    }),
  );
  // An older CA encodes names as BMPString (UCS-2): the raw-bytes prefilter must still let it through.
  const bmpSigner = await createIdentity(
    'CN=Kaspersky Lab JSC, O=Kaspersky Lab JSC, C=RU',
    undefined,
    5,
    'bmp',
  );
  await put(
    'Program Files/Fabrikam/fbscan.dll',
    buildPe({
      dll: true,
      strings: {
        CompanyName: 'Fabrikam',
        ProductName: 'Fabrikam Scan Engine',
        OriginalFilename: 'fbscan.dll',
      },
      signature: await signData(Buffer.from('fbscan'), bmpSigner),
    }),
  );
  await put(
    'clean/Fabrikam/fbtool.exe',
    buildPe({
      strings: { CompanyName: 'Fabrikam', ProductName: 'Fabrikam Tool' },
      signature: await signData(
        Buffer.from('fbtool'),
        await createIdentity('CN=Fabrikam, O=Fabrikam, C=US', undefined, 6, 'bmp'),
      ),
    }),
  );
  await put(
    'Downloads/kav21.pkg',
    buildXar({ identifier: 'com.kaspersky.kav.core', version: '21.3.10', title: 'Anti-Virus for Mac' }),
  );
  await put(
    'clean/backup.pkg',
    buildXar({ identifier: 'com.contoso.backup.core', version: '3.1', title: 'Contoso Backup' }),
  );
  await put('Downloads/security.apk', apk('com.kaspersky.security.cloud'));
  await put('clean/notes.apk', apk('com.contoso.notes', false));
  await put(
    'rootfs-rhel/var/lib/rpm/rpmdb.sqlite',
    buildRpmDb([
      { name: 'bash', version: '5.1.8', release: '9.el9', vendor: 'Red Hat, Inc.', arch: 'x86_64' },
      { name: 'kesl', version: '12.1.0', release: '1297', vendor: 'AO Kaspersky Lab', arch: 'x86_64' },
    ]),
  );
  await put(
    'clean/rootfs-rhel/var/lib/rpm/rpmdb.sqlite',
    buildRpmDb([
      { name: 'bash', version: '5.1.8', release: '9.el9', vendor: 'Red Hat, Inc.', arch: 'x86_64' },
      { name: 'openssl', version: '3.0.7', release: '27.el9', vendor: 'Red Hat, Inc.', arch: 'x86_64' },
    ]),
  );
  await put(
    'rootfs-alpine/lib/apk/db/installed',
    buildApkInstalled([
      { name: 'musl', version: '1.2.4-r2', maintainer: 'Timo Teräs <timo.teras@iki.fi>' },
      { name: 'kesl', version: '12.1.0.1297-r0', maintainer: 'AO Kaspersky Lab' },
    ]),
  );
  await put(
    'clean/rootfs-alpine/lib/apk/db/installed',
    buildApkInstalled([
      { name: 'musl', version: '1.2.4-r2', maintainer: 'Timo Teräs <timo.teras@iki.fi>' },
      { name: 'busybox', version: '1.36.1-r5', maintainer: 'Sören Tempel <soeren+alpine@soeren-tempel.net>' },
    ]),
  );
  report = await scan({ targets: [root], asOf: '2024-10-01', profile: 'us-person' });
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const findingAt = (locator: string) =>
  report.findings.find((f) => f.observation.origin.locator === join(root, locator));

describe('Mach-O, xar, APK and package-database readers', () => {
  it('finds a Mach-O by its code-signing identifier, with team id and CMS signer', () => {
    const f = findingAt('Applications/Anti-Virus.app/Contents/MacOS/kav');
    expect(f?.match).toMatchObject({ on: 'bundle-id', value: 'com.kaspersky.kav' });
    expect(f?.observation.ids).toEqual(
      expect.arrayContaining([
        { kind: 'signer', value: '2Y8XE5CQ94' },
        { kind: 'signer', value: 'Kaspersky Lab UK Ltd' },
      ]),
    );
    expect(f?.observation.attributes).toMatchObject({
      identifier: 'com.kaspersky.kav',
      teamId: '2Y8XE5CQ94',
      'signer.subject': expect.stringContaining('O=Kaspersky Lab UK Ltd'),
    });
    expect(f?.observation.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds a PE whose signer name is a BMPString, past the raw-bytes prefilter', () => {
    const f = findingAt('Program Files/Fabrikam/fbscan.dll');
    expect(f?.match).toMatchObject({ on: 'signer', value: 'Kaspersky Lab JSC' });
    expect(f?.observation.carrier).toBe('Fabrikam Scan Engine (Fabrikam)');
    expect(f?.observation.attributes?.['signer.subject']).toBe(
      'CN=Kaspersky Lab JSC, O=Kaspersky Lab JSC, C=RU',
    );
  });

  it('finds a .pkg by the identifier its PackageInfo declares', () => {
    const f = findingAt('Downloads/kav21.pkg');
    expect(f?.match).toMatchObject({ on: 'pkg-id', value: 'com.kaspersky.kav.core' });
    expect(f?.observation).toMatchObject({ kind: 'package', name: 'Anti-Virus for Mac', version: '21.3.10' });
  });

  it('finds an APK by the package its binary manifest declares', () => {
    const f = findingAt('Downloads/security.apk');
    expect(f?.match).toMatchObject({ on: 'android-package', value: 'com.kaspersky.security.cloud' });
    expect(f?.observation).toMatchObject({ kind: 'app', version: '11.106.4.9470' });
  });

  it('finds kesl in rpmdb.sqlite and in apk installed, located to the row and the line', () => {
    const rpm = findingAt('rootfs-rhel/var/lib/rpm/rpmdb.sqlite#Packages/2');
    expect(rpm?.match).toMatchObject({ on: 'linux-package', value: 'kesl' });
    expect(rpm?.observation).toMatchObject({ version: '12.1.0-1297', publisher: 'AO Kaspersky Lab' });
    const apkDb = findingAt('rootfs-alpine/lib/apk/db/installed#line 20');
    expect(apkDb?.match).toMatchObject({ on: 'linux-package', value: 'kesl' });
    expect(apkDb?.observation.version).toBe('12.1.0.1297-r0');
  });

  it('finds nothing in the clean counterparts, and reads them all without notes', () => {
    expect(report.findings.filter((f) => f.observation.origin.locator.includes('/clean/'))).toEqual([]);
    expect(report.findings).toHaveLength(6);
    expect(report.errors).toEqual([]);
    expect(report.inputs.flatMap((i) => i.notes ?? [])).toEqual([]);
    // One record per artifact, plus one per installed package in a database.
    const clean = report.inputs
      .filter((i) => i.source.includes('/clean/'))
      .map((i) => [i.source.slice(root.length), i.format, i.records])
      .sort();
    expect(clean).toEqual([
      ['/clean/Backup.app/Contents/MacOS/backup', 'artifact', 1],
      ['/clean/Fabrikam/fbtool.exe', 'artifact', 1],
      ['/clean/backup.pkg', 'artifact', 1],
      ['/clean/notes.apk', 'artifact', 1],
      ['/clean/rootfs-alpine/lib/apk/db/installed', 'artifact', 3],
      ['/clean/rootfs-rhel/var/lib/rpm/rpmdb.sqlite', 'artifact', 3],
    ]);
  });
});

describe('reader observations', () => {
  it('reads the declared package from a UTF-16 string pool too', async () => {
    const { observations, notes } = await observeBytes('app.apk', apk('com.kaspersky.security', false));
    expect(notes).toEqual([]);
    expect(observations).toHaveLength(1);
    expect(observations[0]).toMatchObject({
      kind: 'app',
      name: 'com.kaspersky.security',
      ids: expect.arrayContaining([{ kind: 'android-package', value: 'com.kaspersky.security' }]),
      origin: { source: 'app.apk', format: 'artifact', locator: 'app.apk' },
    });
  });

  it('reads a Mach-O without a CMS blob (ad-hoc signed) from the CodeDirectory alone', async () => {
    const { observations } = await observeBytes('kav', buildMacho({ identifier: 'com.kaspersky.kav' }));
    expect(observations[0]?.attributes).toEqual({ identifier: 'com.kaspersky.kav' });
    expect(observations[0]?.ids).toContainEqual({ kind: 'bundle-id', value: 'com.kaspersky.kav' });
  });
});
