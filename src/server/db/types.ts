import type { Generated } from 'kysely';

/**
 * Row types as both drivers return them after `normalizeRow`: ISO-8601 text for times, 0/1 for
 * flags, JSON as text. Text times sort correctly and compare the same way on both databases.
 */
export interface Database {
  tenants: {
    id: string;
    slug: string;
    name: string;
    profile: string;
    eval_stamp: string | null;
    waiver_version: number;
    created_at: string;
  };
  users: {
    id: string;
    tenant_id: string;
    name: string;
    role: string;
    password_hash: string | null;
    disabled: number;
    created_at: string;
  };
  api_tokens: {
    id: string;
    tenant_id: string;
    name: string;
    role: string;
    token_hash: string;
    created_by: string;
    created_at: string;
    last_used_at: string | null;
    revoked_at: string | null;
    /** A host credential: the only host it may upload for. */
    host_id: string | null;
    /** The person the token belongs to (four eyes compare people). */
    user_id: string | null;
    /** May upload for any named host of the tenant (every such upload is audited). */
    bulk_import: number;
    /** After this instant the token is refused (migration 2026-12-08-a-token-expiry); null: never. */
    expires_at: string | null;
  };
  enroll_secrets: {
    id: string;
    tenant_id: string;
    name: string;
    secret_hash: string;
    created_by: string;
    created_at: string;
    revoked_at: string | null;
  };
  sessions: { id_hash: string; user_id: string; csrf: string; created_at: string; expires_at: string };
  setup_links: {
    token_hash: string;
    tenant_id: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
  hosts: {
    id: string;
    tenant_id: string;
    name: string;
    first_seen: string;
    last_seen: string;
    last_inventory_id: string | null;
    last_collected_at: string | null;
    eval_stamp: string | null;
    open_findings: number;
  };
  inventories: {
    id: string;
    tenant_id: string;
    host_id: string;
    content_hash: string;
    format: string;
    collected_at: string;
    received_at: string;
    records: number;
    error_count: number;
    errors: string;
    observations: string;
    findings: number;
    superseded: number;
    /** The inventory a differential check-in was applied to (its whole set is stored here all the same). */
    diff_base: string | null;
    /** Differential check-ins since the host's last whole inventory; 0 for a whole one. */
    diff_chain: number;
  };
  findings: {
    id: string;
    tenant_id: string;
    host_id: string;
    host_name: string;
    identity: string;
    product_id: string;
    product_name: string;
    status: string;
    severity: string;
    severity_rank: number;
    state: string;
    waiver_id: string | null;
    finding: string;
    inventory_id: string;
    first_seen: string;
    last_seen: string;
    resolved_at: string | null;
    updated_at: string;
  };
  finding_determinations: { finding_id: string; tenant_id: string; determination_id: string };
  finding_events: {
    id: Generated<number>;
    tenant_id: string;
    finding_id: string;
    at: string;
    kind: string;
    from_status: string | null;
    to_status: string | null;
    cause: string;
  };
  waivers: {
    id: string;
    tenant_id: string;
    public_id: string;
    scope: string;
    reason: string;
    expires: string;
    state: string;
    requested_by: string;
    requested_at: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
    finding_id: string | null;
    requested_by_user: string | null;
  };
  comments: {
    id: string;
    tenant_id: string;
    subject_type: string;
    subject_id: string;
    author_id: string;
    author_name: string;
    body: string;
    state: string;
    created_at: string;
    moderated_by: string | null;
  };
  audit_log: {
    id: Generated<number>;
    tenant_id: string | null;
    at: string;
    actor: string;
    action: string;
    subject_type: string;
    subject_id: string;
    before: string | null;
    after: string | null;
    /** Position in the hash chain (migration 2026-12-07-b-audit-chain), 1, 2, 3, … without gaps. */
    seq: number;
    prev_hash: string;
    hash: string;
  };
  /** One row: the last entry of the audit chain, so emptying audit_log cannot reset the chain unseen. */
  audit_head: { id: number; seq: number; hash: string };
  /** The last post per user and kind, claimed atomically (one post per interval). */
  post_slots: { key: string; last_at: string };
  jobs: {
    id: string;
    tenant_id: string;
    kind: string;
    stamp: string;
    state: string;
    run_after: string;
    claimed_by: string | null;
    claimed_at: string | null;
    attempts: number;
    last_error: string | null;
    created_at: string;
    finished_at: string | null;
  };
  webhooks: {
    id: string;
    tenant_id: string;
    url: string;
    /** `json` (the documented schema) or `slack` (an incoming-webhook body). */
    format: string;
    min_severity: string;
    /** Days before a phase date to remind, comma-separated and descending ("30,7,1"); empty: none. */
    days_before: string;
    /** HMAC key the bodies are signed with; kept in clear because signing needs it. */
    secret: string | null;
    created_by: string;
    created_at: string;
  };
  webhook_deliveries: {
    id: string;
    tenant_id: string;
    webhook_id: string;
    event: string;
    /** Once per webhook: `findings:INVENTORY:RECEIVED`, `phase:DETERMINATION:PHASE:DATE:DAYS`, `test:ID`. */
    dedupe_key: string;
    /** The event in the generic JSON schema; the webhook's format is rendered from it when sent. */
    payload: string;
    /** pending, delivered, failed. */
    state: string;
    attempts: number;
    next_attempt_at: string;
    /** A server is sending it until then; past it, another may (that server died mid-send). */
    claimed_until: string | null;
    last_status: number | null;
    last_error: string | null;
    created_at: string;
    finished_at: string | null;
  };
}
