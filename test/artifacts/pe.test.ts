import { describe, expect, it } from 'vitest';
import { createBufferReader } from '../../src/inputs/artifacts/byte-reader.js';
import { readCmsSigners } from '../../src/inputs/artifacts/cms-signers.js';
import { parsePe } from '../../src/inputs/artifacts/pe.js';
import { toCopyrightHolder } from '../../src/inputs/artifacts/observe-pe.js';
import { buildPe } from './build-pe.js';
import { createIdentity, signData } from './sign.js';

const STRINGS = {
  CompanyName: 'Northwind Security',
  FileDescription: 'Northwind scanning engine',
  ProductName: 'Northwind Antivirus Engine',
  OriginalFilename: 'nwengine.dll',
  LegalCopyright: '© 2023 AO Kaspersky Lab. All Rights Reserved.',
  ProductVersion: '21.3.10.391',
};

describe('PE reader', () => {
  it('reads the version strings and the Authenticode signer and chain', async () => {
    const ca = await createIdentity('CN=Example Code Signing CA 2021, O=Example Trust, C=US');
    const leaf = await createIdentity('CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU', ca, 7);
    const pe = buildPe({
      strings: STRINGS,
      dll: true,
      signature: await signData(Buffer.from('indirect'), leaf, [ca]),
    });
    const info = await parsePe(createBufferReader(pe), 1 << 20);
    expect(info.problems).toEqual([]);
    expect(info.dll).toBe(true);
    expect(info.version).toEqual(STRINGS);
    const [signer] = readCmsSigners(info.signatures[0]!);
    expect(signer?.subject).toMatchObject({
      organization: 'AO Kaspersky Lab',
      commonName: 'AO Kaspersky Lab',
    });
    expect(signer?.subject.text).toBe('CN=AO Kaspersky Lab, O=AO Kaspersky Lab, C=RU');
    expect(signer?.chain).toEqual([
      'CN=Example Code Signing CA 2021, O=Example Trust, C=US',
      'CN=Example Code Signing CA 2021, O=Example Trust, C=US',
    ]);
  });

  it('takes the holder out of a copyright line', () => {
    expect(toCopyrightHolder('© 2023 AO Kaspersky Lab. All Rights Reserved.')).toBe('AO Kaspersky Lab');
    expect(toCopyrightHolder('Copyright (C) 1997-2024 Contoso Ltd.')).toBe('Contoso Ltd');
    expect(toCopyrightHolder('©')).toBeUndefined();
  });
});
