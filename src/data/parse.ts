import type { ZodError, ZodType } from 'zod';
import type { CatalogProduct, Determination, PackManifest, Source, Vendor } from './schema.js';

export interface PackFile {
  /** Path inside the pack, with forward slashes (e.g. `catalog/products/consumer.yaml`). */
  path: string;
  /** Path to show in messages (relative to the working directory when inside it). */
  display: string;
  bytes: Buffer;
}

export interface ParsedPack {
  manifest: PackManifest;
  sources: Map<string, Source>;
  vendors: Vendor[];
  products: CatalogProduct[];
  determinations: Determination[];
}

type PathSegment = string | number;

/**
 * Parse and validate every file of a pack. `yaml` and `zod` are imported here, lazily, so that a cached
 * pack never loads them. Problems are collected over all files, each naming file, YAML path and line.
 */
export async function parsePackFiles(files: PackFile[]): Promise<{ pack: ParsedPack; problems: string[] }> {
  const [{ parseDocument, LineCounter }, schema] = await Promise.all([import('yaml'), import('./schema.js')]);
  const problems: string[] = [];
  const pack: ParsedPack = { manifest: undefined!, sources: new Map(), vendors: [], products: [], determinations: [] };

  const validate = <T>(file: PackFile, zodSchema: ZodType<T>): T | undefined => {
    const lines = new LineCounter();
    const doc = parseDocument(file.bytes.toString('utf8'), { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const at = lines.linePos(error.pos[0]);
        problems.push(`${file.display}: line ${at.line}: ${error.message.split('\n')[0]}`);
      }
      return undefined;
    }
    const result = zodSchema.safeParse(doc.toJS());
    if (result.success) return result.data;
    for (const issue of (result.error as ZodError).issues) {
      const path = issue.path as PathSegment[];
      problems.push(`${file.display}: ${formatPath(path)}: ${issue.message}${locate(doc, lines, path)}`);
    }
    return undefined;
  };

  let manifestSeen = false;
  for (const file of files) {
    if (file.path === 'pack.yaml') {
      manifestSeen = true;
      const manifest = validate(file, schema.packManifestSchema);
      if (manifest) pack.manifest = manifest;
    } else if (file.path === 'sources.yaml') {
      const parsed = validate(file, schema.sourcesFileSchema);
      parsed?.sources.forEach((source, index) => {
        if (pack.sources.has(source.id)) problems.push(`${file.display}: sources[${index}].id: duplicate source id ${source.id}`);
        pack.sources.set(source.id, source);
      });
    } else if (file.path.startsWith('catalog/')) {
      const parsed = validate(file, schema.catalogFileSchema);
      if (parsed) {
        pack.vendors.push(...parsed.vendors);
        pack.products.push(...parsed.products);
      }
    } else if (file.path.startsWith('determinations/')) {
      const determination = validate(file, schema.determinationSchema);
      if (determination) pack.determinations.push(determination);
    } else {
      problems.push(`${file.display}: not part of a data pack (expected pack.yaml, sources.yaml, catalog/ or determinations/)`);
    }
  }
  if (!manifestSeen) problems.push(`${files[0]?.display ?? 'data'}: the pack has no pack.yaml manifest`);
  return { pack, problems };
}

/** `products[3].identifiers[0].sources`, the way a reader finds it in the YAML. */
function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(document)';
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

interface YamlDoc {
  getIn(path: Iterable<unknown>, keepScalar?: boolean): unknown;
}

// Point at the deepest node that exists on the issue's path (a missing key is reported at its parent).
function locate(doc: YamlDoc, lines: { linePos(offset: number): { line: number } }, path: PathSegment[]): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && Array.isArray(node.range)) return ` (line ${lines.linePos(node.range[0]).line})`;
  }
  return '';
}
