import { AccountError, AccountNotFound, ensureTenant } from '../../server/accounts.js';
import { expireToken, listTokens, revokeToken, type TokenView } from '../../server/auth/token-admin.js';
import { listUsers, setUserDisabled, setUserRole, type UserView } from '../../server/auth/user-admin.js';
import { openStore, type Store } from '../../server/db/dialect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { UsageError, type CliIO } from '../io.js';

export interface ManageFlags {
  db: string;
  tenant: string;
  json?: boolean;
  all?: boolean;
  at?: string;
}

export type ManageAction =
  | { what: 'token-list' }
  | { what: 'token-revoke' | 'token-expire'; id: string }
  | { what: 'user-list' }
  | { what: 'user-disable' | 'user-enable'; name: string }
  | { what: 'user-set-role'; name: string; role: string };

const ACTOR = 'shell:admin';
const DURATION = /^(\d+)(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `--expires-in 90d` or `--expires-at 2027-03-01[T…]` as an instant; a bare date is 00:00 UTC. */
export function parseExpiry(o: { expiresIn?: string; expiresAt?: string }, now: Date): Date | undefined {
  if (o.expiresIn && o.expiresAt) throw new UsageError('give --expires-in or --expires-at, not both');
  if (o.expiresIn) {
    const m = DURATION.exec(o.expiresIn.trim());
    if (!m || Number(m[1]) === 0)
      throw new UsageError(`--expires-in ${o.expiresIn}: expected a number and m, h, d or w, e.g. 90d`);
    return new Date(now.getTime() + Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
  }
  if (o.expiresAt) return parseInstant('--expires-at', o.expiresAt);
  return undefined;
}

function parseInstant(flag: string, text: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text);
  const at = new Date(text);
  if (!ok || Number.isNaN(at.getTime()))
    throw new UsageError(
      `${flag} ${text}: expected a date (2027-03-01) or an ISO time with zone (2027-03-01T12:00Z)`,
    );
  return at;
}

/** Left-aligned columns, two spaces apart; `-` stands for an empty cell so columns stay readable. */
function formatTable(head: string[], rows: string[][]): string {
  const cells = [head, ...rows.map((r) => r.map((v) => v || '-'))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return (
    cells
      .map((r) =>
        r
          .map((v, i) => v.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

const tokenRows = (items: TokenView[]) =>
  formatTable(
    ['ID', 'NAME', 'ROLE', 'USER', 'CREATED', 'LAST USED', 'EXPIRES', 'STATE'],
    items.map((t) => [
      t.id,
      t.name,
      t.role + (t.host ? ` (host ${t.host})` : '') + (t.bulkImport ? ' +bulk-import' : ''),
      t.user ?? '',
      t.createdAt,
      t.lastUsedAt ?? '',
      t.expiresAt ?? '',
      t.state === 'revoked' ? `revoked ${t.revokedAt}` : t.state,
    ]),
  );
const userRows = (items: UserView[]) =>
  formatTable(
    ['NAME', 'ROLE', 'STATE', 'CREATED'],
    items.map((u) => [u.name, u.role, u.disabled ? 'disabled' : 'enabled', u.createdAt]),
  );

async function act(store: Store, a: ManageAction, flags: ManageFlags, io: CliIO): Promise<void> {
  const tenantId = await ensureTenant(store.db, flags.tenant, ACTOR);
  const now = new Date();
  const out = (json: unknown, text: string) =>
    io.stdout.write(flags.json ? `${JSON.stringify(json, null, 2)}\n` : text);
  switch (a.what) {
    case 'token-list': {
      const items = await listTokens(store.db, { tenantId, now, all: flags.all === true });
      return void out({ items }, tokenRows(items));
    }
    case 'token-revoke':
      await revokeToken(store.db, { tenantId, id: a.id, actor: ACTOR, now });
      return void out({ id: a.id, revokedAt: now.toISOString() }, `revoked ${a.id}\n`);
    case 'token-expire': {
      const at = flags.at ? parseInstant('--at', flags.at) : undefined;
      const done = await expireToken(store.db, {
        tenantId,
        id: a.id,
        actor: ACTOR,
        now,
        ...(at ? { at } : {}),
      });
      return void out({ id: a.id, ...done }, `${a.id} expires ${done.expiresAt}\n`);
    }
    case 'user-list': {
      const items = await listUsers(store.db, tenantId);
      return void out({ items }, userRows(items));
    }
    case 'user-disable':
    case 'user-enable': {
      const disabled = a.what === 'user-disable';
      const r = await setUserDisabled(store.db, {
        tenantId,
        user: { name: a.name },
        disabled,
        actor: ACTOR,
        now,
      });
      const state = disabled ? 'disabled' : 'enabled';
      const text = !r.changed
        ? `${a.name} was already ${state}\n`
        : disabled
          ? `${a.name} disabled; ${r.sessionsEnded} session(s) ended, their tokens are refused\n`
          : `${a.name} enabled\n`;
      return void out(
        { ...r.user, changed: r.changed, ...(disabled ? { sessionsEnded: r.sessionsEnded } : {}) },
        text,
      );
    }
    case 'user-set-role': {
      const r = await setUserRole(store.db, {
        tenantId,
        user: { name: a.name },
        role: a.role,
        actor: ACTOR,
        now,
      });
      return void out(
        { ...r.user, changed: r.changed },
        r.changed ? `${a.name} is now ${a.role}\n` : `${a.name} already was ${a.role}\n`,
      );
    }
  }
}

/** `interdict admin token list|revoke|expire`, `admin user list|disable|enable|set-role`, straight on the store. */
export async function runManage(a: ManageAction, flags: ManageFlags, io: CliIO): Promise<number> {
  const store = await openStore(flags.db);
  try {
    await migrateToLatest(store);
    await act(store, a, flags, io);
    return 0;
  } catch (error) {
    if (error instanceof AccountNotFound)
      throw new UsageError(
        error.message.replace('this tenant', `tenant ${flags.tenant}`),
        `interdict admin ${a.what.startsWith('token') ? 'token list --all' : 'user list'} --tenant ${flags.tenant} lists them`,
      );
    if (error instanceof AccountError)
      throw new UsageError(error.message.replace('this tenant', `tenant ${flags.tenant}`));
    throw error;
  } finally {
    await store.close();
  }
}
