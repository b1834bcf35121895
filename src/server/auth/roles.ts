/**
 * `agent` is the role of host credentials (from enrolment) and import tokens: it reads nothing.
 * It is not on the ladder of the other roles, and no role on the ladder includes uploading:
 * an upload needs the host's own credential or the bulk-import right (see `mayUpload`).
 */
export const ROLES = ['agent', 'viewer', 'analyst', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles people hold, in increasing power; each includes the rights of those before it. */
export const USER_ROLES = ['viewer', 'analyst', 'approver', 'admin'] as const satisfies readonly Role[];

/** What a route needs: a role, anyone authenticated (`agent`), or the right to upload (`upload`). */
export type Access = Role | 'upload';

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `role` may do what needs `required`. Agents may only do agent things. */
export function hasRole(role: Role, required: Role): boolean {
  if (required === 'agent') return true;
  if (role === 'agent') return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Uploading is never a matter of rank: a host credential, or the explicit bulk-import right. */
export function mayUpload(p: { hostName?: string; bulkImport?: boolean }): boolean {
  return p.hostName !== undefined || p.bulkImport === true;
}
