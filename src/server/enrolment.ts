import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AccountError, createToken } from './accounts.js';
import { writeAudit } from './audit.js';
import { createSecret, hashSecret } from './auth/secrets.js';
import type { Database } from './db/types.js';
import { HOST_NAME } from './ingest/ingest.js';

/** Why an enrolment was refused, with the HTTP status that says it. */
export class EnrolmentError extends Error {
  constructor(
    message: string,
    readonly status: 401 | 409 | 422,
  ) {
    super(message);
  }
}

/**
 * Creates a tenant's enrolment secret (osquery/Fleet style): whoever holds it may enrol hosts of
 * this tenant. Returns the secret once; only its hash is kept.
 */
export async function createEnrollSecret(
  db: Kysely<Database>,
  o: { tenantId: string; name: string; actor: string; now?: Date },
): Promise<{ id: string; secret: string }> {
  if (!o.name || o.name.length > 128) throw new AccountError('a secret needs a name of 1 to 128 characters');
  const id = randomUUID();
  const secret = createSecret('idenroll');
  const now = o.now ?? new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('enroll_secrets')
      .values({
        id,
        tenant_id: o.tenantId,
        name: o.name,
        secret_hash: hashSecret(secret),
        created_by: o.actor,
        created_at: now.toISOString(),
        revoked_at: null,
      })
      .execute();
    await writeAudit(trx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'enroll-secret.create',
      subjectType: 'enroll-secret',
      subjectId: id,
      after: { name: o.name },
      at: now,
    });
  });
  return { id, secret };
}

/**
 * Enrols `hostName` with an enrolment secret and returns its host credential: an `agent` token
 * bound to that host row, the only one it may upload for. A name that already has a live
 * credential is refused (409), so holding the secret does not let one laptop take over another's
 * record; an admin revokes the old credential (`DELETE /api/v1/tokens/{id}`) to let a host re-enrol.
 */
export async function enrolHost(
  db: Kysely<Database>,
  o: { secret: string; hostName: string; now?: Date },
): Promise<{ token: string; hostId: string; tenantId: string }> {
  if (!HOST_NAME.test(o.hostName))
    throw new EnrolmentError(`host name "${o.hostName}": letters, digits and . _ : - only`, 422);
  const secret = await db
    .selectFrom('enroll_secrets')
    .select(['id', 'tenant_id', 'name'])
    .where('secret_hash', '=', hashSecret(o.secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!secret) throw new EnrolmentError('enrolment secret unknown or revoked', 401);
  const now = o.now ?? new Date();
  const at = now.toISOString();
  await db
    .insertInto('hosts')
    .values({
      id: randomUUID(),
      tenant_id: secret.tenant_id,
      name: o.hostName,
      first_seen: at,
      last_seen: at,
      last_inventory_id: null,
      last_collected_at: null,
      eval_stamp: null,
      open_findings: 0,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
    .execute();
  const host = await db
    .selectFrom('hosts')
    .select('id')
    .where('tenant_id', '=', secret.tenant_id)
    .where('name', '=', o.hostName)
    .executeTakeFirstOrThrow();
  const taken = () =>
    db
      .selectFrom('api_tokens')
      .select('id')
      .where('host_id', '=', host.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  const refuse = () =>
    new EnrolmentError(
      `host ${o.hostName} is already enrolled; an admin revokes its credential to let it enrol again`,
      409,
    );
  if (await taken()) throw refuse();
  try {
    const { token } = await createToken(db, {
      tenantId: secret.tenant_id,
      name: `host:${o.hostName}`,
      role: 'agent',
      hostId: host.id,
      actor: `enroll-secret:${secret.name}`,
      now,
    });
    return { token, hostId: host.id, tenantId: secret.tenant_id };
  } catch (error) {
    // Two hosts enrolling the same name at once: the unique index lets one through.
    if (await taken()) throw refuse();
    throw error;
  }
}
