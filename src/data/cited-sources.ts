import type { Finding } from '../core/finding.js';
import { sourceHref } from '../core/links.js';
import type { SourceLink } from '../core/report.js';
import type { Source } from './schema.js';

export function toSourceLink(source: Source): SourceLink {
  return {
    id: source.id,
    title: source.title,
    url: sourceHref(source),
    publisher: source.publisher,
    published: source.published,
  };
}

/** Every source id a finding cites: what shows the identifier is the product, then the rulings'. */
export function citedSourceIds(finding: Finding): string[] {
  return [...(finding.match.sources ?? []), ...finding.determinations.flatMap((d) => d.sources)];
}

/** The sources the findings cite, resolved against the data pack, sorted by id; unknown ids are left out. */
export function citedSources(
  findings: readonly Finding[],
  pack: ReadonlyMap<string, Source> | readonly Source[],
): SourceLink[] {
  const sources = 'get' in pack ? pack : new Map(pack.map((s) => [s.id, s]));
  const ids = new Set(findings.flatMap(citedSourceIds));
  return [...ids].sort().flatMap((id) => {
    const source = sources.get(id);
    return source ? [toSourceLink(source)] : [];
  });
}

