import { inflateSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import type { Identifier, Observation } from '../../core/observation.js';
import type { ByteReader } from './byte-reader.js';
import { readCertificate } from './cms-signers.js';
import { locate, observe, type Frame, type Scan } from './frame.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  parseTagValue: false,
});
const MAX_FILES = 10_000;

interface TocFile {
  name?: string;
  data?: { offset?: string; length?: string; encoding?: { '@style'?: string } };
  file?: TocFile | TocFile[];
}

/**
 * A macOS installer package (xar): its package ids from `PackageInfo` and `Distribution`, its
 * title, and the installer-signing certificate from the table of contents.
 */
export async function observeXar(scan: Scan, frame: Frame, reader: ByteReader): Promise<Observation[]> {
  const where = locate(frame);
  const header = await reader.read(0, 28);
  if (header.length < 28) return [];
  const headerSize = header.readUInt16BE(4);
  const tocPacked = Number(header.readBigUInt64BE(8));
  const tocSize = Number(header.readBigUInt64BE(16));
  const max = scan.limits.maxStructureBytes;
  if (tocPacked > max || tocSize > max) {
    scan.ctx.error(
      where,
      `xar table of contents of ${tocSize} bytes exceeds the ${max}-byte limit; not read`,
    );
    return [];
  }
  let toc: { xar?: { toc?: { file?: TocFile | TocFile[]; signature?: unknown } } };
  try {
    const xml = inflateSync(await reader.read(headerSize, tocPacked), { maxOutputLength: max }).toString(
      'utf8',
    );
    toc = parser.parse(xml) as typeof toc;
  } catch (cause) {
    scan.ctx.error(where, `xar table of contents unreadable: ${(cause as Error).message}`);
    return [];
  }
  const heap = headerSize + tocPacked;
  const ids: Identifier[] = [];
  let title: string | undefined;
  let version: string | undefined;
  for (const { path, file } of listFiles(toc.xar?.toc?.file)) {
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base !== 'PackageInfo' && base !== 'Distribution') continue;
    let xml: string;
    try {
      xml = await readHeapFile(reader, heap, file, max);
    } catch (cause) {
      scan.ctx.error(`${where}!/${path}`, `not read: ${(cause as Error).message}`);
      continue;
    }
    for (const m of xml.matchAll(/<pkg-info\b[^>]*?\bidentifier="([^"]+)"(?:[^>]*?\bversion="([^"]+)")?/g)) {
      ids.push({ kind: 'pkg-id', value: m[1]! });
      version ??= m[2];
    }
    for (const m of xml.matchAll(/<pkg-ref\b[^>]*?\bid="([^"]+)"/g))
      ids.push({ kind: 'pkg-id', value: m[1]! });
    title ??= /<title>([^<]+)<\/title>/.exec(xml)?.[1]?.trim();
  }
  const signer = readSigner(toc.xar?.toc?.signature);
  const attributes: Record<string, string> = {};
  if (signer) {
    attributes['signer.subject'] = signer.subject.text;
    attributes['signer.issuer'] = signer.issuer.text;
    attributes['signature'] = 'read, not verified';
    for (const v of [
      signer.subject.organization,
      signer.subject.commonName,
      signer.subject.organizationalUnit,
    ])
      if (v) ids.push({ kind: 'signer', value: v });
  }
  if (!ids.length) return [];
  return [
    await observe(
      scan,
      frame,
      {
        kind: 'package',
        name: title ?? ids.find((i) => i.kind === 'pkg-id')?.value,
        version,
        ids,
        attributes,
      },
      reader,
    ),
  ];
}

function* listFiles(
  node: TocFile | TocFile[] | undefined,
  prefix = '',
  budget = { left: MAX_FILES },
): Generator<{ path: string; file: TocFile }> {
  for (const file of Array.isArray(node) ? node : node ? [node] : []) {
    if (--budget.left < 0) return;
    const path = prefix + String(file.name ?? '');
    yield { path, file };
    yield* listFiles(file.file, `${path}/`, budget);
  }
}

async function readHeapFile(reader: ByteReader, heap: number, file: TocFile, max: number): Promise<string> {
  const offset = Number(file.data?.offset);
  const length = Number(file.data?.length);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0)
    throw new Error('bad heap offset or length');
  if (length > max) throw new Error(`${length} bytes exceed the ${max}-byte limit`);
  const raw = await reader.read(heap + offset, length);
  const style = file.data?.encoding?.['@style'] ?? 'application/octet-stream';
  if (style === 'application/octet-stream') return raw.toString('utf8');
  if (style === 'application/x-gzip') return inflateSync(raw, { maxOutputLength: max }).toString('utf8');
  throw new Error(`encoding ${style} not supported`);
}

function readSigner(signature: unknown) {
  const certs = (signature as { KeyInfo?: { X509Data?: { X509Certificate?: unknown } } } | undefined)?.KeyInfo
    ?.X509Data?.X509Certificate;
  const first = Array.isArray(certs) ? certs[0] : certs;
  if (typeof first !== 'string') return undefined;
  try {
    return readCertificate(Buffer.from(first.replace(/\s+/g, ''), 'base64'));
  } catch {
    return undefined;
  }
}
