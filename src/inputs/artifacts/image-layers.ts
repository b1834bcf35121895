import { posix } from 'node:path';
import type { Observation } from '../../core/observation.js';

/** What one image layer contains and deletes, recorded while its tar streams past. */
export interface LayerRecord {
  /** Set once the member turned out to be a tar: only then is it a layer. */
  isTar: boolean;
  /** Paths of every entry, for "a later layer replaced this file". */
  paths: Set<string>;
  /** `.wh.NAME` entries: the path they delete. */
  whiteouts: Set<string>;
  /** `.wh..wh..opq` entries: directories whose lower-layer content is hidden. */
  opaque: Set<string>;
  /** The layer path of the entry each observation came from. */
  pathOf: WeakMap<Observation, string>;
}

export function createLayerRecord(): LayerRecord {
  return { isTar: false, paths: new Set(), whiteouts: new Set(), opaque: new Set(), pathOf: new WeakMap() };
}

/** Records a whiteout entry; returns false for an ordinary entry. */
export function recordWhiteout(layer: LayerRecord, path: string): boolean {
  const base = posix.basename(path);
  if (!base.startsWith('.wh.')) return false;
  const dir = posix.dirname(path);
  if (base === '.wh..wh..opq') layer.opaque.add(dir);
  else layer.whiteouts.add(posix.join(dir, base.slice(4)));
  return true;
}

/** An image found in an archive: its name and its layers, bottom first, as member names. */
export interface ImageManifest {
  name?: string;
  layers: string[];
}

/**
 * The images a `docker save` tarball or an OCI image layout describes. `documents` holds the
 * small JSON members by name (manifest.json, index.json, blobs/sha256/…).
 */
export function resolveImages(documents: Map<string, unknown>): ImageManifest[] {
  const docker = documents.get('manifest.json');
  if (Array.isArray(docker)) {
    return docker.flatMap((entry: unknown) => {
      const e = entry as { RepoTags?: unknown; Layers?: unknown };
      if (!Array.isArray(e.Layers)) return [];
      const tags = Array.isArray(e.RepoTags)
        ? e.RepoTags.filter((t): t is string => typeof t === 'string')
        : [];
      return [{ name: tags[0], layers: e.Layers.filter((l): l is string => typeof l === 'string') }];
    });
  }
  const index = documents.get('index.json');
  if (!index || typeof index !== 'object') return [];
  const images: ImageManifest[] = [];
  const visit = (doc: unknown, name: string | undefined, depth: number) => {
    if (!doc || typeof doc !== 'object' || depth > 4) return;
    const d = doc as { manifests?: unknown; layers?: unknown };
    if (Array.isArray(d.layers)) {
      images.push({
        name,
        layers: d.layers
          .map((l) => blobPath((l as { digest?: unknown }).digest))
          .filter((p): p is string => !!p),
      });
    }
    if (Array.isArray(d.manifests)) {
      for (const m of d.manifests as { digest?: unknown; annotations?: Record<string, unknown> }[]) {
        const ref =
          m.annotations?.['io.containerd.image.name'] ?? m.annotations?.['org.opencontainers.image.ref.name'];
        const path = blobPath(m.digest);
        if (path) visit(documents.get(path), typeof ref === 'string' ? ref : name, depth + 1);
      }
    }
  };
  visit(index, undefined, 0);
  return images;
}

function blobPath(digest: unknown): string | undefined {
  if (typeof digest !== 'string') return undefined;
  const m = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(digest);
  return m ? `blobs/${m[1]}/${m[2]}` : undefined;
}

/**
 * Whether a later layer deleted or replaced `path` of layer `index`: a whiteout of it or of a
 * parent, an opaque parent directory, or the same path written again.
 */
export function isHidden(layers: readonly LayerRecord[], index: number, path: string): boolean {
  for (let j = index + 1; j < layers.length; j++) {
    const upper = layers[j]!;
    if (upper.paths.has(path)) return true;
    for (let dir = path; dir !== '/' && dir !== '.'; dir = posix.dirname(dir)) {
      if (upper.whiteouts.has(dir)) return true;
      if (dir !== path && upper.opaque.has(dir)) return true;
    }
  }
  return false;
}
