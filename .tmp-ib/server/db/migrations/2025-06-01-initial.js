/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen against Kysely<any>, not the current schema types */
import { sql, SqliteAdapter } from 'kysely';
// Frozen: later changes go into a new dated migration. Types are portable across SQLite and
// PostgreSQL (text times, integer flags, text JSON) so one migration serves both.
export async function up(db) {
    const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
    const serialType = sqlite ? 'integer' : 'bigserial';
    const serial = (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey());
    await db.schema
        .createTable('tenants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('eval_stamp', 'text')
        .addColumn('waiver_version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
    await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
    await db.schema
        .createTable('setup_links')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
    await db.schema
        .createTable('hosts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('last_inventory_id', 'text')
        .addColumn('last_collected_at', 'text')
        .addColumn('eval_stamp', 'text')
        .addColumn('open_findings', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('hosts_tenant_name', ['tenant_id', 'name'])
        .execute();
    await db.schema
        .createTable('inventories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id'))
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('collected_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .addColumn('error_count', 'integer', (c) => c.notNull())
        .addColumn('errors', 'text', (c) => c.notNull())
        .addColumn('observations', 'text', (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('superseded', 'integer', (c) => c.notNull().defaultTo(0))
        .addUniqueConstraint('inventories_idempotency', ['tenant_id', 'host_id', 'content_hash'])
        .execute();
    await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id'))
        .addColumn('host_name', 'text', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('product_id', 'text', (c) => c.notNull())
        .addColumn('product_name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('severity_rank', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('waiver_id', 'text')
        .addColumn('finding', 'text', (c) => c.notNull())
        .addColumn('inventory_id', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('findings_identity', ['tenant_id', 'host_id', 'identity'])
        .execute();
    await db.schema
        .createIndex('findings_list')
        .on('findings')
        .columns(['tenant_id', 'state', 'severity_rank', 'id'])
        .execute();
    await db.schema
        .createIndex('findings_seen')
        .on('findings')
        .columns(['tenant_id', 'state', 'last_seen', 'id'])
        .execute();
    await db.schema
        .createIndex('findings_product')
        .on('findings')
        .columns(['tenant_id', 'product_id'])
        .execute();
    await db.schema
        .createIndex('findings_host')
        .on('findings')
        .columns(['tenant_id', 'host_id', 'state'])
        .execute();
    await db.schema
        .createTable('finding_determinations')
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('determination_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('finding_determinations_pk', ['finding_id', 'determination_id'])
        .execute();
    await db.schema
        .createIndex('finding_determinations_by_id')
        .on('finding_determinations')
        .columns(['tenant_id', 'determination_id', 'finding_id'])
        .execute();
    await db.schema
        .createTable('finding_events')
        .addColumn('id', serialType, serial)
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text')
        .addColumn('cause', 'text', (c) => c.notNull())
        .execute();
    await db.schema
        .createIndex('finding_events_by_finding')
        .on('finding_events')
        .columns(['finding_id', 'id'])
        .execute();
    await db.schema
        .createIndex('finding_events_by_day')
        .on('finding_events')
        .columns(['tenant_id', 'at'])
        .execute();
    await db.schema
        .createTable('waivers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('public_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('expires', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('finding_id', 'text')
        .addUniqueConstraint('waivers_public_id', ['tenant_id', 'public_id'])
        .execute();
    await db.schema
        .createIndex('waivers_by_user')
        .on('waivers')
        .columns(['requested_by', 'requested_at'])
        .execute();
    await db.schema
        .createTable('comments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('moderated_by', 'text')
        .execute();
    await db.schema
        .createIndex('comments_by_subject')
        .on('comments')
        .columns(['tenant_id', 'subject_type', 'subject_id'])
        .execute();
    await db.schema
        .createIndex('comments_by_author')
        .on('comments')
        .columns(['author_id', 'created_at'])
        .execute();
    await db.schema
        .createTable('audit_log')
        .addColumn('id', serialType, serial)
        .addColumn('tenant_id', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
    await db.schema.createIndex('audit_by_tenant').on('audit_log').columns(['tenant_id', 'id']).execute();
    await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('stamp', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('run_after', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('claimed_at', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addUniqueConstraint('jobs_once', ['tenant_id', 'kind', 'stamp'])
        .execute();
    await db.schema.createIndex('jobs_queue').on('jobs').columns(['state', 'run_after']).execute();
    // The audit log is append-only in the database itself, not only by convention in the code.
    if (sqlite) {
        for (const op of ['UPDATE', 'DELETE']) {
            await sql `${sql.raw(`CREATE TRIGGER audit_log_no_${op.toLowerCase()} BEFORE ${op} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`)}`.execute(db);
        }
    }
    else {
        await sql `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
        await sql `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    }
}
export async function down(db) {
    for (const table of [
        'jobs',
        'audit_log',
        'comments',
        'waivers',
        'finding_events',
        'finding_determinations',
        'findings',
        'inventories',
        'hosts',
        'setup_links',
        'sessions',
        'api_tokens',
        'users',
        'tenants',
    ]) {
        await db.schema.dropTable(table).execute();
    }
}
