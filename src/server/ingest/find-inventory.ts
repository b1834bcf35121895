import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { ParsedUpload } from './parse-upload.js';

/** The stored inventory of these bytes for this host, and whether it is the host's latest. */
export async function findInventory(
  db: Kysely<Database>,
  tenantId: string,
  hostName: string,
  contentHash: string,
) {
  const row = await db
    .selectFrom('inventories')
    .innerJoin('hosts', 'hosts.id', 'inventories.host_id')
    .select([
      'inventories.id',
      'inventories.host_id',
      'inventories.format',
      'inventories.records',
      'inventories.errors',
      'inventories.superseded',
      'inventories.diff_chain',
      'hosts.last_inventory_id',
    ])
    .where('inventories.tenant_id', '=', tenantId)
    .where('hosts.name', '=', hostName)
    .where('inventories.content_hash', '=', contentHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    hostId: row.host_id,
    format: row.format,
    records: row.records,
    errors: JSON.parse(row.errors) as ParsedUpload['errors'],
    current: row.superseded === 0,
    latest: row.last_inventory_id === row.id,
    chain: Number(row.diff_chain),
  };
}
