export const STATUSES = [
  'prohibited',
  'unsupported',
  'blocked-transaction',
  'upcoming',
  'review',
  'exempt',
  'waived',
] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whom a ruling binds: every profile is a U.S. person; the others add their own rulings. */
export const PROFILES = ['us-person', 'federal-contractor', 'federal-agency', 'usf-recipient'] as const;
export type Profile = (typeof PROFILES)[number];

const SEVERITY_OF: Record<Status, Severity> = {
  prohibited: 'critical',
  unsupported: 'high',
  'blocked-transaction': 'high',
  upcoming: 'medium',
  review: 'medium',
  exempt: 'info',
  waived: 'info',
};

export function severityOf(status: Status): Severity {
  return SEVERITY_OF[status];
}

/** Lower rank = more severe; used to pick the worst status over several determinations. */
export function rankStatus(status: Status): number {
  return STATUSES.indexOf(status);
}

export function rankSeverity(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold` (critical is the top). */
export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return rankSeverity(severity) <= rankSeverity(threshold);
}
