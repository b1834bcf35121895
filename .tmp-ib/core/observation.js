/** What an input saw, before anything is matched: one program, package, app, domain, supplier… */
export const OBSERVATION_KINDS = [
    'program',
    'package',
    'app',
    'extension',
    'process',
    'service',
    'driver',
    'kernel-extension',
    'file',
    'component',
    'domain',
    'supplier',
    'person',
];
/** Identifier kinds shared by observations and catalog entries. */
export const IDENTIFIER_KINDS = [
    'name',
    'publisher',
    'winget-id',
    'product-code',
    'upgrade-code',
    'bundle-id',
    'android-package',
    'linux-package',
    'package',
    'purl',
    'cpe',
    'process',
    'service',
    'driver',
    'path',
    'file-name',
    'domain',
    'signer',
    'extension-id',
    'pkg-id',
    'sha256',
    'supplier',
    'person',
];
/** The identifying values of an observation, name and publisher included, for the matcher. */
export function listIdentifiers(obs) {
    const out = [];
    if (obs.name)
        out.push({ kind: obs.kind === 'supplier' ? 'supplier' : obs.kind === 'person' ? 'person' : 'name', value: obs.name });
    if (obs.publisher)
        out.push({ kind: 'publisher', value: obs.publisher });
    if (obs.path)
        out.push({ kind: 'path', value: obs.path });
    if (obs.sha256)
        out.push({ kind: 'sha256', value: obs.sha256 });
    if (obs.ids)
        out.push(...obs.ids);
    return out;
}
