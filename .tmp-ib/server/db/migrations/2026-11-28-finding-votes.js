// Frozen once released. One vote per person and finding ("was this finding correct?"); the tally
// feeds the list of suspected false positives.
export async function up(db) {
    await db.schema
        .createTable('finding_votes')
        .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
        .addColumn('finding_id', 'text', (c) => c.notNull().references('findings.id'))
        .addColumn('voter_id', 'text', (c) => c.notNull())
        .addColumn('voter', 'text', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('voted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('finding_votes_pk', ['finding_id', 'voter_id'])
        .execute();
    await db.schema
        .createIndex('finding_votes_by_tenant')
        .on('finding_votes')
        .columns(['tenant_id', 'correct', 'finding_id'])
        .execute();
}
export async function down(db) {
    await db.schema.dropTable('finding_votes').execute();
}
