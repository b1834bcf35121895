/** The tags of an rpm header blob that identify a package. */
export interface RpmHeader {
  name?: string;
  version?: string;
  release?: string;
  vendor?: string;
}

const TAGS: Record<number, keyof RpmHeader> = {
  1000: 'name',
  1001: 'version',
  1002: 'release',
  1011: 'vendor',
};
const STRING = 6;
const I18NSTRING = 9;
const MAX_INDEX = 65536;

/**
 * Parses an rpm header as stored in rpmdb.sqlite (no lead, no magic): index count and data length
 * (big-endian), index entries of tag/type/offset/count, then the data store.
 * @throws Error when the counts or offsets do not fit the blob.
 */
export function parseRpmHeader(blob: Buffer): RpmHeader {
  if (blob.length < 8) throw new Error('header shorter than 8 bytes');
  const count = blob.readUInt32BE(0);
  const dataLength = blob.readUInt32BE(4);
  const store = 8 + count * 16;
  if (count > MAX_INDEX || store + dataLength > blob.length)
    throw new Error(`index of ${count} entries and ${dataLength} data bytes do not fit ${blob.length} bytes`);
  const out: RpmHeader = {};
  for (let i = 0; i < count; i++) {
    const at = 8 + i * 16;
    const field = TAGS[blob.readUInt32BE(at)];
    const type = blob.readUInt32BE(at + 4);
    const offset = blob.readUInt32BE(at + 8);
    if (!field || (type !== STRING && type !== I18NSTRING)) continue;
    if (offset >= dataLength) throw new Error(`tag offset ${offset} outside the data store`);
    const start = store + offset;
    const end = blob.indexOf(0, start);
    out[field] = blob.toString(
      'utf8',
      start,
      end === -1 || end > store + dataLength ? store + dataLength : end,
    );
  }
  return out;
}
