import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAndroidManifest } from '../../src/inputs/artifacts/android-manifest.js';
import { parseApkInstalled } from '../../src/inputs/artifacts/package-databases.js';
import { parseRpmHeader } from '../../src/inputs/artifacts/rpm-header.js';
import { decodeWideStrings, mayNameSigner } from '../../src/inputs/artifacts/signer-prefilter.js';
import { buildAndroidManifest } from './build-android.js';
import { buildMacho, buildXar } from './build-apple.js';
import { buildZip } from './build-archives.js';
import { buildApkInstalled, buildRpmDb, buildRpmHeader } from './build-packages.js';
import { observeBytes } from './observe-bytes.js';

/** Mutations of a valid structure: overwrite bytes at random places, or cut it short. */
const mutated = (base: Buffer) =>
  fc
    .tuple(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 24 }),
      fc.nat(base.length),
    )
    .map(([edits, cut]) => {
      const copy = Buffer.from(base);
      for (const [at, value] of edits) copy[at] = value;
      return copy.subarray(0, Math.max(cut, 4));
    });

const MANIFEST = buildAndroidManifest({ package: 'com.contoso.notes', versionName: '2.4', versionCode: 24 });

/**
 * Every artifact reader ends a hostile file in notes or located read errors (or nothing), never in
 * a throw: a broken structure is a note, content it hides (an unreadable TOC or database) an error.
 */
async function expectNoThrow(name: string, bytes: Buffer): Promise<void> {
  const { notes } = await observeBytes(name, bytes);
  for (const note of notes) expect(note.replace(/^error /, '').startsWith(`${name}`)).toBe(true);
}

describe('hostile input to the Mach-O, xar, AXML and package-database readers', () => {
  it('Mach-O: mutations are read or noted', async () => {
    const base = buildMacho({ identifier: 'com.contoso.backup', teamId: 'ABCDE12345' });
    await fc.assert(
      fc.asyncProperty(mutated(base), (b) => expectNoThrow('backup', b)),
      { numRuns: 300 },
    );
  });

  it('xar: mutations of header, TOC and heap are read or noted', async () => {
    const base = buildXar({ identifier: 'com.contoso.backup.core', version: '3.1', title: 'Contoso Backup' });
    await fc.assert(
      fc.asyncProperty(mutated(base), (b) => expectNoThrow('backup.pkg', b)),
      { numRuns: 300 },
    );
  });

  it('AXML: any mutation parses or throws an Error', () => {
    fc.assert(
      fc.property(mutated(MANIFEST), (bytes) => {
        try {
          const m = parseAndroidManifest(bytes);
          expect(m.package === undefined || typeof m.package === 'string').toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('APK: a mutated manifest inside a zip is noted, never thrown', async () => {
    await fc.assert(
      fc.asyncProperty(mutated(MANIFEST), (m) =>
        expectNoThrow('notes.apk', buildZip({ 'AndroidManifest.xml': m })),
      ),
      { numRuns: 150 },
    );
  });

  it('rpm header: any mutation parses or throws an Error; rpmdb.sqlite mutations are noted', async () => {
    const header = buildRpmHeader({
      name: 'openssl',
      version: '3.0.7',
      release: '27.el9',
      vendor: 'Red Hat, Inc.',
    });
    fc.assert(
      fc.property(mutated(header), (bytes) => {
        try {
          parseRpmHeader(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 500 },
    );
    const db = buildRpmDb([{ name: 'openssl', version: '3.0.7', release: '27.el9' }]);
    await fc.assert(
      fc.asyncProperty(mutated(db), (b) => expectNoThrow('rootfs/var/lib/rpm/rpmdb.sqlite', b)),
      { numRuns: 60 },
    );
  });

  it('apk installed: any text yields rows with names, never a throw', () => {
    const text = buildApkInstalled([{ name: 'musl', version: '1.2.4-r2', maintainer: 'Timo Teräs' }]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 400 }),
          mutated(Buffer.from(text)).map((b) => b.toString('utf8')),
        ),
        (t) => {
          for (const row of parseApkInstalled(t)) expect(row.name.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a corrupt gzip larger than its stream buffer ends in a read error, not a stalled scan', async () => {
    // Random bytes after the gzip magic: zlib errors before it drains, and the feeder must not wait forever.
    const noise = Buffer.alloc(256 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const { observations, notes } = await observeBytes(
      'blob.bin',
      Buffer.concat([Buffer.from([0x1f, 0x8b, 0xf5]), noise]),
    );
    expect(observations).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/^error blob\.bin: gzip unreadable: /)]);
  });

  it('signer prefilter: never throws, and finds a needle in any BMPString that holds it', () => {
    const needle = (chunk: string | Buffer) => chunk.toString().toLowerCase().includes('kaspersky');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.string({ maxLength: 40 }), (noise, name) => {
        const value = Buffer.from(`${name}Kaspersky`, 'utf16le').swap16();
        const tlv = Buffer.concat([Buffer.from([0x1e, value.length]), value]);
        expect(value.length).toBeLessThan(128);
        expect(mayNameSigner(Buffer.concat([Buffer.from(noise), tlv]), needle)).toBe(true);
        decodeWideStrings(Buffer.from(noise));
        expect(mayNameSigner(Buffer.from(noise).fill(0x41), needle)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
