/** DER tags of the name string types whose bytes are not ASCII-compatible. */
const BMP_STRING = 0x1e;
const UNIVERSAL_STRING = 0x1c;
/** Per blob: a signature holds a handful of names; random signature bytes hold many false tags. */
const MAX_WIDE_STRINGS = 4096;

/**
 * Whether a DER blob (PKCS#7 SignedData, an X.509 certificate) may name a catalog signer, tested on
 * raw bytes before asn1js/pkijs parse it. Names in PrintableString, UTF8String, IA5String or
 * T61String keep ASCII as-is, so the raw test sees them; BMPString (UCS-2 big-endian) and
 * UniversalString (UCS-4 big-endian) values are decoded and tested too, only when those tags occur.
 * @example if (mayNameSigner(der, ctx.mayMatch)) signers = readCmsSigners(der);
 */
export function mayNameSigner(der: Uint8Array, mayMatch: (chunk: string | Buffer) => boolean): boolean {
  const bytes = Buffer.isBuffer(der) ? der : Buffer.from(der.buffer, der.byteOffset, der.byteLength);
  if (mayMatch(bytes)) return true;
  const wide = decodeWideStrings(bytes);
  return wide.length > 0 && mayMatch(wide);
}

/** The text of every well-formed BMPString and UniversalString TLV in the blob, one per line. */
export function decodeWideStrings(bytes: Buffer): string {
  const out: string[] = [];
  for (let at = 0; at + 2 < bytes.length && out.length < MAX_WIDE_STRINGS; at++) {
    const tag = bytes[at];
    if (tag !== BMP_STRING && tag !== UNIVERSAL_STRING) continue;
    const value = readLength(bytes, at + 1);
    if (!value) continue;
    const unit = tag === BMP_STRING ? 2 : 4;
    const end = value.start + value.length;
    if (value.length === 0 || value.length % unit !== 0 || end > bytes.length) continue;
    out.push(tag === BMP_STRING ? decodeUcs2(bytes, value.start, end) : decodeUcs4(bytes, value.start, end));
  }
  return out.join('\n');
}

/** A DER definite length at `at`: short form, or long form of up to 3 bytes (names are small). */
function readLength(bytes: Buffer, at: number): { start: number; length: number } | undefined {
  const first = bytes[at]!;
  if (first < 0x80) return { start: at + 1, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 3 || at + 1 + count > bytes.length) return undefined;
  let length = 0;
  for (let i = 1; i <= count; i++) length = length * 256 + bytes[at + i]!;
  return { start: at + 1 + count, length };
}

function decodeUcs2(bytes: Buffer, start: number, end: number): string {
  const swapped = Buffer.from(bytes.subarray(start, end)).swap16();
  return swapped.toString('utf16le');
}

function decodeUcs4(bytes: Buffer, start: number, end: number): string {
  let text = '';
  for (let at = start; at + 4 <= end; at += 4) {
    const code = bytes.readUInt32BE(at);
    text += code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  }
  return text;
}
