import type { Role } from './roles.js';

/** Who is making a request, resolved from a bearer token or a session cookie. */
export interface Principal {
  kind: 'user' | 'token';
  /** User id or token id. */
  id: string;
  tenantId: string;
  role: Role;
  name: string;
  /** How the audit log names them: `user:alice`, `token:agent-fleet`, `host:ws-0142`. */
  actor: string;
  /** The person behind a session or a token; absent for host credentials and tokens of nobody. */
  userId?: string;
  /** A host credential: the one host (id and name) whose inventories it may upload. */
  hostId?: string;
  hostName?: string;
  /** May upload inventories for any named host of the tenant. */
  bulkImport?: boolean;
  /** Present for cookie sessions: unsafe requests must echo it in `X-CSRF-Token`. */
  csrf?: string;
}
