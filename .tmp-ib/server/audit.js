/** Appends one entry; call it inside the transaction that makes the change, so both or neither land. */
export async function writeAudit(db, e) {
    await db
        .insertInto('audit_log')
        .values({
        tenant_id: e.tenantId,
        at: e.at.toISOString(),
        actor: e.actor,
        action: e.action,
        subject_type: e.subjectType,
        subject_id: e.subjectId,
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
    })
        .execute();
}
