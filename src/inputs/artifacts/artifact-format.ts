import type { Observation } from '../../core/observation.js';
import type { InputFormat, InputSource, ReadContext } from '../types.js';
import { createBufferReader, HEAD_BYTES, openFileReader, type ByteReader } from './byte-reader.js';
import { scanReader } from './dispatch.js';
import { ARTIFACT_FORMAT_ID, baseNameOf, isCandidate, type Frame, type Scan } from './frame.js';
import { resolveLimits, type ArtifactLimits } from './limits.js';
import { sniffArtifact } from './sniff.js';
import { LimitError, materialize } from './streams.js';

const CONTAINERS = new Set(['zip', 'tar', 'gzip', 'xar']);

/**
 * The input format for files as bits: executables, bundles, installer packages, archives, image
 * tarballs and package databases, chosen by magic bytes. `limits` bound what one input may cost.
 * @example readTargets(['rootfs/'], { formats: [...INPUT_FORMATS, createArtifactFormat({ maxDepth: 3 })] });
 */
export function createArtifactFormat(limits: Partial<ArtifactLimits> = {}): InputFormat {
  const resolved = resolveLimits(limits);
  return {
    id: ARTIFACT_FORMAT_ID,
    description:
      'files as bits: PE version info and Authenticode signers, ELF, Mach-O code signatures, Info.plist, .pkg, zip/jar/apk, tar/tgz, docker save and OCI images, dpkg/apk/rpm databases',
    producedBy:
      'any file or folder: an install tree, a firmware image unpacked into a folder, `docker save -o image.tar`, an APK or installer',
    detect(sample) {
      const kind = sniffArtifact(sample.bytes, sample.name);
      if (!kind) return undefined;
      return {
        id: ARTIFACT_FORMAT_ID,
        confidence: kind === 'plist' || kind.endsWith('status') || kind.endsWith('installed') ? 0.9 : 0.95,
      };
    },
    read: (source, ctx) => readArtifact(source, ctx, resolved),
  };
}

/** The artifact format with default limits. */
export const artifacts: InputFormat = createArtifactFormat();

async function* readArtifact(
  source: InputSource,
  ctx: ReadContext,
  limits: ArtifactLimits,
): AsyncGenerator<Observation> {
  const scan: Scan = { ctx, limits, source: source.name, bytes: 0 };
  let reader: ByteReader;
  let release: () => Promise<void>;
  if (source.path !== undefined) {
    // Detection has read the head already (the source keeps it): a small file is never reopened.
    const head =
      source.cachedHead?.() ??
      (source.peek && source.size !== undefined ? await source.peek(HEAD_BYTES) : undefined);
    reader =
      head && head.length === source.size
        ? createBufferReader(head)
        : await openFileReader(source.path, { size: source.size, head });
    release = () => reader.close();
  } else {
    ({ reader, release } = await materialize(scan, source.open() as AsyncIterable<Buffer>));
  }
  try {
    const head = await reader.read(0, 1024);
    const kind = sniffArtifact(head, source.name);
    const frame: Frame = {
      chain: [source.name],
      path: source.name.replace(/\\/g, '/'),
      depth: 0,
      ...(kind && CONTAINERS.has(kind) ? { carrier: baseNameOf(source.name) } : {}),
    };
    // Evidence the prefilter rules out cannot match (its identifiers are all in the text tested), so
    // its observation is not passed on: a tree of clean binaries costs no matching, and no copying
    // between threads. The file still counts as read; without a prefilter (() => true) all pass.
    for await (const obs of scanReader(scan, frame, reader)) if (isCandidate(obs)) yield obs;
    ctx.progress(reader.size);
  } catch (cause) {
    if (!(cause instanceof LimitError)) throw cause;
    ctx.error(source.name, cause.message);
  } finally {
    await release();
  }
}
