import type { Identifier, Observation } from '../../core/observation.js';
import type { ByteReader } from './byte-reader.js';
import { readCmsSigners } from './cms-signers.js';
import { mayNameSigner } from './signer-prefilter.js';
import { baseNameOf, locate, observe, type Frame, type Scan } from './frame.js';

const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
const MAX_COMMANDS = 4096;

/**
 * A Mach-O binary (thin or fat): the code signature's identifier and team id from the
 * CodeDirectory, and the signer of its CMS blob ("Developer ID Application: …").
 */
export async function observeMacho(scan: Scan, frame: Frame, reader: ByteReader): Promise<Observation[]> {
  const where = locate(frame);
  let sliceOffset = 0;
  const magic = (await reader.read(0, 8)).readUInt32BE(0);
  if (magic === 0xcafebabe) {
    const arch = await reader.read(8, 20);
    if (arch.length < 20) return [];
    sliceOffset = arch.readUInt32BE(8);
  }
  const ids: Identifier[] = [{ kind: 'file-name', value: baseNameOf(frame.path) }];
  const attributes: Record<string, string> = {};
  try {
    const signature = await findCodeSignature(reader, sliceOffset, scan.limits.maxStructureBytes);
    if (signature) readSignature(signature, ids, attributes, scan.ctx.mayMatch, frame.path);
  } catch (cause) {
    scan.ctx.note?.(where, `Mach-O code signature unreadable: ${(cause as Error).message}`);
  }
  return [
    await observe(scan, frame, { kind: 'file', name: attributes['identifier'], ids, attributes }, reader),
  ];
}

async function findCodeSignature(reader: ByteReader, base: number, max: number): Promise<Buffer | undefined> {
  const header = await reader.read(base, 32);
  if (header.length < 28) throw new Error('header truncated');
  const magic = header.readUInt32BE(0);
  const little = magic === 0xcefaedfe || magic === 0xcffaedfe;
  const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const wide = magic === 0xfeedfacf || magic === 0xcffaedfe;
  const count = Math.min(u32(header, 16), MAX_COMMANDS);
  const size = u32(header, 20);
  if (size > max) throw new Error(`load commands of ${size} bytes exceed the limit`);
  const commands = await reader.read(base + (wide ? 32 : 28), size);
  for (let at = 0, i = 0; i < count && at + 8 <= commands.length; i++) {
    const cmd = u32(commands, at);
    const cmdSize = u32(commands, at + 4);
    if (cmdSize < 8) throw new Error(`load command ${i} has size ${cmdSize}`);
    if (cmd === LC_CODE_SIGNATURE && at + 16 <= commands.length) {
      const offset = u32(commands, at + 8);
      const length = u32(commands, at + 12);
      if (length > max) throw new Error(`signature of ${length} bytes exceeds the limit`);
      return reader.read(base + offset, length);
    }
    at += cmdSize;
  }
  return undefined;
}

/** SuperBlob (big-endian): magic, length, count, then (type, offset) pairs. */
function readSignature(
  blob: Buffer,
  ids: Identifier[],
  attributes: Record<string, string>,
  mayMatch: (chunk: string | Buffer) => boolean,
  path: string,
): void {
  if (blob.length < 12 || blob.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE)
    throw new Error('no embedded signature superblob');
  const count = Math.min(blob.readUInt32BE(8), 64);
  let cms: Buffer | undefined;
  for (let i = 0; i < count && 12 + i * 8 + 8 <= blob.length; i++) {
    const offset = blob.readUInt32BE(12 + i * 8 + 4);
    if (offset + 8 > blob.length) continue;
    const magic = blob.readUInt32BE(offset);
    const length = Math.min(blob.readUInt32BE(offset + 4), blob.length - offset);
    const sub = blob.subarray(offset, offset + length);
    if (magic === CSMAGIC_CODEDIRECTORY && !attributes['identifier']) {
      const identifier = cString(sub, sub.length >= 24 ? sub.readUInt32BE(20) : 0);
      if (identifier) {
        attributes['identifier'] = identifier;
        ids.push({ kind: 'bundle-id', value: identifier });
      }
      const version = sub.length >= 12 ? sub.readUInt32BE(8) : 0;
      const team = version >= 0x20200 && sub.length >= 52 ? cString(sub, sub.readUInt32BE(48)) : undefined;
      if (team) {
        attributes['teamId'] = team;
        ids.push({ kind: 'signer', value: team });
      }
    } else if (magic === CSMAGIC_BLOBWRAPPER && length > 8) {
      cms ??= sub.subarray(8);
    }
  }
  // As for PE: pkijs runs for a candidate (path, identifier or team id may match) or a blob that may name a signer.
  const candidate = mayMatch(
    [path, attributes['identifier'], attributes['teamId']].filter(Boolean).join('\n'),
  );
  if (!cms || !(candidate || mayNameSigner(cms, mayMatch))) return;
  try {
    const signer = readCmsSigners(cms)[0];
    if (!signer) return;
    attributes['signer.subject'] = signer.subject.text;
    attributes['signer.issuerChain'] = signer.chain.join(' | ');
    attributes['signature'] = 'read, not verified';
    for (const v of [
      signer.subject.organization,
      signer.subject.commonName,
      signer.subject.organizationalUnit,
    ])
      if (v) ids.push({ kind: 'signer', value: v });
  } catch {
    // Ad-hoc and broken CMS blobs leave the CodeDirectory evidence standing.
  }
}

function cString(buffer: Buffer, offset: number): string | undefined {
  if (!offset || offset >= buffer.length) return undefined;
  const end = buffer.indexOf(0, offset);
  const value = buffer.toString('utf8', offset, end === -1 ? buffer.length : end);
  return value || undefined;
}
