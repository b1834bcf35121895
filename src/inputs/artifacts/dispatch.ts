import type { Observation } from '../../core/observation.js';
import type { ByteReader } from './byte-reader.js';
import { locate, type Frame, type Scan } from './frame.js';
import type { LayerRecord } from './image-layers.js';
// Readers load on first use: pkijs, yauzl, tar-stream, plist parsers and better-sqlite3 cost start-up
// time that a scan of an inventory file should not pay.
import { sniffArtifact, SNIFF_BYTES, type ArtifactKind } from './sniff.js';
import { countBytes, drain, LimitError, materialize, peekStream, readWindows } from './streams.js';

/**
 * Scans one randomly readable artifact: chosen by magic bytes, read through bounded windows,
 * archives recursed into through this same dispatcher.
 */
export async function* scanReader(
  scan: Scan,
  frame: Frame,
  reader: ByteReader,
  layer?: LayerRecord,
): AsyncGenerator<Observation> {
  const head = await reader.read(0, SNIFF_BYTES);
  const kind = sniffArtifact(head, frame.path);
  if (!kind) return;
  scan.ctx.record();
  try {
    yield* KIND_READERS[kind].read(scan, frame, kind, reader, layer);
  } catch (cause) {
    if (cause instanceof LimitError || scan.ctx.signal?.aborted) throw cause;
    // An archive or package list that breaks hides what it holds; a broken executable or plist is
    // itself still seen (its path and whatever parsed), so only the first leaves content unread.
    const message = `${kind} unreadable: ${(cause as Error).message}`;
    if (KIND_READERS[kind].holdsContent) scan.ctx.error(locate(frame), message);
    else scan.ctx.note?.(locate(frame), message);
  }
}

type KindReader = (
  scan: Scan,
  frame: Frame,
  kind: ArtifactKind,
  reader: ByteReader,
  layer?: LayerRecord,
) => AsyncIterable<Observation>;

interface KindEntry {
  /** A failure leaves members or packages unread: a read error, not a note. */
  holdsContent: boolean;
  read: KindReader;
}

const readPackageDatabase: KindEntry = {
  holdsContent: true,
  read: async function* (scan, frame, kind, reader) {
    yield* await (await import('./package-databases.js')).observePackageDatabase(scan, frame, kind, reader);
  },
};
const readArchiveStream: KindEntry = {
  holdsContent: true,
  read: (scan, frame, kind, reader, layer) =>
    scanArchiveStream(scan, frame, kind, readWindows(reader, scan.ctx.signal), layer),
};

/** How each kind `sniffArtifact` names is read: every kind has its entry, or this does not compile. */
const KIND_READERS: Record<ArtifactKind, KindEntry> = {
  pe: {
    holdsContent: false,
    read: async function* (scan, frame, _kind, reader) {
      yield* await (await import('./observe-pe.js')).observePe(scan, frame, reader);
    },
  },
  elf: {
    holdsContent: false,
    read: async function* (scan, frame, _kind, reader) {
      yield* await (await import('./observe-binary.js')).observeElf(scan, frame, reader);
    },
  },
  macho: {
    holdsContent: false,
    read: async function* (scan, frame, _kind, reader) {
      yield* await (await import('./observe-macho.js')).observeMacho(scan, frame, reader);
    },
  },
  plist: {
    holdsContent: false,
    read: async function* (scan, frame, _kind, reader) {
      yield* await (await import('./observe-plist.js')).observePlist(scan, frame, reader);
    },
  },
  xar: {
    holdsContent: true,
    read: async function* (scan, frame, _kind, reader) {
      yield* await (await import('./observe-xar.js')).observeXar(scan, frame, reader);
    },
  },
  zip: {
    holdsContent: true,
    read: async function* (scan, frame, _kind, reader) {
      if (canOpen(scan, frame)) yield* (await import('./scan-zip.js')).scanZip(scan, frame, reader);
    },
  },
  tar: readArchiveStream,
  gzip: readArchiveStream,
  'dpkg-status': readPackageDatabase,
  'apk-installed': readPackageDatabase,
  'rpmdb-sqlite': readPackageDatabase,
  'rpmdb-legacy': readPackageDatabase,
};

/** Scans an archive member that arrives as a stream (tar entries): tar and gzip stay streams, the rest is materialised. */
export async function* scanStream(
  scan: Scan,
  frame: Frame,
  stream: AsyncIterable<Buffer>,
  layer?: LayerRecord,
): AsyncGenerator<Observation> {
  const { head, rest } = await peekStream(stream, SNIFF_BYTES);
  const kind = sniffArtifact(head, frame.path);
  if (!kind) {
    await drain(rest);
    return;
  }
  if (kind === 'tar' || kind === 'gzip') {
    scan.ctx.record();
    yield* scanArchiveStream(scan, frame, kind, rest, layer);
    return;
  }
  const { reader, release } = await materialize(scan, rest);
  try {
    yield* scanReader(scan, frame, reader);
  } finally {
    await release();
  }
}

async function* scanArchiveStream(
  scan: Scan,
  frame: Frame,
  kind: ArtifactKind,
  stream: AsyncIterable<Buffer>,
  layer?: LayerRecord,
): AsyncGenerator<Observation> {
  if (kind === 'tar') {
    if (canOpen(scan, frame))
      yield* (await import('./scan-tar.js')).scanTar(scan, frame, countBytes(scan, stream), layer);
    else await drain(stream);
    return;
  }
  const inflated = inflate(scan, stream);
  const { head, rest } = await peekStream(inflated, SNIFF_BYTES);
  const inner = sniffArtifact(head, frame.path.replace(/\.(gz|tgz)$/i, ''));
  if (inner === 'tar') {
    if (canOpen(scan, frame)) yield* (await import('./scan-tar.js')).scanTar(scan, frame, rest, layer);
    else await drain(rest);
  } else if (inner && inner !== 'gzip') {
    const { reader, release } = await materialize(scan, rest);
    try {
      yield* scanReader(scan, { ...frame, path: frame.path.replace(/\.gz$/i, '') }, reader);
    } finally {
      await release();
    }
  } else {
    await drain(rest);
  }
}

/** Gunzips with the ratio and total-size limits checked as bytes come out. */
async function* inflate(scan: Scan, stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let compressed = 0;
  let inflated = 0;
  // Loaded here: zlib costs some 5 ms of start-up to every scan, and few inputs are gzipped.
  const { createGunzip } = await import('node:zlib');
  const gunzip = createGunzip();
  const feed = (async () => {
    try {
      for await (const chunk of stream) {
        compressed += chunk.length;
        if (gunzip.destroyed) return;
        // 'close' too: a corrupt stream errors and never drains, and the reader's finally waits for us.
        if (!gunzip.write(chunk))
          await new Promise<void>((resolve) => {
            const done = () => {
              gunzip.off('drain', done);
              gunzip.off('close', done);
              resolve();
            };
            gunzip.once('drain', done);
            gunzip.once('close', done);
          });
      }
      gunzip.end();
    } catch (cause) {
      gunzip.destroy(cause as Error);
    }
  })();
  try {
    for await (const chunk of countBytes(scan, gunzip as AsyncIterable<Buffer>)) {
      inflated += chunk.length;
      if (inflated > 1024 * 1024 && inflated > scan.limits.maxRatio * Math.max(compressed, 1)) {
        throw new LimitError(
          `gzip stream inflates more than ${scan.limits.maxRatio}:1 (${inflated} bytes from ${compressed}); treated as a decompression bomb`,
        );
      }
      yield chunk;
    }
  } finally {
    gunzip.destroy();
    await feed;
  }
}

/** Archives nested deeper than `--max-depth` are not opened: what they hold is unread, a read error. */
function canOpen(scan: Scan, frame: Frame): boolean {
  if (frame.depth < scan.limits.maxDepth) return true;
  scan.ctx.error(
    locate(frame),
    `archive not opened: nesting depth ${frame.depth + 1} exceeds --max-depth ${scan.limits.maxDepth}`,
  );
  return false;
}
