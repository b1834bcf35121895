/** A data-pack source as the catalog API gives it. */
export interface SourceLike {
  id: string;
  title?: string;
  url?: string;
  /** A pinned file in a public repository: owner/repo:path@commit. */
  repo?: string;
}

// The same rule as the reports' (src/core/links.ts).
export { repoUrl, safeHttpUrl, sourceHref } from '../../../src/core/links.js';
