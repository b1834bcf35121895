import { hasRole as hasServerRole, type Role } from '../../../src/server/auth/roles.js';

/** "please wait 5 minutes": what a user sees when the server rate-limits a comment or waiver request. */
export function describeWait(retryAfterSeconds: number): string {
  const s = Math.max(1, Math.ceil(retryAfterSeconds));
  if (s < 60) return `please wait ${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `please wait ${m} minute${m === 1 ? '' : 's'}`;
}

/** What the author of a new comment is told, depending on whether it is already visible. */
export function describePosted(state: 'visible' | 'pending' | 'rejected'): string {
  if (state === 'pending')
    return 'Your comment was sent for approval; it is visible to you and to approvers until then.';
  if (state === 'rejected') return 'Your comment was rejected by a moderator.';
  return 'Your comment was posted.';
}

export type { Role } from '../../../src/server/auth/roles.js';

/** The server's rule (each role includes those before it; agents read nothing), for a maybe-absent role. */
export function hasRole(role: Role | undefined, required: Role): boolean {
  return role === undefined ? required === 'agent' : hasServerRole(role, required);
}
