import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PROFILES, type Profile } from '../core/status.js';
import { writeAudit } from './audit.js';
import { hashPassword, createSecret, hashSecret, validatePassword } from './auth/secrets.js';
import { USER_ROLES, hasRole, isRole, type Role } from './auth/roles.js';
import type { Database } from './db/types.js';

export class AccountError extends Error {}
/** The tenant has no such user or token (HTTP 404; the CLI's one-line error). */
export class AccountNotFound extends AccountError {}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;
export const DEFAULT_TENANT = 'default';

async function findTenant(db: Kysely<Database>, slug: string) {
  return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** Creates a tenant (organisation); its data is visible to nobody else. */
export async function createTenant(
  db: Kysely<Database>,
  o: { slug: string; name?: string; profile?: Profile; actor: string; now?: Date },
): Promise<string> {
  if (!SLUG.test(o.slug)) throw new AccountError(`tenant "${o.slug}": use lower-case letters, digits and -`);
  if (o.profile && !PROFILES.includes(o.profile))
    throw new AccountError(`profile must be one of ${PROFILES.join(', ')}`);
  if (await findTenant(db, o.slug)) throw new AccountError(`tenant "${o.slug}" already exists`);
  const id = randomUUID();
  const now = o.now ?? new Date();
  const row = {
    id,
    slug: o.slug,
    name: o.name ?? o.slug,
    profile: o.profile ?? 'us-person',
    eval_stamp: null,
    waiver_version: 0,
    created_at: now.toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('tenants').values(row).execute();
    await writeAudit(trx, {
      tenantId: id,
      actor: o.actor,
      action: 'tenant.create',
      subjectType: 'tenant',
      subjectId: o.slug,
      after: row,
      at: now,
    });
  });
  return id;
}

/** The tenant's id, creating the default tenant on first use. */
export async function ensureTenant(db: Kysely<Database>, slug: string, actor: string): Promise<string> {
  const existing = await findTenant(db, slug);
  if (existing) return existing.id;
  if (slug !== DEFAULT_TENANT)
    throw new AccountError(
      `no tenant "${slug}"; create it with: interdict admin tenant create --slug ${slug}`,
    );
  return createTenant(db, { slug, name: 'Default organisation', actor });
}

export async function createUser(
  db: Kysely<Database>,
  o: { tenantId: string; name: string; role: string; password: string; actor: string; now?: Date },
): Promise<string> {
  if (!USER_NAME.test(o.name))
    throw new AccountError(`user name "${o.name}": letters, digits and . _ @ + - only`);
  if (!(USER_ROLES as readonly string[]).includes(o.role))
    throw new AccountError(`role must be one of ${USER_ROLES.join(', ')}`);
  const weak = validatePassword(o.password);
  if (weak) throw new AccountError(weak);
  const taken = await db.selectFrom('users').select('id').where('name', '=', o.name).executeTakeFirst();
  if (taken) throw new AccountError(`user "${o.name}" already exists`);
  const id = randomUUID();
  const now = o.now ?? new Date();
  const password_hash = await hashPassword(o.password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        tenant_id: o.tenantId,
        name: o.name,
        role: o.role,
        password_hash,
        disabled: 0,
        created_at: now.toISOString(),
      })
      .execute();
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'user.create',
      subjectType: 'user',
      subjectId: o.name,
      after: { name: o.name, role: o.role },
      at: now,
    });
  });
  return id;
}

/**
 * Creates an API token and returns the secret: it is shown once and stored only as a hash. A token
 * belongs to `userId` (the person who made it) so four eyes hold across a person's tokens; an
 * `agent` token is a host credential (`hostId`) or an import token (`bulkImport`), never neither.
 */
export async function createToken(
  db: Kysely<Database>,
  o: {
    tenantId: string;
    name: string;
    role: string;
    actor: string;
    now?: Date;
    userId?: string;
    hostId?: string;
    bulkImport?: boolean;
    /** Refused from this instant on; none: the token lives until revoked. */
    expiresAt?: Date;
  },
): Promise<{ id: string; token: string }> {
  if (!o.name || o.name.length > 128) throw new AccountError('a token needs a name of 1 to 128 characters');
  if (!isRole(o.role)) throw new AccountError(`role must be one of agent, ${USER_ROLES.join(', ')}`);
  if (o.role === 'agent' && !o.hostId && !o.bulkImport)
    throw new AccountError(
      'an agent credential comes from enrolment (interdict agent --enroll-secret); for imports give the token bulk-import',
    );
  if (o.hostId && (o.role !== 'agent' || o.bulkImport))
    throw new AccountError('a host credential has the agent role and uploads for its own host only');
  const now = o.now ?? new Date();
  if (o.expiresAt) checkExpiry(o.expiresAt, now, Boolean(o.hostId));
  if (o.userId) await checkOwnerRole(db, o.userId, o.role);
  const id = randomUUID();
  const token = createSecret('idt');
  const bound = { host_id: o.hostId ?? null, user_id: o.userId ?? null, bulk_import: o.bulkImport ? 1 : 0 };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        tenant_id: o.tenantId,
        name: o.name,
        role: o.role,
        token_hash: hashSecret(token),
        created_by: o.actor,
        created_at: now.toISOString(),
        last_used_at: null,
        revoked_at: null,
        expires_at: o.expiresAt?.toISOString() ?? null,
        ...bound,
      })
      .execute();
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'token.create',
      subjectType: 'token',
      subjectId: id,
      after: {
        name: o.name,
        role: o.role as Role,
        ...bound,
        ...(o.expiresAt ? { expires_at: o.expiresAt.toISOString() } : {}),
      },
      at: now,
    });
  });
  return { id, token };
}

/**
 * An expiry must lie ahead. Host credentials never expire: their host re-enrols only once the old
 * credential is revoked (one live credential per host), so an expired one would lock the host out.
 */
export function checkExpiry(expiresAt: Date, now: Date, hostCredential: boolean): void {
  if (Number.isNaN(expiresAt.getTime())) throw new AccountError('the expiry is not a valid date');
  if (hostCredential)
    throw new AccountError('a host credential does not expire; revoke it to make its host enrol again');
  if (expiresAt.getTime() <= now.getTime())
    throw new AccountError(`the expiry ${expiresAt.toISOString()} is not in the future`);
}

/** A token works with at most its owner's rights, so it may not be made with more. */
async function checkOwnerRole(db: Kysely<Database>, userId: string, role: string): Promise<void> {
  const owner = await db
    .selectFrom('users')
    .select(['name', 'role'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!owner) throw new AccountNotFound('the token owner does not exist');
  if (role !== 'agent' && isRole(owner.role) && !hasRole(owner.role, role as Role))
    throw new AccountError(`a token with the ${role} role is above ${owner.name}'s role ${owner.role}`);
}

/**
 * On a store with no user at all, makes a one-time link that lets its holder create the first
 * admin. Returns undefined once any user exists.
 */
export async function createSetupLink(db: Kysely<Database>, now = new Date()): Promise<string | undefined> {
  const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (anyUser) return undefined;
  const tenantId = await ensureTenant(db, DEFAULT_TENANT, 'system:setup');
  const secret = createSecret('idsetup');
  await db
    .insertInto('setup_links')
    .values({
      token_hash: hashSecret(secret),
      tenant_id: tenantId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + 24 * 3600 * 1000).toISOString(),
      used_at: null,
    })
    .execute();
  return secret;
}
