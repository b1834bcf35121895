import type { Kysely } from 'kysely';
import { writeAudit } from '../audit.js';
import type { Principal } from '../auth/principal.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/types.js';
import { findInventory } from './find-inventory.js';
import type { Placed, PreparedUpload } from './ingest.js';

/** A resend becomes the host's current inventory again, received now, unless it already is. */
export async function placeResend(
  trx: Kysely<Database>,
  u: PreparedUpload,
  id: string,
  latest: string | null,
): Promise<Placed> {
  if (latest === id) {
    const again = await findInventory(trx, u.tenantId, u.hostName, u.contentHash);
    if (!again) throw new Error(`inventory ${id} of ${u.hostName} cannot be read back`);
    return { duplicate: { ...again, created: false } };
  }
  await trx
    .updateTable('inventories')
    .set({
      received_at: u.now.toISOString(),
      collected_at: u.collectedAt,
      superseded: 0,
      findings: u.findings.size,
    })
    .where('id', '=', id)
    .execute();
  return { id, current: true };
}

/** A bulk import is audited even when it changed nothing: who sent what for which host. */
export async function auditBulkDuplicate(
  ctx: ServerContext,
  principal: Principal,
  hostName: string,
  id: string,
) {
  await writeAudit(ctx.store.db, {
    tenantId: principal.tenantId,
    actor: principal.actor,
    action: 'inventory.bulk-import',
    subjectType: 'host',
    subjectId: hostName,
    after: { inventory: id, duplicate: true },
    at: ctx.now(),
  });
}
