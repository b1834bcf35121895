/**
 * Android binary XML (AXML) for an AndroidManifest.xml, chunk by chunk as aapt2 writes it: string
 * pool, resource map, namespace, `<manifest>` with `package`, `android:versionCode`,
 * `android:versionName`, an empty `<application>`, and the matching end chunks.
 */
export interface ManifestSpec {
  package: string;
  versionName: string;
  versionCode: number;
  /** UTF-8 string pool (aapt2's default) or UTF-16 (older aapt). */
  utf8?: boolean;
}

const ANDROID_NS = 'http://schemas.android.com/apk/res/android';
const NO_INDEX = 0xffffffff;
const TYPE_STRING = 0x03;
const TYPE_INT_DEC = 0x10;

export function buildAndroidManifest(spec: ManifestSpec): Buffer {
  // Attribute names with resource ids come first, in resource-map order.
  const strings = [
    'versionCode',
    'versionName',
    'android',
    ANDROID_NS,
    '',
    'package',
    'manifest',
    spec.package,
    spec.versionName,
    'application',
  ];
  const index = (s: string) => strings.indexOf(s);
  const pool = buildStringPool(strings, spec.utf8 ?? true);
  const resourceMap = chunk(0x0180, 8, Buffer.from(Uint32Array.from([0x0101021b, 0x0101021c]).buffer));
  const namespace = (type: number) => node(type, u32(index('android'), index(ANDROID_NS)));
  const manifest = startElement(index('manifest'), [
    [NO_INDEX, index('package'), index(spec.package), TYPE_STRING, index(spec.package)],
    [index(ANDROID_NS), index('versionCode'), NO_INDEX, TYPE_INT_DEC, spec.versionCode],
    [index(ANDROID_NS), index('versionName'), index(spec.versionName), TYPE_STRING, index(spec.versionName)],
  ]);
  const application = startElement(index('application'), []);
  const body = Buffer.concat([
    pool,
    resourceMap,
    namespace(0x0100),
    manifest,
    application,
    node(0x0103, u32(NO_INDEX, index('application'))),
    node(0x0103, u32(NO_INDEX, index('manifest'))),
    namespace(0x0101),
  ]);
  return Buffer.concat([header(0x0003, 8, 8 + body.length), body]);
}

type Attribute = [ns: number, name: number, raw: number, type: number, data: number];

function startElement(name: number, attributes: Attribute[]): Buffer {
  const ext = Buffer.alloc(20);
  ext.writeUInt32LE(NO_INDEX, 0);
  ext.writeUInt32LE(name, 4);
  ext.writeUInt16LE(20, 8);
  ext.writeUInt16LE(20, 10);
  ext.writeUInt16LE(attributes.length, 12);
  const attrs = attributes.map(([ns, key, raw, type, data]) => {
    const a = Buffer.alloc(20);
    a.writeUInt32LE(ns, 0);
    a.writeUInt32LE(key, 4);
    a.writeUInt32LE(raw, 8);
    a.writeUInt16LE(8, 12);
    a.writeUInt8(type, 15);
    a.writeUInt32LE(data >>> 0, 16);
    return a;
  });
  return node(0x0102, Buffer.concat([ext, ...attrs]));
}

/** An XML tree node: 16-byte header with line number and comment, then its extension. */
function node(type: number, ext: Buffer): Buffer {
  const meta = Buffer.alloc(8);
  meta.writeUInt32LE(1, 0);
  meta.writeUInt32LE(NO_INDEX, 4);
  return chunk(type, 16, Buffer.concat([meta, ext]));
}

function buildStringPool(strings: string[], utf8: boolean): Buffer {
  const encoded = strings.map((s) => (utf8 ? encodeUtf8(s) : encodeUtf16(s)));
  const offsets = Buffer.alloc(strings.length * 4);
  let at = 0;
  encoded.forEach((e, i) => {
    offsets.writeUInt32LE(at, i * 4);
    at += e.length;
  });
  const data = Buffer.concat(encoded);
  const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
  const fields = Buffer.alloc(20);
  fields.writeUInt32LE(strings.length, 0);
  fields.writeUInt32LE(0, 4);
  fields.writeUInt32LE(utf8 ? 0x100 : 0, 8);
  fields.writeUInt32LE(28 + offsets.length, 12);
  fields.writeUInt32LE(0, 16);
  return chunk(0x0001, 28, Buffer.concat([fields, offsets, padded]));
}

function encodeUtf8(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([length8(s.length), length8(bytes.length), bytes, Buffer.from([0])]);
}

function length8(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x80 | (n >> 8), n & 0xff]);
}

function encodeUtf16(s: string): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16LE(s.length, 0);
  return Buffer.concat([head, Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
}

/** A chunk: type, header size, total size, then the rest of its header and body. */
function chunk(type: number, headerSize: number, rest: Buffer): Buffer {
  return Buffer.concat([header(type, headerSize, 8 + rest.length), rest]);
}

function header(type: number, headerSize: number, size: number): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(type, 0);
  h.writeUInt16LE(headerSize, 2);
  h.writeUInt32LE(size, 4);
  return h;
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32LE(v >>> 0, i * 4));
  return b;
}
