import type { Kysely } from 'kysely';
import { writeAudit } from '../audit.js';
import type { Database } from '../db/types.js';

/** Tables whose rows are credentials revoked by stamping `revoked_at`, never deleted. */
export type RevocableTable = 'api_tokens' | 'enroll_secrets';

/**
 * Revokes one live row of the tenant and writes its audit entry in the same transaction. False when
 * the tenant has no such row or it was revoked already, so another tenant's id looks like no id.
 */
export async function revokeRow(
  db: Kysely<Database>,
  o: {
    table: RevocableTable;
    tenantId: string;
    id: string;
    actor: string;
    /** Audit subject type: `token`, `enroll-secret`; the action is `<subject>.revoke`. */
    subjectType: string;
    now: Date;
  },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable(o.table)
      .set({ revoked_at: o.now.toISOString() })
      .where('tenant_id', '=', o.tenantId)
      .where('id', '=', o.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: `${o.subjectType}.revoke`,
      subjectType: o.subjectType,
      subjectId: o.id,
      at: o.now,
    });
    return true;
  });
}
