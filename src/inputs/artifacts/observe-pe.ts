import type { Identifier, Observation } from '../../core/observation.js';
import { normalizeCompany } from '../../core/normalize.js';
import type { ByteReader } from './byte-reader.js';
import { readCmsSigners, type Signer } from './cms-signers.js';
import { baseNameOf, locate, observe, type Frame, type Scan } from './frame.js';
import { NotPeError, parsePe } from './pe.js';
import { mayNameSigner } from './signer-prefilter.js';

const KEPT_STRINGS = [
  'FileDescription',
  'InternalName',
  'LegalCopyright',
  'LegalTrademarks',
  'Comments',
] as const;

/**
 * A PE file (exe, dll, sys) as one observation: version-info strings, the Authenticode signers
 * (subject and issuer chain), its file names. When the version info names a company that did not
 * sign the file, that product is the carrier: a white-label build of someone else's component.
 */
export async function observePe(scan: Scan, frame: Frame, reader: ByteReader): Promise<Observation[]> {
  let info;
  try {
    info = await parsePe(reader, scan.limits.maxStructureBytes);
  } catch (cause) {
    if (cause instanceof NotPeError) return [];
    throw cause;
  }
  for (const problem of info.problems) scan.ctx.note?.(locate(frame), `PE: ${problem}`);
  const v = info.version ?? {};
  const fileName = baseNameOf(frame.path);
  // pkijs costs far more than the rest of the file: a signature is parsed when the file is already a
  // candidate (its names pass the prefilter: the finding then gets its signer and carrier) or when
  // its raw bytes may name a known signer. A clean file signed by someone else is never parsed.
  const candidate = scan.ctx.mayMatch([frame.path, ...Object.values(v)].join('\n'));
  const signers: Signer[] = [];
  for (const der of info.signatures) {
    if (!candidate && !mayNameSigner(der, scan.ctx.mayMatch)) continue;
    try {
      signers.push(...readCmsSigners(der));
    } catch (cause) {
      scan.ctx.note?.(locate(frame), `Authenticode signature unreadable: ${(cause as Error).message}`);
    }
  }
  const ids: Identifier[] = [{ kind: 'file-name', value: fileName }];
  for (const key of ['OriginalFilename', 'InternalName'] as const) {
    const value = v[key];
    if (value && /\.\w{2,4}$/.test(value))
      ids.push({ kind: 'file-name', value: value.replace(/\.mui$/i, '') });
  }
  if (info.native || /\.sys$/i.test(fileName)) ids.push({ kind: 'driver', value: fileName });
  const holder = v['LegalCopyright'] ? toCopyrightHolder(v['LegalCopyright']) : undefined;
  if (holder) ids.push({ kind: 'publisher', value: holder });
  for (const s of signers) {
    for (const value of [s.subject.organization, s.subject.commonName, s.subject.organizationalUnit]) {
      if (value) ids.push({ kind: 'signer', value });
    }
  }
  const attributes: Record<string, string> = {};
  for (const key of KEPT_STRINGS) if (v[key]) attributes[key] = v[key];
  if (signers[0]) {
    attributes['signer.subject'] = signers[0].subject.text;
    attributes['signer.issuerChain'] = signers[0].chain.join(' | ');
    attributes['signature'] = 'read, not verified';
  }
  if (signers.length > 1)
    attributes['signer.others'] = signers
      .slice(1)
      .map((s) => s.subject.text)
      .join(' | ');
  const company = v['CompanyName'];
  const product = v['ProductName'] ?? v['FileDescription'];
  const signedByOther =
    company &&
    signers.length > 0 &&
    !signers.some((s) => sameCompany(company, s.subject.organization ?? s.subject.commonName));
  return [
    await observe(
      scan,
      frame,
      {
        kind: info.native || /\.sys$/i.test(fileName) ? 'driver' : 'file',
        name: product,
        publisher: company,
        version: v['ProductVersion'] ?? v['FileVersion'],
        ids,
        attributes,
        carrier: signedByOther ? `${product ?? fileName} (${company})` : undefined,
      },
      reader,
    ),
  ];
}

function sameCompany(a: string, b: string | undefined): boolean {
  if (!b) return false;
  const x = normalizeCompany(a);
  const y = normalizeCompany(b);
  return x === y || x.includes(y) || y.includes(x);
}

/** "© 2024 AO Kaspersky Lab. All Rights Reserved." → "AO Kaspersky Lab": the holder is a publisher name. */
export function toCopyrightHolder(text: string): string | undefined {
  const holder = text
    .replace(/all rights reserved\.?/gi, ' ')
    .replace(/\bcopyright\b|\(c\)|©/gi, ' ')
    .replace(/\b(19|20)\d\d\b(\s*[-–,]\s*\b(19|20)\d\d\b)*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.,;:-]+|[\s.,;:-]+$/g, '');
  return holder.length >= 3 && holder.length <= 120 ? holder : undefined;
}
