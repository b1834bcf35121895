import type { Role } from './roles.js';

/** Who is making a request, resolved from a bearer token or a session cookie. */
export interface Principal {
  kind: 'user' | 'token';
  /** User id or token id. */
  id: string;
  tenantId: string;
  role: Role;
  name: string;
  /** How the audit log names them: `user:alice`, `token:agent-fleet`. */
  actor: string;
  /** Present for cookie sessions: unsafe requests must echo it in `X-CSRF-Token`. */
  csrf?: string;
}
