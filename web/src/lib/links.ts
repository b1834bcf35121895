/** A data-pack source as the catalog API gives it. */
export interface SourceLike {
  id: string;
  title?: string;
  url?: string;
  /** A pinned file in a public repository: owner/repo:path@commit. */
  repo?: string;
}

/** The address when it is http(s); javascript:, data: and anything else is no link. */
export function safeHttpUrl(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
}

/** owner/repo:path@ref → its GitHub file page. */
export function repoUrl(locator: string | undefined): string | undefined {
  const match = locator ? /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+):(\S+)@([^\s@]+)$/.exec(locator) : null;
  if (!match) return undefined;
  const [, repo, path, ref] = match as unknown as [string, string, string, string];
  return `https://github.com/${repo}/blob/${encodeURIComponent(ref)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** Where a source link points, if anywhere safe. */
export function sourceHref(source: SourceLike | undefined): string | undefined {
  return source ? (safeHttpUrl(source.url) ?? repoUrl(source.repo)) : undefined;
}
