import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Identifier, Observation, ObservationKind } from '../../core/observation.js';
import type { ReadContext } from '../types.js';
import type { ByteReader } from './byte-reader.js';
import type { ArtifactLimits } from './limits.js';

export const ARTIFACT_FORMAT_ID = 'artifact';

/** Where the scanner is: which file, which archive member, how deep. */
export interface Frame {
  /** The input's name, then each archive member: joined with '!/' into the locator. */
  chain: string[];
  /** The member's path inside its innermost archive ('/opt/x/libkav.so'), or the file's own path. */
  path: string;
  depth: number;
  /** The product or archive that carries what is found here. */
  carrier?: string;
}

/** State shared by one top-level artifact's whole scan. */
export interface Scan {
  ctx: ReadContext;
  limits: ArtifactLimits;
  source: string;
  /** Decompressed bytes read so far, against `limits.maxTotalBytes`. */
  bytes: number;
}

export function locate(frame: Frame): string {
  return frame.chain.join('!/');
}

export function enterMember(frame: Frame, member: string, carrier = frame.carrier): Frame {
  return { chain: [...frame.chain, member], path: toMemberPath(member), depth: frame.depth + 1, carrier };
}

/** '/'-rooted, '..'-free path of an archive member: names never address anything outside the archive. */
export function toMemberPath(name: string): string {
  return posix.normalize(`/${name.replace(/\\/g, '/')}`).replace(/\/+$/, '') || '/';
}

/** Top-level directories of an installed system: a tree unpacked anywhere is matched from its root. */
const SYSTEM_ROOTS =
  /\/(opt|usr|etc|var|lib|lib64|bin|sbin|srv|Library|Applications|System|Program Files|Program Files \(x86\)|ProgramData|Windows)\//g;

/** The path plus each suffix that starts at a system root, so `/mnt/fw/opt/kaspersky/x` also meets `^/opt/kaspersky/`. */
function listPathIds(path: string): Identifier[] {
  const normalized = path.replace(/\\/g, '/');
  const ids: Identifier[] = [];
  for (const m of normalized.matchAll(SYSTEM_ROOTS)) {
    if (m.index > 0) ids.push({ kind: 'path', value: normalized.slice(m.index) });
  }
  return ids;
}

export interface Evidence {
  kind: ObservationKind;
  name?: string;
  publisher?: string;
  version?: string;
  ids: Identifier[];
  attributes?: Record<string, string>;
  carrier?: string;
}

/** Observations whose evidence passed the catalog prefilter: only these can become findings. */
const candidates = new WeakSet<Observation>();

/** Whether `observe` found that this observation's evidence may name something the catalog knows. */
export function isCandidate(obs: Observation): boolean {
  return candidates.has(obs);
}

/**
 * An observation for evidence found at `frame`. The file is hashed (streamed) only when its
 * evidence passes the catalog prefilter: findings always carry a hash, clean files cost no hashing.
 */
export async function observe(
  scan: Scan,
  frame: Frame,
  evidence: Evidence,
  reader?: ByteReader,
): Promise<Observation> {
  const ids = [...evidence.ids, ...listPathIds(frame.path)];
  const text = [evidence.name, evidence.publisher, frame.path, ...ids.map((i) => i.value)]
    .filter(Boolean)
    .join('\n');
  const obs: Observation = {
    kind: frame.depth > 0 && evidence.kind === 'file' ? 'component' : evidence.kind,
    ...(evidence.name ? { name: evidence.name } : {}),
    ...(evidence.publisher ? { publisher: evidence.publisher } : {}),
    ...(evidence.version ? { version: evidence.version } : {}),
    ...(scan.ctx.host ? { host: scan.ctx.host } : {}),
    path: frame.path,
    ids: dedupe(ids),
    origin: { source: scan.source, format: ARTIFACT_FORMAT_ID, locator: locate(frame) },
  };
  const carrier = evidence.carrier ?? frame.carrier;
  if (carrier) obs.carrier = carrier;
  if (evidence.attributes && Object.keys(evidence.attributes).length) obs.attributes = evidence.attributes;
  if (scan.ctx.mayMatch(text)) {
    candidates.add(obs);
    if (reader) obs.sha256 = await hashReader(reader, scan.ctx.signal);
  }
  return obs;
}

const HASH_WINDOW = 4 * 1024 * 1024;

async function hashReader(reader: ByteReader, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  if (reader.buffer) return hash.update(reader.buffer).digest('hex');
  for (let at = 0; at < reader.size; at += HASH_WINDOW) {
    signal?.throwIfAborted();
    hash.update(await reader.read(at, HASH_WINDOW));
  }
  return hash.digest('hex');
}

function dedupe(ids: Identifier[]): Identifier[] {
  const seen = new Set<string>();
  return ids.filter((i) => {
    const k = `${i.kind}\0${i.value}`;
    if (!i.value || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function baseNameOf(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}
