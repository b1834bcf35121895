import type { Profile } from '../../core/status.js';
import { AccountError, createTenant, createToken, createUser, ensureTenant } from '../../server/accounts.js';
import { openStore, type Store } from '../../server/db/dialect.js';
import { createEnrollSecret } from '../../server/enrolment.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { UsageError, type CliIO } from '../io.js';
import type { AdminFlags } from './admin.js';
import { parseExpiry } from './admin-manage-action.js';

async function readPassword(io: CliIO): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
    text += chunk.toString();
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

async function findUserId(store: Store, tenantId: string, name: string): Promise<string> {
  const row = await store.db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw new AccountError(`--user ${name}: no such user in this tenant`);
  return row.id;
}

export async function runAdmin(
  what: 'user' | 'token' | 'tenant' | 'enroll-secret',
  flags: AdminFlags,
  io: CliIO,
): Promise<number> {
  const store = await openStore(flags.db);
  try {
    await migrateToLatest(store);
    const actor = 'shell:admin';
    if (what === 'tenant') {
      await createTenant(store.db, {
        slug: flags.slug!,
        name: flags.name,
        profile: flags.profile as Profile | undefined,
        actor,
      });
      io.stdout.write(`${flags.slug}\n`);
      return 0;
    }
    const tenantId = await ensureTenant(store.db, flags.tenant, actor);
    if (what === 'enroll-secret') {
      const { secret } = await createEnrollSecret(store.db, { tenantId, name: flags.name!, actor });
      io.stdout.write(`${secret}\n`);
      return 0;
    }
    if (what === 'token') {
      const userId = flags.user ? await findUserId(store, tenantId, flags.user) : undefined;
      const expiresAt = parseExpiry(flags, new Date());
      const { token } = await createToken(store.db, {
        tenantId,
        name: flags.name!,
        role: flags.role!,
        actor,
        ...(userId ? { userId } : {}),
        ...(flags.bulkImport ? { bulkImport: true } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      });
      io.stdout.write(`${token}\n`);
      return 0;
    }
    const password = await readPassword(io);
    await createUser(store.db, { tenantId, name: flags.name!, role: flags.role!, password, actor });
    io.stdout.write(`${flags.name}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
