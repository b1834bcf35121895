/**
 * Roles in increasing power; each includes the rights of those before it. `agent` is for tokens
 * that only upload inventories and read nothing.
 */
export const ROLES = ['agent', 'viewer', 'analyst', 'approver', 'admin'];
/** Roles people can hold; `agent` is for tokens only. */
export const USER_ROLES = ['viewer', 'analyst', 'approver', 'admin'];
export function isRole(value) {
    return ROLES.includes(value);
}
/** True when `role` may do what needs `required`. Agents may only do agent things. */
export function hasRole(role, required) {
    if (required === 'agent')
        return true;
    if (role === 'agent')
        return false;
    return ROLES.indexOf(role) >= ROLES.indexOf(required);
}
