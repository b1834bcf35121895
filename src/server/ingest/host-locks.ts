import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';

/** A host a unit of work will lock: by its unique key, and when it was seen (a new host's first). */
export interface HostRef {
  tenantId: string;
  name: string;
  at: string;
}

export type LockedHost = Awaited<ReturnType<typeof lockHost>>;

const keyOf = (tenantId: string, name: string) => `${tenantId}\u0000${name}`;

/**
 * Creates the host when new and, where the database has row locks, holds it until commit: one
 * upsert whose no-op update takes the row lock and returns the row, instead of insert + select.
 */
export function lockHost(trx: Kysely<Database>, tenantId: string, name: string, at: string) {
  return upsertHosts(trx, [{ tenantId, name, at }]).executeTakeFirstOrThrow();
}

function upsertHosts(trx: Kysely<Database>, refs: readonly HostRef[]) {
  return trx
    .insertInto('hosts')
    .values(
      refs.map((r) => ({
        id: randomUUID(),
        tenant_id: r.tenantId,
        name: r.name,
        first_seen: r.at,
        last_seen: r.at,
        last_inventory_id: null,
        last_collected_at: null,
        eval_stamp: null,
        open_findings: 0,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'name']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })),
    )
    .returning(['id', 'tenant_id', 'name', 'last_collected_at', 'last_inventory_id', 'open_findings']);
}

/**
 * The host locks of one shared transaction (group commit): the first unit that locks a declared
 * host locks all of the batch's hosts in one upsert, in the batch's order, so a batch of N
 * check-ins pays one statement for its hosts instead of N, and two batches still take their
 * locks in one order. Each prefetched row is handed out once: a second unit of the same host
 * locks it again (a lock it already holds) and so reads what the first unit wrote.
 */
export class HostLocks {
  readonly #declared: HostRef[];
  #prefetched: Map<string, LockedHost> | undefined;

  /** `declared` in the order the batch runs its units. */
  constructor(declared: readonly HostRef[] = []) {
    const seen = new Set<string>();
    this.#declared = declared.filter((r) => {
      const key = keyOf(r.tenantId, r.name);
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }

  async lock(trx: Kysely<Database>, ref: HostRef): Promise<LockedHost> {
    const key = keyOf(ref.tenantId, ref.name);
    if (!this.#prefetched && this.#declared.length > 1 && this.#declares(key)) {
      const rows = await upsertHosts(trx, this.#declared).execute();
      this.#prefetched = new Map(rows.map((row) => [keyOf(row.tenant_id, row.name), row]));
    }
    const row = this.#prefetched?.get(key);
    if (!row) return lockHost(trx, ref.tenantId, ref.name, ref.at);
    this.#prefetched!.delete(key);
    return row;
  }

  #declares(key: string): boolean {
    return this.#declared.some((r) => keyOf(r.tenantId, r.name) === key);
  }
}
