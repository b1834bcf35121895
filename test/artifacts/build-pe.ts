/**
 * Builds real, minimal PE32+ images in memory: DOS header, PE header, one `.rsrc` section with an
 * RT_VERSION resource (VS_VERSIONINFO with a StringFileInfo table), and an optional Authenticode
 * certificate table holding a PKCS#7 SignedData blob. Windows' own parsers accept this layout.
 */
export interface PeSpec {
  strings?: Record<string, string>;
  /** DER ContentInfo(SignedData) for the certificate table. */
  signature?: Buffer;
  dll?: boolean;
  /** Subsystem 1 (native), as drivers have. */
  native?: boolean;
}

const FILE_ALIGNMENT = 0x200;
const RSRC_RVA = 0x1000;

export function buildPe(spec: PeSpec): Buffer {
  const rsrc = buildResourceSection(buildVersionInfo(spec.strings ?? {}));
  const rsrcRaw = align(rsrc.length, FILE_ALIGNMENT);
  const headers = Buffer.alloc(FILE_ALIGNMENT);
  headers.write('MZ', 0, 'latin1');
  headers.writeUInt32LE(0x80, 0x3c);
  headers.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  const pe = 0x80;
  headers.write('PE\0\0', pe, 'latin1');
  headers.writeUInt16LE(0x8664, pe + 4);
  headers.writeUInt16LE(1, pe + 6);
  headers.writeUInt32LE(0x65000000, pe + 8);
  headers.writeUInt16LE(240, pe + 20);
  headers.writeUInt16LE(0x0022 | (spec.dll ? 0x2000 : 0), pe + 22);
  const opt = pe + 24;
  headers.writeUInt16LE(0x20b, opt);
  headers.writeBigUInt64LE(0x140000000n, opt + 24);
  headers.writeUInt32LE(0x1000, opt + 32);
  headers.writeUInt32LE(FILE_ALIGNMENT, opt + 36);
  headers.writeUInt16LE(6, opt + 40);
  headers.writeUInt16LE(6, opt + 48);
  headers.writeUInt32LE(RSRC_RVA + align(rsrc.length, 0x1000), opt + 56);
  headers.writeUInt32LE(FILE_ALIGNMENT, opt + 60);
  headers.writeUInt16LE(spec.native ? 1 : 2, opt + 68);
  headers.writeUInt32LE(16, opt + 108);
  headers.writeUInt32LE(RSRC_RVA, opt + 112 + 2 * 8);
  headers.writeUInt32LE(rsrc.length, opt + 112 + 2 * 8 + 4);
  const section = opt + 240;
  headers.write('.rsrc', section, 'latin1');
  headers.writeUInt32LE(rsrc.length, section + 8);
  headers.writeUInt32LE(RSRC_RVA, section + 12);
  headers.writeUInt32LE(rsrcRaw, section + 16);
  headers.writeUInt32LE(FILE_ALIGNMENT, section + 20);
  headers.writeUInt32LE(0x40000040, section + 36);
  const body = Buffer.concat([headers, rsrc, Buffer.alloc(rsrcRaw - rsrc.length)]);
  if (!spec.signature) return body;
  const certLength = 8 + spec.signature.length;
  const cert = Buffer.alloc(align(certLength, 8));
  cert.writeUInt32LE(certLength, 0);
  cert.writeUInt16LE(0x0200, 4);
  cert.writeUInt16LE(0x0002, 6);
  spec.signature.copy(cert, 8);
  body.writeUInt32LE(body.length, opt + 112 + 4 * 8);
  body.writeUInt32LE(cert.length, opt + 112 + 4 * 8 + 4);
  return Buffer.concat([body, cert]);
}

/** type (16) → name (1) → language (0x409) → data entry → VS_VERSIONINFO bytes. */
function buildResourceSection(version: Buffer): Buffer {
  const out = Buffer.alloc(0x58);
  const dir = (at: number, target: number, id: number) => {
    out.writeUInt16LE(1, at + 14);
    out.writeUInt32LE(id, at + 16);
    out.writeUInt32LE(target, at + 20);
  };
  dir(0x00, 0x80000000 + 0x18, 16);
  dir(0x18, 0x80000000 + 0x30, 1);
  dir(0x30, 0x48, 0x409);
  out.writeUInt32LE(RSRC_RVA + 0x58, 0x48);
  out.writeUInt32LE(version.length, 0x4c);
  return Buffer.concat([out, version]);
}

export function buildVersionInfo(strings: Record<string, string>): Buffer {
  const fixed = Buffer.alloc(52);
  fixed.writeUInt32LE(0xfeef04bd, 0);
  fixed.writeUInt32LE(0x00010000, 4);
  const table = block(
    '040904b0',
    Buffer.alloc(0),
    1,
    Object.entries(strings).map(([k, v]) => block(k, utf16z(v), 1, [], v.length + 1)),
  );
  const translation = Buffer.alloc(4);
  translation.writeUInt16LE(0x0409, 0);
  translation.writeUInt16LE(0x04b0, 2);
  return block('VS_VERSION_INFO', fixed, 0, [
    block('StringFileInfo', Buffer.alloc(0), 1, [table]),
    block('VarFileInfo', Buffer.alloc(0), 1, [block('Translation', translation, 0, [])]),
  ]);
}

function block(
  key: string,
  value: Buffer,
  type: number,
  children: Buffer[],
  valueLength = value.length,
): Buffer {
  const head = Buffer.alloc(6);
  const keyBytes = utf16z(key);
  const afterKey = align(6 + keyBytes.length, 4);
  const parts = [head, keyBytes, Buffer.alloc(afterKey - 6 - keyBytes.length), value];
  let length = afterKey + value.length;
  for (const child of children) {
    const pad = align(length, 4) - length;
    parts.push(Buffer.alloc(pad), child);
    length += pad + child.length;
  }
  head.writeUInt16LE(length, 0);
  head.writeUInt16LE(valueLength, 2);
  head.writeUInt16LE(type, 4);
  const out = Buffer.concat(parts);
  return Buffer.concat([out, Buffer.alloc(align(out.length, 4) - out.length)]);
}

function utf16z(text: string): Buffer {
  return Buffer.from(`${text}\0`, 'utf16le');
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
