// Addresses of sources, for every place that shows them as links (reports, the dashboard): a
// saved report or a data pack can hold any string, so only http(s) ever becomes a link.

/** The address when it is http(s); javascript:, data:, relative and anything else is no link. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

/**
 * The GitHub page of a pinned file, from a data-pack repo locator.
 * @example repoUrl('owner/repo:src/a.ts@v1.2') // → 'https://github.com/owner/repo/blob/v1.2/src/a.ts'
 */
export function repoUrl(locator: string | undefined): string | undefined {
  const match = locator ? /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+):(\S+)@([^\s@]+)$/.exec(locator) : null;
  if (!match) return undefined;
  const [, repo, path, ref] = match as unknown as [string, string, string, string];
  const encodedPath = path.split('/').map(encodeURIComponent).join('/');
  return `https://github.com/${repo}/blob/${encodeURIComponent(ref)}/${encodedPath}`;
}

/** Where a source points, if anywhere safe: its URL, else its pinned repository file. */
export function sourceHref<S extends { url?: string; repo?: string }>(
  source: S | undefined,
): string | undefined {
  return source ? (safeHttpUrl(source.url) ?? repoUrl(source.repo)) : undefined;
}
