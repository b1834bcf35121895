/** The identity an APK's binary AndroidManifest.xml declares. */
export interface AndroidManifest {
  package?: string;
  versionName?: string;
}

const RES_XML_TYPE = 0x0003;
const RES_STRING_POOL_TYPE = 0x0001;
const RES_XML_START_ELEMENT_TYPE = 0x0102;
const UTF8_FLAG = 0x100;
const NO_INDEX = 0xffffffff;
const MAX_STRINGS = 1 << 20;

/**
 * Reads the `<manifest package=… android:versionName=…>` element of Android binary XML (AXML):
 * a chunk stream with a string pool, then start-element chunks whose attributes index into it.
 * @throws Error on a truncated or malformed document.
 */
export function parseAndroidManifest(bytes: Buffer): AndroidManifest {
  if (bytes.length < 8 || bytes.readUInt16LE(0) !== RES_XML_TYPE) throw new Error('not Android binary XML');
  let strings: string[] = [];
  for (let at = bytes.readUInt16LE(2); at + 8 <= bytes.length;) {
    const type = bytes.readUInt16LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (size < 8 || at + size > bytes.length) throw new Error(`chunk at byte ${at} has a bad size ${size}`);
    if (type === RES_STRING_POOL_TYPE) strings = readStringPool(bytes.subarray(at, at + size));
    else if (type === RES_XML_START_ELEMENT_TYPE) {
      const element = readElement(bytes.subarray(at, at + size), strings);
      if (element.name === 'manifest') {
        return {
          package: element.attributes.get('package'),
          versionName: element.attributes.get('versionName'),
        };
      }
    }
    at += size;
  }
  throw new Error('no <manifest> element');
}

function readStringPool(chunk: Buffer): string[] {
  if (chunk.length < 28) throw new Error('string pool header truncated');
  const headerSize = chunk.readUInt16LE(2);
  const count = chunk.readUInt32LE(8);
  const utf8 = (chunk.readUInt32LE(16) & UTF8_FLAG) !== 0;
  const start = chunk.readUInt32LE(20);
  if (count > MAX_STRINGS || headerSize + count * 4 > chunk.length)
    throw new Error('string pool count out of range');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + chunk.readUInt32LE(headerSize + i * 4);
    out.push(utf8 ? readUtf8(chunk, at) : readUtf16(chunk, at));
  }
  return out;
}

function readUtf8(chunk: Buffer, at: number): string {
  let p = at;
  const skipLength = () => {
    if (p >= chunk.length) throw new Error('string offset out of range');
    const first = chunk[p++]!;
    if (first & 0x80) p++;
    return first;
  };
  skipLength();
  if (p >= chunk.length) throw new Error('string offset out of range');
  let length = chunk[p++]!;
  if (length & 0x80) length = ((length & 0x7f) << 8) | (chunk[p++] ?? 0);
  if (p + length > chunk.length) throw new Error('string runs past its pool');
  return chunk.toString('utf8', p, p + length);
}

function readUtf16(chunk: Buffer, at: number): string {
  if (at + 2 > chunk.length) throw new Error('string offset out of range');
  let p = at;
  let length = chunk.readUInt16LE(p);
  p += 2;
  if (length & 0x8000) {
    if (p + 2 > chunk.length) throw new Error('string offset out of range');
    length = ((length & 0x7fff) << 16) | chunk.readUInt16LE(p);
    p += 2;
  }
  if (p + length * 2 > chunk.length) throw new Error('string runs past its pool');
  return chunk.toString('utf16le', p, p + length * 2);
}

function readElement(chunk: Buffer, strings: string[]): { name?: string; attributes: Map<string, string> } {
  if (chunk.length < 36) throw new Error('start element truncated');
  const headerSize = chunk.readUInt16LE(2);
  const body = headerSize;
  const name = strings[chunk.readUInt32LE(body + 4)];
  const attributeStart = chunk.readUInt16LE(body + 8);
  const attributeSize = chunk.readUInt16LE(body + 10) || 20;
  const count = chunk.readUInt16LE(body + 12);
  const attributes = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const at = body + attributeStart + i * attributeSize;
    if (at + 20 > chunk.length) throw new Error('attribute runs past its element');
    const key = strings[chunk.readUInt32LE(at + 4)];
    const raw = chunk.readUInt32LE(at + 8);
    const dataType = chunk[at + 15];
    // A string attribute has its raw value in the pool; typed ones (0x03 = string) also point there.
    const value =
      raw !== NO_INDEX ? strings[raw] : dataType === 0x03 ? strings[chunk.readUInt32LE(at + 16)] : undefined;
    if (key && value !== undefined) attributes.set(key, value);
  }
  return { name, attributes };
}
