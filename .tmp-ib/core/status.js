export const STATUSES = [
    'prohibited',
    'unsupported',
    'blocked-transaction',
    'upcoming',
    'review',
    'exempt',
    'waived',
];
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
/** Whom a ruling binds: every profile is a U.S. person; the others add their own rulings. */
export const PROFILES = ['us-person', 'federal-contractor', 'federal-agency', 'usf-recipient'];
const SEVERITY_OF = {
    prohibited: 'critical',
    unsupported: 'high',
    'blocked-transaction': 'high',
    upcoming: 'medium',
    review: 'medium',
    exempt: 'info',
    waived: 'info',
};
export function severityOf(status) {
    return SEVERITY_OF[status];
}
/** Lower rank = more severe; used to pick the worst status over several determinations. */
export function rankStatus(status) {
    return STATUSES.indexOf(status);
}
export function rankSeverity(severity) {
    return SEVERITIES.indexOf(severity);
}
/** True when `severity` is at or above `threshold` (critical is the top). */
export function isAtOrAbove(severity, threshold) {
    return rankSeverity(severity) <= rankSeverity(threshold);
}
