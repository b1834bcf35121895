import Database from 'better-sqlite3';

/** Fields of one installed rpm. */
export interface RpmSpec {
  name: string;
  version: string;
  release: string;
  vendor?: string;
  arch?: string;
}

const RPM_STRING = 6;
const RPM_BIN = 7;
const HEADER_IMMUTABLE = 63;
const TAGS = { name: 1000, version: 1001, release: 1002, vendor: 1011, arch: 1022 } as const;

/**
 * An rpm header as rpm >= 4.16 stores it in rpmdb.sqlite's `Packages.blob`: index count, data
 * length, 16-byte index entries (tag, type, offset, count; big-endian) led by the immutable
 * region tag, then the data store ending in the region trailer.
 */
export function buildRpmHeader(spec: RpmSpec): Buffer {
  const fields = (Object.keys(TAGS) as (keyof typeof TAGS)[]).filter((k) => spec[k] !== undefined);
  const strings: Buffer[] = [];
  const entries: [number, number, number, number][] = [];
  let offset = 0;
  for (const field of fields) {
    const bytes = Buffer.from(`${spec[field]}\0`);
    entries.push([TAGS[field], RPM_STRING, offset, 1]);
    strings.push(bytes);
    offset += bytes.length;
  }
  const count = entries.length + 1;
  const trailer = Buffer.alloc(16);
  trailer.writeUInt32BE(HEADER_IMMUTABLE, 0);
  trailer.writeUInt32BE(RPM_BIN, 4);
  trailer.writeInt32BE(-count * 16, 8);
  trailer.writeUInt32BE(16, 12);
  entries.unshift([HEADER_IMMUTABLE, RPM_BIN, offset, 16]);
  const store = Buffer.concat([...strings, trailer]);
  const index = Buffer.alloc(8 + count * 16);
  index.writeUInt32BE(count, 0);
  index.writeUInt32BE(store.length, 4);
  entries.forEach(([tag, type, at, n], i) => {
    index.writeUInt32BE(tag, 8 + i * 16);
    index.writeUInt32BE(type, 12 + i * 16);
    index.writeUInt32BE(at, 16 + i * 16);
    index.writeUInt32BE(n, 20 + i * 16);
  });
  return Buffer.concat([index, store]);
}

/** An rpmdb.sqlite with rpm's own schema (Packages plus the Name index table), as bytes. */
export function buildRpmDb(packages: RpmSpec[]): Buffer {
  const db = new Database(':memory:');
  try {
    db.exec(
      "CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL);" +
        "CREATE TABLE 'Name' (key TEXT NOT NULL,hnum INTEGER NOT NULL,idx INTEGER NOT NULL,FOREIGN KEY(hnum) REFERENCES 'Packages'(hnum));" +
        "CREATE INDEX 'Name_key_idx' ON 'Name'(key ASC);",
    );
    const insert = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    const name = db.prepare('INSERT INTO Name (key, hnum, idx) VALUES (?, ?, 0)');
    for (const p of packages) {
      const { lastInsertRowid } = insert.run(buildRpmHeader(p));
      name.run(p.name, lastInsertRowid);
    }
    return db.serialize();
  } finally {
    db.close();
  }
}

/** Alpine's `lib/apk/db/installed`: one stanza per package, as apk-tools 2 writes it. */
export function buildApkInstalled(packages: { name: string; version: string; maintainer: string }[]): string {
  return packages
    .map(
      (p, i) =>
        `C:Q1${Buffer.from(`${p.name}-${p.version}`).toString('base64').slice(0, 27)}=\nP:${p.name}\nV:${p.version}\nA:x86_64\nS:${40960 + i * 1024}\nI:${122880 + i * 4096}\nT:${p.name} package\nU:https://example.org/${p.name}\nL:Proprietary\no:${p.name}\nm:${p.maintainer}\nt:1717200000\nc:0123456789abcdef0123456789abcdef0123456${i}\nD:so:libc.musl-x86_64.so.1\nF:opt/${p.name}/bin\nR:${p.name}\na:0:0:755\nZ:Q1${'A'.repeat(27)}=\n`,
    )
    .join('\n');
}
