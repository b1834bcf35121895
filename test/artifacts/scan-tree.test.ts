import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBinary } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { scan } from '../../src/scan.js';
import { buildTar, buildZip } from './build-archives.js';
import { buildPe } from './build-pe.js';
import { createIdentity, signData } from './sign.js';

const KASPERSKY = 'CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU';
let root: string;
let report: Report;

async function put(path: string, content: Buffer | string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'interdict-artifacts-'));
  const kaspersky = await createIdentity(KASPERSKY);
  const contoso = await createIdentity('CN=Contoso Ltd, O=Contoso Ltd, C=US');
  const whiteLabel = buildPe({
    dll: true,
    strings: {
      CompanyName: 'Northwind Security',
      ProductName: 'Northwind Antivirus Engine',
      OriginalFilename: 'nwengine.dll',
      ProductVersion: '4.2.0',
    },
    signature: await signData(Buffer.from('nwengine'), kaspersky),
  });
  const engine = buildPe({
    dll: true,
    strings: { CompanyName: 'Fabrikam', ProductName: 'Fabrikam Mail Filter' },
    signature: await signData(Buffer.from('engine'), kaspersky),
  });
  const clean = buildPe({
    strings: { CompanyName: 'Contoso Ltd', ProductName: 'Contoso Backup', OriginalFilename: 'backup.exe' },
    signature: await signData(Buffer.from('backup'), contoso),
  });
  await put('Program Files/Northwind/nwengine.dll', whiteLabel);
  await put('clean/backup.exe', clean);
  await put('clean/readme.txt', 'Contoso Backup 3.1 readme\n');
  await put('clean/blob.bin', Buffer.alloc(4096, 7));
  await put(
    'clean/Contoso.app/Contents/Info.plist',
    Buffer.from(buildBinary({ CFBundleIdentifier: 'com.contoso.backup', CFBundleName: 'Contoso Backup' })),
  );
  await put(
    'Applications/Kaspersky Anti-Virus.app/Contents/Info.plist',
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.kaspersky.kav</string>\n\t<key>CFBundleName</key>\n\t<string>Kaspersky Anti-Virus</string>\n\t<key>CFBundleShortVersionString</key>\n\t<string>21.3</string>\n</dict>\n</plist>\n',
  );
  await put(
    'rootfs/var/lib/dpkg/status',
    'Package: bash\nStatus: install ok installed\nVersion: 5.2.15-2+b2\nMaintainer: Matthias Klose <doko@debian.org>\n\nPackage: kesl\nStatus: install ok installed\nVersion: 12.1.0-1297\nMaintainer: AO Kaspersky Lab\n\nPackage: kess\nStatus: deinstall ok config-files\nVersion: 1.0\n',
  );
  // A zip inside a tar inside an image layer; a second layer deletes an older engine (whiteout).
  const sdk = buildZip({ 'sdk/bin/fmengine.dll': engine, 'sdk/README': 'Fabrikam SDK\n' });
  const bundle = await buildTar({ 'sdk/fabrikam-sdk.zip': sdk });
  const layer1 = await buildTar({
    'opt/fabrikam/bundle.tar': bundle,
    'opt/old/legacy.dll': engine,
    'etc/hostname': 'gw\n',
  });
  const layer2 = gzipSync(await buildTar({ 'opt/old/.wh.legacy.dll': '', 'opt/fabrikam/VERSION': '2.1\n' }));
  const manifest = JSON.stringify([
    { Config: 'c0ffee.json', RepoTags: ['fabrikam/mailgw:2.1'], Layers: ['aaa/layer.tar', 'bbb/layer.tar'] },
  ]);
  await put(
    'images/mailgw.tar',
    await buildTar({
      'bbb/layer.tar': layer2,
      'aaa/layer.tar': layer1,
      'c0ffee.json': '{"architecture":"amd64"}',
      'manifest.json': manifest,
    }),
  );
  report = await scan({ targets: [root], asOf: '2024-10-01', profile: 'us-person' });
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const rel = (s: string) => s.replace(root, '<root>');
const located = () => report.findings.map((f) => rel(f.observation.origin.locator)).sort();

describe('scanning files as bits', () => {
  it('finds the white-label PE by its signer and names its carrier', () => {
    const f = report.findings.find((x) => x.observation.path?.endsWith('nwengine.dll'));
    expect(f?.match).toMatchObject({ on: 'signer', value: 'AO Kaspersky Lab' });
    expect(f?.observation.carrier).toBe('Northwind Antivirus Engine (Northwind Security)');
    expect(f?.observation.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(['prohibited', 'unsupported']).toContain(f?.status);
  });

  it('finds a component in a zip inside a tar inside an image layer, and names the image', () => {
    const f = report.findings.find((x) => x.observation.origin.locator.includes('fmengine.dll'));
    expect(rel(f!.observation.origin.locator)).toBe(
      '<root>/images/mailgw.tar!/aaa/layer.tar!/opt/fabrikam/bundle.tar!/sdk/fabrikam-sdk.zip!/sdk/bin/fmengine.dll',
    );
    expect(f?.observation.kind).toBe('component');
    expect(f?.observation.carrier).toBe('Fabrikam Mail Filter (Fabrikam)');
    expect(f?.observation.attributes?.['image']).toBe('fabrikam/mailgw:2.1');
    expect(f?.observation.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('drops a file a later layer deleted', () => {
    expect(located().some((l) => l.includes('legacy.dll'))).toBe(false);
  });

  it('finds the bundle id and the installed package, and nothing in the clean parts', () => {
    expect(located()).toEqual([
      '<root>/Applications/Kaspersky Anti-Virus.app/Contents/Info.plist',
      '<root>/Program Files/Northwind/nwengine.dll',
      '<root>/images/mailgw.tar!/aaa/layer.tar!/opt/fabrikam/bundle.tar!/sdk/fabrikam-sdk.zip!/sdk/bin/fmengine.dll',
      '<root>/rootfs/var/lib/dpkg/status#line 6',
    ]);
    expect(report.findings.some((f) => f.observation.origin.locator.includes('/clean/'))).toBe(false);
  });

  it('records what it read and skipped without errors', () => {
    expect(report.errors).toEqual([]);
    const skipped = report.inputs
      .filter((i) => i.skipped)
      .map((i) => rel(i.source))
      .sort();
    expect(skipped).toEqual(['<root>/clean/blob.bin', '<root>/clean/readme.txt']);
  });
});
