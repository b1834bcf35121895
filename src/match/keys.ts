import type { IdentifierKind } from '../core/observation.js';
import {
  baseName,
  normalizeCompany,
  normalizeDomain,
  normalizeId,
  normalizeName,
  normalizePath,
} from '../core/normalize.js';

/** How values of each identifier kind are folded before comparison. */
const NORMALIZER: Record<IdentifierKind, (value: string) => string> = {
  name: normalizeName,
  publisher: normalizeCompany,
  signer: normalizeCompany,
  supplier: normalizeCompany,
  person: normalizeCompany,
  domain: normalizeDomain,
  path: normalizePath,
  process: baseName,
  driver: baseName,
  'file-name': baseName,
  'winget-id': normalizeId,
  'product-code': normalizeId,
  'upgrade-code': normalizeId,
  'bundle-id': normalizeId,
  'android-package': normalizeId,
  'linux-package': normalizeId,
  package: normalizeId,
  purl: normalizeId,
  cpe: normalizeId,
  service: normalizeId,
  'extension-id': normalizeId,
  'pkg-id': normalizeId,
  sha256: normalizeId,
};

export function normalizeFor(kind: IdentifierKind, value: string): string {
  return NORMALIZER[kind](value);
}

/**
 * Which catalog identifier kinds an observed identifier of a kind is compared with. An Authenticode
 * signer is a publisher's legal name; a package seen in an SBOM may be a Linux or Android package.
 */
const COMPARED_WITH: Partial<Record<IdentifierKind, IdentifierKind[]>> = {
  publisher: ['publisher', 'signer'],
  signer: ['signer', 'publisher'],
  package: ['package', 'linux-package', 'android-package'],
  'linux-package': ['linux-package', 'package'],
  'android-package': ['android-package', 'bundle-id'],
  'bundle-id': ['bundle-id', 'android-package'],
  process: ['process', 'file-name'],
  driver: ['driver', 'file-name'],
  'file-name': ['file-name', 'process', 'driver'],
  service: ['service', 'driver'],
};

export function comparedKinds(kind: IdentifierKind): IdentifierKind[] {
  return COMPARED_WITH[kind] ?? [kind];
}
