import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDiff, keysOf, type CheckinState } from '../../src/server/agent/checkin-state.js';
import { canonicalOrder } from '../../src/server/ingest/canonical.js';
import { DIFF_MEDIA_TYPE } from '../../src/server/ingest/diff-document.js';
import { bearer, createHarness, KES, STORES, type Harness } from './harness.js';
import { statementLog } from './statement-log.js';

function doc(host: string, round: number, withFinding: boolean) {
  const observations = Array.from({ length: 300 }, (_, n) => ({
    kind: 'program' as const,
    ...(n === 0 && withFinding ? KES : { name: `Program ${n}`, publisher: 'P', version: '1.0' }),
    ...(n > 0 && n <= 3 * round ? { version: `2.${round}` } : {}),
    host,
    origin: { source: host, format: 'linux-packages', locator: `dpkg:${n}`, collector: 'linux' },
  }));
  return {
    schema: 'interdict/inventory@1',
    host,
    collectedAt: new Date(Date.UTC(2025, 2, 1, 8 + round)).toISOString(),
    agent: { name: 'interdict', version: '0.1.0' },
    observations: canonicalOrder(observations).observations,
  };
}

// A differential check-in is the fleet's steady state: every statement of it is paid per host
// per hour. These bounds keep a change from adding round trips unnoticed (issue 17).
describe.each(STORES)('statements of a differential check-in on %s', (kind) => {
  let h: Harness;
  const log = statementLog();
  beforeAll(async () => {
    h = await createHarness(kind);
    (h.ctx.store as { db: Harness['ctx']['store']['db'] }).db = h.ctx.store.db.withPlugin(log.plugin);
  });
  afterAll(async () => h?.close());

  const post = (host: string, body: string, diff: boolean) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!, {
        'content-type': diff ? DIFF_MEDIA_TYPE : 'application/json',
      }),
    });

  async function checkIn(host: string, withFinding: boolean) {
    const first = doc(host, 0, withFinding);
    const ack = (await (await post(host, JSON.stringify(first), false)).json()) as { id: string };
    const state: CheckinState = { host, base: ack.id, next: 'diff', keys: keysOf(first) };
    const res = await log.during(async () => post(host, buildDiff(state, doc(host, 1, withFinding)), true));
    expect(res.status).toBe(201);
    return [...log.kinds];
  }

  it('reads the host, its base, its duplicate and the tenant in one statement, and writes the audit entry without locking twice', async () => {
    // Token, then base + duplicate + tenant; in the transaction: audit head, host, inventory,
    // the older inventory superseded, the host row, findings read and upsert, the audit entry
    // (the database advances the head). PostgreSQL inserts, supersedes and updates the host in
    // one statement.
    expect(await checkIn('with-finding', true)).toHaveLength(kind === 'postgres' ? 8 : 10);
  });

  it('does not read the findings of a host that has none open and finds none', async () => {
    const kinds = await checkIn('clean', false);
    expect(kinds).toHaveLength(kind === 'postgres' ? 6 : 8);
    expect(kinds.filter((k) => k === 'SelectQueryNode')).toHaveLength(2);
  });
});
