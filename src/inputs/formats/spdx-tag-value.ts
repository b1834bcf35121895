import type { Identifier, Observation } from '../../core/observation.js';
import { readLines } from '../lines.js';
import type { InputFormat, InputSource, ReadContext, Sample } from '../types.js';
import { toAttributes } from './json-values.js';
import { readSpdxParty, toSpdxRefKind } from './spdx-party.js';

const ID = 'spdx-tag-value';
const VERSIONS = ['2.1', '2.2', '2.3'] as const;

/** SPDX 2.x tag-value documents (`.spdx`): one observation per `PackageName:` block. */
export const spdxTagValue: InputFormat = {
  id: ID,
  description: 'SPDX 2.x tag-value SBOM (.spdx)',
  producedBy: 'syft -o spdx-tag-value, spdx-tools, a vendor SBOM',
  fileNames: [/\.spdx$/i],
  versions: VERSIONS,
  detect(sample: Sample) {
    if (!sample.text.includes('SPDXVersion')) return undefined;
    const m = /^\s*SPDXVersion:\s*SPDX-(\d+\.\d+)\s*$/m.exec(sample.text.slice(0, 8192));
    return m ? { id: ID, version: m[1], confidence: 1 } : undefined;
  },
  read: readSpdxTagValue,
};

interface Pending {
  line: number;
  name?: string;
  version?: string;
  supplier?: string;
  originator?: string;
  spdxId?: string;
  ids: Identifier[];
}

async function* readSpdxTagValue(source: InputSource, ctx: ReadContext): AsyncGenerator<Observation> {
  let documentName: string | undefined;
  let current: Pending | undefined;
  let inText: { tag: string; line: number } | undefined;
  const finish = (): Observation | undefined => {
    const p = current;
    current = undefined;
    if (!p) return undefined;
    ctx.record();
    if (!p.name) {
      ctx.error(`line ${p.line}`, 'package without a name');
      return undefined;
    }
    const obs: Observation = {
      kind: 'component',
      name: p.name,
      origin: { source: source.name, format: ID, locator: `line ${p.line}` },
    };
    if (p.version) obs.version = p.version;
    const publisher = p.supplier ?? p.originator;
    if (publisher) obs.publisher = publisher;
    const ids = [...p.ids];
    if (p.originator && p.originator !== publisher) ids.unshift({ kind: 'publisher', value: p.originator });
    if (ids.length) obs.ids = ids;
    if (ctx.host) obs.host = ctx.host;
    if (documentName && documentName !== p.name) obs.carrier = documentName;
    const attributes = toAttributes({ spdxId: p.spdxId });
    if (attributes) obs.attributes = attributes;
    return obs;
  };
  for await (const { line, text } of readLines(source, ctx)) {
    if (inText) {
      if (text.includes('</text>')) inText = undefined;
      continue;
    }
    if (text.trimStart().startsWith('#')) continue;
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*:\s?(.*)$/.exec(text);
    if (!m) {
      ctx.error(`line ${line}`, 'expected "Tag: value"');
      continue;
    }
    const [, tag, raw] = m as unknown as [string, string, string];
    if (raw.includes('<text>') && !raw.includes('</text>')) inText = { tag, line };
    const value = raw.replace(/<\/?text>/g, '').trim();
    if (tag === 'PackageName') {
      const done = finish();
      if (done) yield done;
      current = { line, name: value || undefined, ids: [] };
      continue;
    }
    // A file, snippet or licence section ends the package before it.
    if (tag === 'FileName' || tag === 'SnippetSPDXID' || tag === 'LicenseID') {
      const done = finish();
      if (done) yield done;
      continue;
    }
    if (tag === 'DocumentName' && !current) documentName = value || undefined;
    if (!current) continue;
    if (tag === 'SPDXID') current.spdxId = value;
    else if (tag === 'PackageVersion') current.version = value || undefined;
    else if (tag === 'PackageSupplier') current.supplier = readSpdxParty(value);
    else if (tag === 'PackageOriginator') current.originator = readSpdxParty(value);
    else if (tag === 'PackageChecksum') {
      const c = /^SHA256:\s*([0-9a-fA-F]{64})$/.exec(value);
      if (c) current.ids.push({ kind: 'sha256', value: c[1]!.toLowerCase() });
    } else if (tag === 'ExternalRef') {
      const [, type, locator] = value.split(/\s+/);
      const kind = toSpdxRefKind(type ?? '');
      if (kind && locator) current.ids.push({ kind, value: locator });
    }
  }
  if (inText) ctx.error(`line ${inText.line}`, `<text> of ${inText.tag} is never closed`);
  const done = finish();
  if (done) yield done;
}
