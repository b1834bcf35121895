import { verifyAuditChain } from '../../server/audit-verify.js';
import { openStore, StoreUrlError } from '../../server/db/dialect.js';
import { grantAppRole } from '../../server/db/grant-app-role.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { UsageError, type CliIO } from '../io.js';

export interface AuditVerifyFlags {
  db: string;
  anchor?: string;
  json?: boolean;
}

function parseAnchor(text: string | undefined) {
  if (text === undefined) return undefined;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text);
  if (!m) throw new UsageError(`--anchor ${text}: expected SEQ:HASH`, 'as printed by an earlier verify');
  return { seq: Number(m[1]), hash: m[2]! };
}

/** `interdict admin audit verify`: 0 when the chain holds, 1 at the first break (named by seq). */
export async function runAuditVerify(flags: AuditVerifyFlags, io: CliIO): Promise<number> {
  const anchor = parseAnchor(flags.anchor);
  const store = await openStore(flags.db);
  try {
    // Read-only: never migrate here, a check must not change what it checks.
    const v = await verifyAuditChain(store.db, anchor);
    if (flags.json) io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
    else if (v.firstBreak)
      io.stdout.write(
        `audit log broken at entry ${v.firstBreak.seq}: ${v.firstBreak.problem} (entries 1-${v.entries} verify)\n`,
      );
    else
      io.stdout.write(
        `audit log ok: ${v.entries} entries; head ${v.head?.seq ?? 0}:${v.head?.hash ?? ''}\n` +
          'keep the head outside the database and pass it as --anchor later\n',
      );
    return v.ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** `interdict admin migrate`: migrations under the owner role; `--app-role` then grants the server's role. */
export async function runMigrate(flags: { db: string; appRole?: string }, io: CliIO): Promise<number> {
  const store = await openStore(flags.db);
  try {
    const applied = await migrateToLatest(store);
    io.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'no pending migrations\n');
    if (flags.appRole) {
      await grantAppRole(store, flags.appRole);
      io.stdout.write(`granted ${flags.appRole} the server's privileges in ${store.location}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof StoreUrlError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
