import yauzl from 'yauzl';
import type { Identifier, Observation } from '../../core/observation.js';
import { parseAndroidManifest } from './android-manifest.js';
import type { ByteReader } from './byte-reader.js';
import { scanStream } from './dispatch.js';
import { enterMember, locate, observe, toMemberPath, type Frame, type Scan } from './frame.js';
import { countBytes, LimitError } from './streams.js';

type ZipFile = yauzl.ZipFile;
type Entry = yauzl.Entry;

const RATIO_FLOOR = 1024 * 1024;
const MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Scans a zip, jar or apk: members are sized and ratio-checked from the central directory before
 * any is inflated. An APK's package id becomes the carrier of everything inside it; class paths
 * of a jar and dex class names of an APK surface the Java packages it bundles.
 */
export async function* scanZip(scan: Scan, frame: Frame, reader: ByteReader): AsyncGenerator<Observation> {
  let zip: ZipFile;
  try {
    zip = await openZip(reader);
  } catch (cause) {
    scan.ctx.error(locate(frame), `zip unreadable: ${(cause as Error).message}`);
    return;
  }
  try {
    const entries = await listEntries(scan, frame, zip);
    let carrier = frame.carrier;
    const manifest = entries.find((e) => e.name === 'AndroidManifest.xml');
    if (manifest && manifest.entry.uncompressedSize <= MANIFEST_BYTES) {
      const app = await readAndroidApp(scan, frame, zip, manifest.entry, reader);
      if (app) {
        carrier = app.name ?? carrier;
        yield app;
      }
    }
    yield* observeJavaPackages(
      scan,
      frame,
      entries.map((e) => e.name),
      reader,
    );
    for (const { name, entry } of entries) {
      scan.ctx.signal?.throwIfAborted();
      if (name.endsWith('/')) continue;
      const child = enterMember(frame, name, carrier);
      if (entry.isEncrypted()) {
        scan.ctx.error(locate(child), 'encrypted member not read');
        continue;
      }
      const { uncompressedSize: size, compressedSize: packed } = entry;
      if (size > RATIO_FLOOR && size > scan.limits.maxRatio * Math.max(packed, 1)) {
        scan.ctx.error(
          locate(child),
          `not read: compression ratio ${Math.round(size / Math.max(packed, 1))}:1 exceeds ${scan.limits.maxRatio}:1 (zip bomb limit)`,
        );
        continue;
      }
      if (scan.bytes + size > scan.limits.maxTotalBytes) {
        scan.ctx.error(
          locate(child),
          `not read: ${size} more bytes would pass the total-size limit of ${scan.limits.maxTotalBytes}`,
        );
        continue;
      }
      try {
        yield* scanStream(scan, child, countBytes(scan, await openEntry(zip, entry)));
      } catch (cause) {
        if (scan.ctx.signal?.aborted) throw cause;
        scan.ctx.error(
          locate(child),
          cause instanceof LimitError ? cause.message : `member unreadable: ${(cause as Error).message}`,
        );
      }
    }
  } finally {
    // yauzl's close() closes the descriptor too, and it is the reader's to close: closing it twice
    // could close a file another read has opened meanwhile under the same number.
    if (reader.buffer) zip.close();
  }
}

interface Listed {
  name: string;
  entry: Entry;
}

async function listEntries(scan: Scan, frame: Frame, zip: ZipFile): Promise<Listed[]> {
  const out: Listed[] = [];
  let escapes = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (out.length >= scan.limits.maxMembers) {
        scan.ctx.error(
          locate(frame),
          `more than ${scan.limits.maxMembers} members (member-count limit); the rest not read`,
        );
        resolve();
        return;
      }
      const raw = entry.fileName as unknown as Buffer;
      // Bit 11: UTF-8 names; otherwise CP437, of which Latin-1 keeps the ASCII part intact.
      const name = raw.toString(entry.generalPurposeBitFlag & 0x800 ? 'utf8' : 'latin1');
      if (/(^|[\\/])\.\.([\\/]|$)|^[\\/]|^[a-zA-Z]:/.test(name)) escapes++;
      out.push({ name: toMemberPath(name).slice(1) + (name.endsWith('/') ? '/' : ''), entry });
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', reject);
    zip.readEntry();
  });
  if (escapes)
    scan.ctx.note?.(
      locate(frame),
      `${escapes} member name(s) point outside the archive (zip-slip); read as paths under its root, nothing written`,
    );
  return out;
}

async function openZip(reader: ByteReader): Promise<ZipFile> {
  const options = { lazyEntries: true, decodeStrings: false, autoClose: false, validateEntrySizes: true };
  const fd = reader.buffer ? undefined : await reader.descriptor?.();
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: ZipFile) =>
      error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip);
    if (reader.buffer) yauzl.fromBuffer(reader.buffer, options, done);
    else if (fd !== undefined) yauzl.fromFd(fd, options, done);
    else reject(new Error('zip reader needs a buffer or a file descriptor'));
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<AsyncIterable<Buffer>> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) =>
      error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream),
    );
  });
}

async function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of await openEntry(zip, entry)) parts.push(chunk);
  return Buffer.concat(parts);
}

async function readAndroidApp(
  scan: Scan,
  frame: Frame,
  zip: ZipFile,
  entry: Entry,
  reader: ByteReader,
): Promise<Observation | undefined> {
  const at = enterMember(frame, 'AndroidManifest.xml');
  try {
    const manifest = parseAndroidManifest(await readEntry(zip, entry));
    if (!manifest.package) return undefined;
    const ids: Identifier[] = [{ kind: 'android-package', value: manifest.package }];
    return await observe(
      scan,
      { ...frame },
      { kind: 'app', name: manifest.package, version: manifest.versionName, ids },
      reader,
    );
  } catch (cause) {
    scan.ctx.note?.(locate(at), `Android manifest unreadable: ${(cause as Error).message}`);
    return undefined;
  }
}

/** One observation per Java package (from `.class` paths) that the catalog prefilter lets through. */
async function* observeJavaPackages(
  scan: Scan,
  frame: Frame,
  names: string[],
  reader: ByteReader,
): AsyncGenerator<Observation> {
  const packages = new Set<string>();
  for (const name of names) {
    const m = /^(?:BOOT-INF\/classes\/|WEB-INF\/classes\/)?((?:[\w$]+\/)+)[\w$-]+\.class$/.exec(name);
    if (m) packages.add(m[1]!.slice(0, -1).replace(/\//g, '.'));
  }
  for (const pkg of [...packages].sort()) {
    if (!scan.ctx.mayMatch(pkg)) continue;
    yield await observe(
      scan,
      frame,
      { kind: 'component', name: pkg, ids: [{ kind: 'package', value: `${pkg}.` }] },
      reader,
    );
  }
}
