import type { Kysely } from 'kysely';
import { AccountError, AccountNotFound } from '../accounts.js';
import { lockAuditHead, writeAudit } from '../audit.js';
import type { Database } from '../db/types.js';
import { USER_ROLES, type Role } from './roles.js';

export interface UserView {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** A user by id (the API) or by login name (the shell). */
type UserRef = { id: string } | { name: string };

type Row = Database['users'];
const toView = (r: Row): UserView => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

export async function listUsers(db: Kysely<Database>, tenantId: string): Promise<UserView[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('name')
    .execute();
  return rows.map(toView);
}

async function findUser(trx: Kysely<Database>, tenantId: string, ref: UserRef): Promise<Row> {
  const row = await trx
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if('id' in ref, (qb) => qb.where('id', '=', (ref as { id: string }).id))
    .$if('name' in ref, (qb) => qb.where('name', '=', (ref as { name: string }).name))
    .executeTakeFirst();
  if (!row) throw new AccountNotFound(`no user ${'id' in ref ? ref.id : ref.name} in this tenant`);
  return row;
}

/** Refuses to leave the tenant without an enabled admin: nobody could manage it from the dashboard. */
async function keepAnAdmin(trx: Kysely<Database>, user: Row): Promise<void> {
  if (user.role !== 'admin' || user.disabled === 1) return;
  const other = await trx
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', user.tenant_id)
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .where('id', '!=', user.id)
    .limit(1)
    .executeTakeFirst();
  if (!other)
    throw new AccountError(`${user.name} is the last enabled admin of this tenant; make another admin first`);
}

interface Change {
  tenantId: string;
  user: UserRef;
  actor: string;
  now: Date;
  /** The caller's own user id: nobody disables or demotes themselves by accident. */
  self?: string;
}

/**
 * Disables or enables a user. Disabling ends their sessions at once and makes the auth middleware
 * refuse their tokens; enabling lets the tokens work again (unless revoked or expired), and the
 * person logs in anew. `changed` is false when the user already was in that state.
 */
export async function setUserDisabled(
  db: Kysely<Database>,
  o: Change & { disabled: boolean },
): Promise<{ user: UserView; changed: boolean; sessionsEnded: number }> {
  return db.transaction().execute(async (trx) => {
    // The audit head lock first: concurrent changes of the last two admins run one after the other.
    await lockAuditHead(trx);
    const user = await findUser(trx, o.tenantId, o.user);
    if ((user.disabled === 1) === o.disabled) return { user: toView(user), changed: false, sessionsEnded: 0 };
    if (o.disabled) {
      if (o.self === user.id) throw new AccountError('you cannot disable yourself');
      await keepAnAdmin(trx, user);
    }
    await trx
      .updateTable('users')
      .set({ disabled: o.disabled ? 1 : 0 })
      .where('id', '=', user.id)
      .execute();
    const ended = o.disabled
      ? await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst()
      : undefined;
    const sessionsEnded = Number(ended?.numDeletedRows ?? 0);
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: o.disabled ? 'user.disable' : 'user.enable',
      subjectType: 'user',
      subjectId: user.name,
      before: { disabled: user.disabled === 1 },
      after: { disabled: o.disabled, ...(o.disabled ? { sessionsEnded } : {}) },
      at: o.now,
    });
    return { user: { ...toView(user), disabled: o.disabled }, changed: true, sessionsEnded };
  });
}

/** Roles are per person; their tokens work with at most this role (see the auth middleware). */
export async function setUserRole(
  db: Kysely<Database>,
  o: Change & { role: string },
): Promise<{ user: UserView; changed: boolean }> {
  if (!(USER_ROLES as readonly string[]).includes(o.role))
    throw new AccountError(`role must be one of ${USER_ROLES.join(', ')}`);
  return db.transaction().execute(async (trx) => {
    await lockAuditHead(trx);
    const user = await findUser(trx, o.tenantId, o.user);
    if (user.role === o.role) return { user: toView(user), changed: false };
    if (user.role === 'admin') {
      if (o.self === user.id) throw new AccountError('you cannot take the admin role from yourself');
      await keepAnAdmin(trx, user);
    }
    await trx.updateTable('users').set({ role: o.role }).where('id', '=', user.id).execute();
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'user.role',
      subjectType: 'user',
      subjectId: user.name,
      before: { role: user.role },
      after: { role: o.role },
      at: o.now,
    });
    return { user: { ...toView(user), role: o.role as Role }, changed: true };
  });
}
