import Database from 'better-sqlite3';
import type { Observation } from '../../core/observation.js';
import type { ByteReader } from './byte-reader.js';
import { locate, observe, type Frame, type Scan } from './frame.js';
import { parseRpmHeader } from './rpm-header.js';
import type { ArtifactKind } from './sniff.js';

interface PackageRow {
  name: string;
  version?: string;
  vendor?: string;
  /** Line or row of the record, for the locator. */
  place: string;
}

/**
 * The package database of an unpacked root filesystem or firmware image (dpkg `status`, apk
 * `installed`, rpm `rpmdb.sqlite`): one observation per installed package, so a tree scans like
 * the host it came from. BerkeleyDB and ndb rpm databases, which this reader cannot open, are read
 * errors: the packages they list are unread.
 */
export async function observePackageDatabase(
  scan: Scan,
  frame: Frame,
  kind: ArtifactKind,
  reader: ByteReader,
): Promise<Observation[]> {
  const where = locate(frame);
  if (kind === 'rpmdb-legacy') {
    scan.ctx.error(
      where,
      'rpm BerkeleyDB/ndb database not read; run `rpm -qa` inside the image, or use an rpm >= 4.16 (sqlite) image',
    );
    return [];
  }
  if (reader.size > scan.limits.maxStructureBytes * 8) {
    scan.ctx.error(where, `package database of ${reader.size} bytes exceeds the size limit; not read`);
    return [];
  }
  const bytes = await reader.read(0, reader.size);
  const rows =
    kind === 'dpkg-status'
      ? parseDpkgStatus(bytes.toString('utf8'))
      : kind === 'apk-installed'
        ? parseApkInstalled(bytes.toString('utf8'))
        : readRpmSqlite(scan, where, bytes);
  const out: Observation[] = [];
  for (const row of rows) {
    scan.ctx.record();
    const obs = await observe(scan, frame, {
      kind: 'package',
      name: row.name,
      version: row.version,
      publisher: row.vendor,
      ids: [{ kind: 'linux-package', value: row.name }],
    });
    obs.origin.locator = `${where}#${row.place}`;
    out.push(obs);
  }
  return out;
}

/** Stanzas of `Package:`, `Status:`, `Version:`, `Maintainer:`; only installed packages count. */
export function parseDpkgStatus(text: string): PackageRow[] {
  return parseStanzas(text, ':').flatMap(({ fields, line }) => {
    const name = fields.get('Package');
    const status = fields.get('Status') ?? 'install ok installed';
    if (!name || !/\binstalled$/.test(status) || /not-installed/.test(status)) return [];
    return [
      { name, version: fields.get('Version'), vendor: fields.get('Maintainer'), place: `line ${line}` },
    ];
  });
}

/** Alpine `installed`: `P:` name, `V:` version, `m:` maintainer, blank line between packages. */
export function parseApkInstalled(text: string): PackageRow[] {
  return parseStanzas(text, ':', true).flatMap(({ fields, line }) => {
    const name = fields.get('P');
    return name ? [{ name, version: fields.get('V'), vendor: fields.get('m'), place: `line ${line}` }] : [];
  });
}

function parseStanzas(
  text: string,
  separator: string,
  singleLetter = false,
): { fields: Map<string, string>; line: number }[] {
  const out: { fields: Map<string, string>; line: number }[] = [];
  let fields = new Map<string, string>();
  let start = 1;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') {
      if (fields.size) out.push({ fields, line: start });
      fields = new Map();
      start = i + 2;
      return;
    }
    if (/^\s/.test(raw)) return;
    const at = raw.indexOf(separator);
    if (at <= 0 || (singleLetter && at !== 1)) return;
    const key = raw.slice(0, at);
    if (!fields.has(key)) fields.set(key, raw.slice(at + 1).trim());
  });
  if (fields.size) out.push({ fields, line: start });
  return out;
}

function readRpmSqlite(scan: Scan, where: string, bytes: Buffer): PackageRow[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(bytes, { readonly: true });
    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as {
      hnum: number;
      blob: Buffer;
    }[];
    return rows.flatMap((row) => {
      try {
        const header = parseRpmHeader(row.blob);
        return header.name
          ? [
              {
                name: header.name,
                version: [header.version, header.release].filter(Boolean).join('-') || undefined,
                vendor: header.vendor,
                place: `Packages/${row.hnum}`,
              },
            ]
          : [];
      } catch (cause) {
        scan.ctx.note?.(
          `${where}#Packages/${row.hnum}`,
          `rpm header unreadable: ${(cause as Error).message}`,
        );
        return [];
      }
    });
  } catch (cause) {
    scan.ctx.error(where, `rpm sqlite database unreadable: ${(cause as Error).message}`);
    return [];
  } finally {
    db?.close();
  }
}
