import type { Report, SourceLink } from '../core/report.js';

export { safeHttpUrl } from '../core/links.js';

/** Looks a cited id up in the report; a report written before `sources` existed yields nothing. */
export function sourceIndex(report: Readonly<Report>): (id: string) => SourceLink | undefined {
  const byId = new Map((report.sources ?? []).map((s) => [s.id, s]));
  return (id) => byId.get(id);
}
