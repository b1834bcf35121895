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
] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

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
] as const;
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

/** Where exactly an observation came from: enough for someone else to find the same bytes. */
export interface Origin {
  source: string;
  format: string;
  /** JSON Pointer ("/3/name"), "line 17", a registry key path, or a path inside an archive. */
  locator: string;
  /** Collector that produced it on a live host. */
  collector?: string;
}

export interface Observation {
  kind: ObservationKind;
  name?: string;
  publisher?: string;
  version?: string;
  host?: string;
  path?: string;
  /** Extra identifiers this record carries (bundle id, product code, purl, domain, signer…). */
  ids?: Identifier[];
  /** osquery differential "removed" and similar: the item is gone from the host. */
  removed?: boolean;
  /** When the record was seen or, for suppliers, when the contract started (ISO date). */
  date?: string;
  /** sha256 of the file the observation was read from inside an artifact. */
  sha256?: string;
  /** The product or file that carries this component (white-label, OEM engine, archive member). */
  carrier?: string;
  /** Free-form evidence worth keeping (country, address, registration ids, install path…). */
  attributes?: Record<string, string>;
  origin: Origin;
}

/** The identifying values of an observation, name and publisher included, for the matcher. */
export function listIdentifiers(obs: Observation): Identifier[] {
  const out: Identifier[] = [];
  if (obs.name)
    out.push({
      kind: obs.kind === 'supplier' ? 'supplier' : obs.kind === 'person' ? 'person' : 'name',
      value: obs.name,
    });
  if (obs.publisher) out.push({ kind: 'publisher', value: obs.publisher });
  if (obs.path) out.push({ kind: 'path', value: obs.path });
  if (obs.sha256) out.push({ kind: 'sha256', value: obs.sha256 });
  if (obs.ids) out.push(...obs.ids);
  return out;
}
