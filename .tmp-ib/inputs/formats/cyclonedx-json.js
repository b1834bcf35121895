import { readJsonDocument } from './json-document.js';
const ID = 'cyclonedx-json';
const VERSIONS = ['1.2', '1.3', '1.4', '1.5', '1.6'];
/** CycloneDX JSON BOMs, spec 1.2 to 1.6: every component, nested ones and metadata.component too. */
export const cyclonedxJson = {
    id: ID,
    description: `CycloneDX JSON SBOM (spec ${VERSIONS[0]}–${VERSIONS[VERSIONS.length - 1]})`,
    producedBy: 'syft -o cyclonedx-json, trivy --format cyclonedx, cdxgen, a vendor SBOM',
    fileNames: [/\.cdx\.json$/i, /bom\.json$/i, /cyclonedx.*\.json$/i],
    versions: VERSIONS,
    detect: detectCyclonedx,
    read: readCyclonedx,
};
function detectCyclonedx(sample) {
    const text = sample.text.trimStart();
    if (!text.startsWith('{') || !/"bomFormat"\s*:\s*"CycloneDX"/.test(text))
        return undefined;
    const version = /"specVersion"\s*:\s*"([^"]*)"/.exec(text)?.[1];
    return { id: ID, confidence: 1, ...(version !== undefined ? { version } : {}) };
}
async function* readCyclonedx(source, ctx) {
    const doc = await readJsonDocument(source, ctx);
    if (doc === undefined)
        return;
    if (!isObject(doc) || doc['bomFormat'] !== 'CycloneDX') {
        ctx.error('/bomFormat', 'not a CycloneDX BOM: bomFormat is not "CycloneDX"');
        return;
    }
    const make = (c, pointer, carrier) => {
        const name = text(c['name']);
        if (!name) {
            ctx.error(pointer, 'component without a name');
            return undefined;
        }
        const orgs = unique([
            text(c['publisher']),
            text(asObject(c['manufacturer'])?.['name']),
            text(asObject(c['supplier'])?.['name']),
            text(c['author']),
            ...asArray(c['authors']).map((a) => text(asObject(a)?.['name'])),
        ]);
        const ids = orgs.slice(1).map((value) => ({ kind: 'publisher', value }));
        const purl = text(c['purl']);
        if (purl)
            ids.push({ kind: 'purl', value: purl });
        const cpe = text(c['cpe']);
        if (cpe)
            ids.push({ kind: 'cpe', value: cpe });
        const sha256 = asArray(c['hashes'])
            .map(asObject)
            .find((h) => h?.['alg'] === 'SHA-256')?.['content'];
        if (typeof sha256 === 'string')
            ids.push({ kind: 'sha256', value: sha256.toLowerCase() });
        const attributes = {};
        for (const key of ['type', 'group', 'bom-ref', 'scope', 'copyright']) {
            const value = text(c[key]);
            if (value)
                attributes[key] = value;
        }
        const obs = {
            kind: 'component',
            name,
            origin: { source: source.name, format: ID, locator: pointer },
        };
        if (orgs[0])
            obs.publisher = orgs[0];
        const version = text(c['version']);
        if (version)
            obs.version = version;
        if (ctx.host)
            obs.host = ctx.host;
        if (ids.length)
            obs.ids = ids;
        if (carrier)
            obs.carrier = carrier;
        if (Object.keys(attributes).length)
            obs.attributes = attributes;
        return obs;
    };
    function* walk(list, pointer, carrier) {
        if (list === undefined)
            return;
        if (!Array.isArray(list)) {
            ctx.error(pointer, 'expected an array of components');
            return;
        }
        for (let i = 0; i < list.length; i++) {
            const at = `${pointer}/${i}`;
            const c = list[i];
            ctx.record();
            if (!isObject(c)) {
                ctx.error(at, 'expected a component object');
                continue;
            }
            const obs = make(c, at, carrier);
            if (obs)
                yield obs;
            yield* walk(c['components'], `${at}/components`, label(c) ?? carrier);
        }
    }
    const metadata = asObject(doc['metadata']);
    const main = asObject(metadata?.['component']);
    const product = main ? label(main) : undefined;
    if (main) {
        ctx.record();
        const obs = make(main, '/metadata/component');
        if (obs)
            yield obs;
        yield* walk(main['components'], '/metadata/component/components', product);
    }
    yield* walk(doc['components'], '/components', product);
}
/** "Name 1.2.3": what carries a nested component. */
function label(c) {
    const name = text(c['name']);
    const version = text(c['version']);
    return name ? (version ? `${name} ${version}` : name) : undefined;
}
function text(value) {
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
}
function asObject(value) {
    return isObject(value) ? value : undefined;
}
function asArray(value) {
    return Array.isArray(value) ? value : [];
}
function unique(values) {
    return [...new Set(values.filter((v) => !!v))];
}
