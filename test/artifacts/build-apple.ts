import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Builders for Apple formats as the real tools lay them out: a thin 64-bit Mach-O with an
 * LC_CODE_SIGNATURE superblob (as `codesign` writes it), and a xar product archive (as
 * `productbuild` writes it) with a Distribution and a component package's PackageInfo.
 */
export interface MachoSpec {
  identifier: string;
  teamId?: string;
  /** DER ContentInfo(SignedData) for the CMS blob wrapper. */
  cms?: Buffer;
}

const MH_MAGIC_64 = 0xfeedfacf;
const CPU_TYPE_X86_64 = 0x01000007;
const LC_CODE_SIGNATURE = 0x1d;
const PAGE = 4096;

export function buildMacho(spec: MachoSpec): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32LE(MH_MAGIC_64, 0);
  header.writeUInt32LE(CPU_TYPE_X86_64, 4);
  header.writeUInt32LE(3, 8);
  header.writeUInt32LE(2, 12);
  header.writeUInt32LE(1, 16);
  header.writeUInt32LE(16, 20);
  header.writeUInt32LE(0x00200085, 24);
  const command = Buffer.alloc(16);
  command.writeUInt32LE(LC_CODE_SIGNATURE, 0);
  command.writeUInt32LE(16, 4);
  // Code (here: the headers and a zero-filled __TEXT page) ends where the signature begins.
  const code = Buffer.concat([header, command, Buffer.alloc(PAGE - 48)]);
  const signature = buildSuperBlob(code, spec);
  command.writeUInt32LE(code.length, 8);
  command.writeUInt32LE(signature.length, 12);
  const withOffsets = Buffer.concat([header, command, Buffer.alloc(PAGE - 48)]);
  return Buffer.concat([withOffsets, buildSuperBlob(withOffsets, spec)]);
}

function buildSuperBlob(code: Buffer, spec: MachoSpec): Buffer {
  const blobs: [number, Buffer][] = [
    [0, buildCodeDirectory(code, spec)],
    [2, blob(0xfade0c01, u32be(0))],
  ];
  if (spec.cms) blobs.push([0x10000, blob(0xfade0b01, spec.cms)]);
  const indexSize = 12 + blobs.length * 8;
  const index = Buffer.alloc(indexSize);
  let offset = indexSize;
  blobs.forEach(([type, body], i) => {
    index.writeUInt32BE(type, 12 + i * 8);
    index.writeUInt32BE(offset, 16 + i * 8);
    offset += body.length;
  });
  index.writeUInt32BE(0xfade0cc0, 0);
  index.writeUInt32BE(offset, 4);
  index.writeUInt32BE(blobs.length, 8);
  return Buffer.concat([index, ...blobs.map(([, body]) => body)]);
}

/** CodeDirectory version 0x20400: identifier and team id strings, then SHA-256 page hashes. */
function buildCodeDirectory(code: Buffer, spec: MachoSpec): Buffer {
  const fixed = Buffer.alloc(88);
  const ident = Buffer.from(`${spec.identifier}\0`);
  const team = spec.teamId ? Buffer.from(`${spec.teamId}\0`) : Buffer.alloc(0);
  const special = 2;
  const hashes: Buffer[] = [Buffer.alloc(32), Buffer.alloc(32)];
  for (let at = 0; at < code.length; at += PAGE)
    hashes.push(
      createHash('sha256')
        .update(code.subarray(at, at + PAGE))
        .digest(),
    );
  const identOffset = fixed.length;
  const teamOffset = spec.teamId ? identOffset + ident.length : 0;
  const hashOffset = identOffset + ident.length + team.length + special * 32;
  const length = identOffset + ident.length + team.length + hashes.length * 32;
  fixed.writeUInt32BE(0xfade0c02, 0);
  fixed.writeUInt32BE(length, 4);
  fixed.writeUInt32BE(0x20400, 8);
  fixed.writeUInt32BE(0x10000, 12);
  fixed.writeUInt32BE(hashOffset, 16);
  fixed.writeUInt32BE(identOffset, 20);
  fixed.writeUInt32BE(special, 24);
  fixed.writeUInt32BE(hashes.length - special, 28);
  fixed.writeUInt32BE(code.length, 32);
  fixed.writeUInt8(32, 36);
  fixed.writeUInt8(2, 37);
  fixed.writeUInt8(12, 39);
  fixed.writeUInt32BE(teamOffset, 48);
  fixed.writeBigUInt64BE(BigInt(PAGE), 72);
  fixed.writeBigUInt64BE(1n, 80);
  return Buffer.concat([fixed, ident, team, ...hashes]);
}

function blob(magic: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(magic, 0);
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}

function u32be(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
}

export interface XarSpec {
  /** The component package's identifier (PackageInfo `identifier`). */
  identifier: string;
  version: string;
  title: string;
}

/** A product archive: Distribution, then `<component>.pkg/PackageInfo`, zlib members ("x-gzip" in xar). */
export function buildXar(spec: XarSpec): Buffer {
  const component = `${spec.identifier.split('.').pop()}.pkg`;
  const distribution = Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>\n<installer-gui-script minSpecVersion="1">\n    <title>${spec.title}</title>\n    <options customize="never" require-scripts="false" hostArchitectures="x86_64,arm64"/>\n    <choices-outline>\n        <line choice="default"/>\n    </choices-outline>\n    <choice id="default" title="${spec.title}">\n        <pkg-ref id="${spec.identifier}"/>\n    </choice>\n    <pkg-ref id="${spec.identifier}" version="${spec.version}" onConclusion="none">#${component}</pkg-ref>\n</installer-gui-script>\n`,
  );
  const packageInfo = Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?>\n<pkg-info overwrite-permissions="true" relocatable="false" identifier="${spec.identifier}" postinstall-action="none" version="${spec.version}" format-version="2" generator-version="InstallCmds-807 (21G72)" install-location="/" auth="root">\n    <payload numberOfFiles="12" installKBytes="4096"/>\n    <bundle-version/>\n</pkg-info>\n`,
  );
  const heap: Buffer[] = [];
  let offset = 20;
  const member = (id: number, name: string, content: Buffer) => {
    const packed = deflateSync(content);
    const entry = `<file id="${id}"><data><length>${packed.length}</length><offset>${offset}</offset><size>${content.length}</size><encoding style="application/x-gzip"/><extracted-checksum style="sha1">${sha1(content)}</extracted-checksum><archived-checksum style="sha1">${sha1(packed)}</archived-checksum></data><name>${name}</name><type>file</type><mode>0644</mode></file>`;
    heap.push(packed);
    offset += packed.length;
    return entry;
  };
  const dist = member(1, 'Distribution', distribution);
  const info = member(3, 'PackageInfo', packageInfo);
  const toc = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<xar>\n <toc>\n  <checksum style="sha1"><offset>0</offset><size>20</size></checksum>\n  <creation-time>2024-06-01T00:00:00</creation-time>\n  ${dist}\n  <file id="2"><name>${component}</name><type>directory</type><mode>0755</mode>${info}</file>\n </toc>\n</xar>\n`,
  );
  const packedToc = deflateSync(toc);
  const header = Buffer.alloc(28);
  header.writeUInt32BE(0x78617221, 0);
  header.writeUInt16BE(28, 4);
  header.writeUInt16BE(1, 6);
  header.writeBigUInt64BE(BigInt(packedToc.length), 8);
  header.writeBigUInt64BE(BigInt(toc.length), 16);
  header.writeUInt32BE(1, 24);
  const tocChecksum = createHash('sha1').update(packedToc).digest();
  return Buffer.concat([header, packedToc, tocChecksum, ...heap]);
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}
