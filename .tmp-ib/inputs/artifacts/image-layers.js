import { posix } from 'node:path';
export function createLayerRecord() {
    return { isTar: false, paths: new Set(), whiteouts: new Set(), opaque: new Set(), pathOf: new WeakMap() };
}
/** Records a whiteout entry; returns false for an ordinary entry. */
export function recordWhiteout(layer, path) {
    const base = posix.basename(path);
    if (!base.startsWith('.wh.'))
        return false;
    const dir = posix.dirname(path);
    if (base === '.wh..wh..opq')
        layer.opaque.add(dir);
    else
        layer.whiteouts.add(posix.join(dir, base.slice(4)));
    return true;
}
/**
 * The images a `docker save` tarball or an OCI image layout describes. `documents` holds the
 * small JSON members by name (manifest.json, index.json, blobs/sha256/…).
 */
export function resolveImages(documents) {
    const docker = documents.get('manifest.json');
    if (Array.isArray(docker)) {
        return docker.flatMap((entry) => {
            const e = entry;
            if (!Array.isArray(e.Layers))
                return [];
            const tags = Array.isArray(e.RepoTags)
                ? e.RepoTags.filter((t) => typeof t === 'string')
                : [];
            return [{ name: tags[0], layers: e.Layers.filter((l) => typeof l === 'string') }];
        });
    }
    const index = documents.get('index.json');
    if (!index || typeof index !== 'object')
        return [];
    const images = [];
    const visit = (doc, name, depth) => {
        if (!doc || typeof doc !== 'object' || depth > 4)
            return;
        const d = doc;
        if (Array.isArray(d.layers)) {
            images.push({
                name,
                layers: d.layers
                    .map((l) => blobPath(l.digest))
                    .filter((p) => !!p),
            });
        }
        if (Array.isArray(d.manifests)) {
            for (const m of d.manifests) {
                const ref = m.annotations?.['io.containerd.image.name'] ?? m.annotations?.['org.opencontainers.image.ref.name'];
                const path = blobPath(m.digest);
                if (path)
                    visit(documents.get(path), typeof ref === 'string' ? ref : name, depth + 1);
            }
        }
    };
    visit(index, undefined, 0);
    return images;
}
function blobPath(digest) {
    if (typeof digest !== 'string')
        return undefined;
    const m = /^([a-z0-9]+):([a-f0-9]{32,128})$/.exec(digest);
    return m ? `blobs/${m[1]}/${m[2]}` : undefined;
}
/**
 * Whether a later layer deleted or replaced `path` of layer `index`: a whiteout of it or of a
 * parent, an opaque parent directory, or the same path written again.
 */
export function isHidden(layers, index, path) {
    for (let j = index + 1; j < layers.length; j++) {
        const upper = layers[j];
        if (upper.paths.has(path))
            return true;
        for (let dir = path; dir !== '/' && dir !== '.'; dir = posix.dirname(dir)) {
            if (upper.whiteouts.has(dir))
                return true;
            if (dir !== path && upper.opaque.has(dir))
                return true;
        }
    }
    return false;
}
