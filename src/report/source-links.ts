import type { Finding } from '../core/finding.js';
import type { Report, SourceLink } from '../core/report.js';
import type { Source } from '../data/schema.js';

/** The address as given when it is http(s); anything else (javascript:, data:, relative) is no link. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

/**
 * The GitHub page of a pinned file, from a data-pack repo locator.
 * @example repoUrl('owner/repo:src/a.ts@v1.2') // → 'https://github.com/owner/repo/blob/v1.2/src/a.ts'
 */
export function repoUrl(locator: string): string | undefined {
  const match = /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+):([^\s]+)@([^\s@]+)$/.exec(locator);
  if (!match) return undefined;
  const [, repo, path, ref] = match as unknown as [string, string, string, string];
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `https://github.com/${repo}/blob/${encodeURIComponent(ref)}/${encodedPath}`;
}

export function toSourceLink(source: Source): SourceLink {
  const url = safeHttpUrl(source.url) ?? (source.repo ? repoUrl(source.repo) : undefined);
  return {
    id: source.id,
    title: source.title,
    url,
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

/** Looks a cited id up in the report; a report written before `sources` existed yields nothing. */
export function sourceIndex(report: Readonly<Report>): (id: string) => SourceLink | undefined {
  const byId = new Map((report.sources ?? []).map((s) => [s.id, s]));
  return (id) => byId.get(id);
}
