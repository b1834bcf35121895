import { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import type { Observation } from '../../core/observation.js';
import { scanStream } from './dispatch.js';
import { enterMember, locate, toMemberPath, type Frame, type Scan } from './frame.js';
import {
  createLayerRecord,
  isHidden,
  recordWhiteout,
  resolveImages,
  type LayerRecord,
} from './image-layers.js';
import { LimitError } from './streams.js';

const DOCUMENT_BYTES = 4 * 1024 * 1024;
const IMAGE_DOCUMENT = /^(manifest\.json|index\.json|oci-layout|blobs\/[a-z0-9]+\/[a-f0-9]{32,128})$/;

interface Deferred {
  member: string;
  layer: LayerRecord;
  found: Observation[];
}

/**
 * Streams a tar's members through the dispatcher. When the tar is a `docker save` or OCI image,
 * members that are layers are held back until the manifest says their order, and a file a later
 * layer deleted (whiteout, opaque directory) or replaced is dropped.
 * With `layer`, this tar *is* a layer: its whiteouts and paths are recorded for the image above.
 */
export async function* scanTar(
  scan: Scan,
  frame: Frame,
  stream: AsyncIterable<Buffer>,
  layer?: LayerRecord,
): AsyncGenerator<Observation> {
  if (layer) layer.isTar = true;
  const tar = extract();
  const feed = feedTar(stream, tar);
  const documents = new Map<string, unknown>();
  const layers: Deferred[] = [];
  const skipped = new Map<string, number>();
  let members = 0;
  let stopped: string | undefined;
  try {
    for await (const entry of tar) {
      const header: Header = entry.header;
      const body = entry as unknown as AsyncIterable<Buffer>;
      const member = header.name.replace(/^\.\//, '');
      const path = toMemberPath(member);
      if (stopped) {
        entry.resume();
        continue;
      }
      if (member !== path.slice(1) && !member.endsWith('/')) noteEscape(scan, frame, member);
      if (layer) {
        layer.paths.add(path);
        if (recordWhiteout(layer, path)) {
          entry.resume();
          continue;
        }
      }
      if (header.type !== 'file' && header.type !== 'contiguous-file') {
        if (header.type !== 'directory')
          skipped.set(header.type ?? 'unknown', (skipped.get(header.type ?? 'unknown') ?? 0) + 1);
        entry.resume();
        continue;
      }
      if (++members > scan.limits.maxMembers) {
        stopped = `more than ${scan.limits.maxMembers} members (member-count limit); the rest not read`;
        entry.resume();
        continue;
      }
      if (!layer && IMAGE_DOCUMENT.test(member) && (header.size ?? 0) <= DOCUMENT_BYTES) {
        const small = await readSmall(body);
        if (small[0] === 0x7b || small[0] === 0x5b) {
          try {
            documents.set(member, JSON.parse(small.toString('utf8')));
            continue;
          } catch {
            // Not JSON after all: scanned below like any member.
          }
        }
        yield* collect(scan, enterMember(frame, member), Readable.from([small]), layer, path);
        continue;
      }
      const child = enterMember(frame, member);
      if (layer) {
        yield* collect(scan, child, body, layer, path);
        continue;
      }
      const record = createLayerRecord();
      const found: Observation[] = [];
      for await (const obs of scanStream(scan, child, body, record)) found.push(obs);
      if (record.isTar) layers.push({ member, layer: record, found });
      else yield* found;
    }
  } catch (cause) {
    if (!(cause instanceof LimitError)) {
      if (scan.ctx.signal?.aborted) throw cause;
      scan.ctx.error(locate(frame), `tar unreadable past this point: ${(cause as Error).message}`);
    } else scan.ctx.error(locate(frame), cause.message);
  } finally {
    tar.destroy();
    await feed;
  }
  if (stopped) scan.ctx.error(locate(frame), stopped);
  if (skipped.size) {
    const what = [...skipped].map(([type, n]) => `${n} ${type}`).join(', ');
    scan.ctx.note?.(locate(frame), `entries not read (not regular files): ${what}`);
  }
  yield* releaseLayers(scan, frame, layers, documents);
}

async function* collect(
  scan: Scan,
  frame: Frame,
  stream: AsyncIterable<Buffer>,
  layer: LayerRecord | undefined,
  path: string,
): AsyncGenerator<Observation> {
  for await (const obs of scanStream(scan, frame, stream)) {
    layer?.pathOf.set(obs, path);
    yield obs;
  }
}

/** Layers in manifest order with deleted files dropped; layers no manifest names, as they came. */
function* releaseLayers(
  scan: Scan,
  frame: Frame,
  layers: Deferred[],
  documents: Map<string, unknown>,
): Generator<Observation> {
  const byMember = new Map(layers.map((l) => [l.member, l]));
  const emitted = new Set<Deferred>();
  for (const image of resolveImages(documents)) {
    const ordered = image.layers.map((m) => byMember.get(m.replace(/^\.\//, '')));
    const missing = image.layers.filter((_m, i) => !ordered[i]);
    if (missing.length)
      scan.ctx.note?.(
        locate(frame),
        `image ${image.name ?? ''} names layers not in the archive: ${missing.join(', ')}`.replace('  ', ' '),
      );
    const present = ordered.filter((l): l is Deferred => !!l);
    const records = present.map((l) => l.layer);
    for (const [index, l] of present.entries()) {
      if (emitted.has(l)) continue;
      emitted.add(l);
      for (const obs of l.found) {
        const path = l.layer.pathOf.get(obs);
        if (path && isHidden(records, index, path)) continue;
        if (image.name) {
          obs.attributes = { ...obs.attributes, image: image.name };
          // The image names the carrier unless the file itself named a more specific one.
          if (!obs.carrier || obs.carrier === frame.carrier) obs.carrier = image.name;
        }
        yield obs;
      }
    }
  }
  for (const l of layers) if (!emitted.has(l)) yield* l.found;
}

async function readSmall(entry: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of entry) parts.push(chunk);
  return Buffer.concat(parts);
}

function noteEscape(scan: Scan, frame: Frame, member: string): void {
  if (/(^|\/)\.\.(\/|$)|^\//.test(member)) {
    scan.ctx.note?.(
      locate(frame),
      `member "${member}" points outside the archive (path traversal); read as ${toMemberPath(member)}, nothing written`,
    );
  }
}

/** Writes the stream into the extractor with backpressure; a source failure fails the extractor. */
async function feedTar(stream: AsyncIterable<Buffer>, tar: ReturnType<typeof extract>): Promise<void> {
  try {
    for await (const chunk of stream) {
      if (tar.destroyed) return;
      if (!tar.write(chunk))
        await new Promise<void>((resolve) => {
          const done = () => {
            tar.off('drain', done);
            tar.off('close', done);
            resolve();
          };
          tar.on('drain', done);
          tar.on('close', done);
        });
    }
    if (!tar.destroyed) tar.end(undefined);
  } catch (cause) {
    tar.destroy(cause as Error);
  }
}
