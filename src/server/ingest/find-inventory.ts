import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import type { TenantSettings } from '../evaluation.js';
import type { ParsedUpload } from './parse-upload.js';

/** The stored inventory of these bytes for this host, and whether it is the host's latest. */
export async function findInventory(
  db: Kysely<Database>,
  tenantId: string,
  hostName: string,
  contentHash: string,
) {
  const row = await inventoryByHash(db, tenantId, hostName, contentHash).executeTakeFirst();
  return row ? foundInventory(row) : undefined;
}

/** The query of findInventory, for tests of its plan. */
export function inventoryByHash(
  db: Kysely<Database>,
  tenantId: string,
  hostName: string,
  contentHash: string,
) {
  return (
    db
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
      // The host by its unique key (tenant, name): by name alone every host is scanned.
      .where('hosts.tenant_id', '=', tenantId)
      .where('hosts.name', '=', hostName)
      .where('inventories.content_hash', '=', contentHash)
  );
}

export type FoundInventory = ReturnType<typeof foundInventory>;

function foundInventory(row: {
  id: string;
  host_id: string;
  format: string;
  records: number;
  errors: string;
  superseded: number;
  diff_chain: number;
  last_inventory_id: string | null;
}) {
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

/**
 * What a differential check-in needs before it is applied, in one read: the stored inventory of
 * these bytes (findInventory), the host's current inventory, whose set the diff applies to, and
 * the tenant's settings its evaluation depends on.
 */
export async function findDiffBase(
  db: Kysely<Database>,
  tenantId: string,
  hostName: string,
  contentHash: string,
): Promise<{
  previous?: FoundInventory;
  current?: { id: string; observations: string; chain: number };
  tenant?: TenantSettings;
}> {
  const row = await diffBaseQuery(db, tenantId, hostName, contentHash).executeTakeFirst();
  if (!row) return {};
  const tenant = { profile: row.tenant_profile, waiver_version: row.tenant_waiver_version };
  const previous =
    row.id === null
      ? undefined
      : foundInventory({
          ...row,
          id: row.id,
          format: row.format!,
          records: row.records!,
          errors: row.errors!,
          superseded: row.superseded!,
          diff_chain: row.diff_chain!,
        });
  const current =
    row.current_id === null
      ? undefined
      : { id: row.current_id, observations: row.observations!, chain: Number(row.current_chain) };
  return { ...(previous ? { previous } : {}), ...(current ? { current } : {}), tenant };
}

/** The query of findDiffBase, for tests of its plan. */
export function diffBaseQuery(db: Kysely<Database>, tenantId: string, hostName: string, contentHash: string) {
  return (
    db
      .selectFrom('hosts')
      .leftJoin('inventories as dup', (join) =>
        join
          .onRef('dup.tenant_id', '=', 'hosts.tenant_id')
          .onRef('dup.host_id', '=', 'hosts.id')
          .on('dup.content_hash', '=', contentHash),
      )
      .leftJoin('inventories as cur', 'cur.id', 'hosts.last_inventory_id')
      // What the evaluation depends on, so a check-in does not read the tenant row on its own.
      .innerJoin('tenants', 'tenants.id', 'hosts.tenant_id')
      .select([
        'tenants.profile as tenant_profile',
        'tenants.waiver_version as tenant_waiver_version',
        'hosts.id as host_id',
        'hosts.last_inventory_id',
        'dup.id',
        'dup.format',
        'dup.records',
        'dup.errors',
        'dup.superseded',
        'dup.diff_chain',
        'cur.id as current_id',
        'cur.observations',
        'cur.diff_chain as current_chain',
      ])
      .where('hosts.tenant_id', '=', tenantId)
      .where('hosts.name', '=', hostName)
  );
}
