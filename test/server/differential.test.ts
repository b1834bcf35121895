import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/observation.js';
import { buildDiff, keysOf, type CheckinState } from '../../src/server/agent/checkin-state.js';
import { canonicalOrder } from '../../src/server/ingest/canonical.js';
import { DIFF_MEDIA_TYPE } from '../../src/server/ingest/diff-document.js';
import { readObservations } from '../../src/server/ingest/ingest.js';
import { bearer, CHROME, createHarness, KES, STORES, type Harness } from './harness.js';

// The records a host's inventory is drawn from: matching and not, the same program under two
// publishers and versions (sightings of one finding), a domain, and a verbatim repeat.
const POOL: Omit<Observation, 'origin'>[] = [
  { kind: 'program', ...KES },
  { kind: 'program', ...KES, publisher: 'Kaspersky Lab' },
  { kind: 'program', ...KES, version: '11.1' },
  { kind: 'program', name: 'Kaspersky Endpoint Security for Windows (x86)', publisher: 'AO Kaspersky Lab' },
  { kind: 'program', name: 'Kaspersky Free', publisher: 'AO Kaspersky Lab' },
  { kind: 'program', ...CHROME },
  { kind: 'program', name: '7-Zip', publisher: 'Igor Pavlov', version: '23.01' },
  { kind: 'domain', name: 'ksn.kaspersky.com' },
];

function record(i: number, host: string): Observation {
  return {
    ...POOL[i % POOL.length]!,
    host,
    // Two records of one pool entry differ by where they were read, except the verbatim repeat.
    origin: { source: host, format: 'linux-packages', locator: `dpkg:${i % 10}`, collector: 'linux' },
  };
}

function inventoryDoc(host: string, collectedAt: string, picks: number[]) {
  const { observations } = canonicalOrder(picks.map((i) => record(i, host)));
  return {
    schema: 'interdict/inventory@1',
    host,
    collectedAt,
    agent: { name: 'interdict', version: '0.1.0' },
    observations,
  };
}

interface Ack {
  id: string;
  current: boolean;
  checkin: { next: 'diff' | 'full'; base: string };
}

describe.each(STORES)('differential check-ins on %s', (kind) => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    h = await createHarness(kind);
  });
  afterAll(async () => h?.close());

  const post = (host: string, body: string, diff = false) =>
    h.app.request(`/api/v1/hosts/${host}/inventories`, {
      method: 'POST',
      body,
      headers: bearer(h.tokens['acme:agent']!, {
        'content-type': diff ? DIFF_MEDIA_TYPE : 'application/json',
      }),
    });

  /** Sends a whole inventory; the state an agent keeps from its acknowledgement. */
  async function sendFull(host: string, at: string, picks: number[]): Promise<CheckinState> {
    const doc = inventoryDoc(host, at, picks);
    const res = await post(host, JSON.stringify(doc));
    expect(res.status).toBe(201);
    const ack = (await res.json()) as Ack;
    expect(ack.checkin).toEqual({ next: 'diff', base: ack.id });
    return { host, base: ack.id, next: 'diff', keys: keysOf(doc) };
  }

  function diffBody(state: CheckinState, host: string, at: string, picks: number[]) {
    const doc = inventoryDoc(host, at, picks);
    return { body: buildDiff(state, doc), keys: keysOf(doc) };
  }

  async function sendDiff(state: CheckinState, at: string, picks: number[]): Promise<CheckinState> {
    const { body, keys } = diffBody(state, state.host, at, picks);
    const res = await post(state.host, body, true);
    expect(res.status, await res.clone().text()).toBe(201);
    const ack = (await res.json()) as Ack;
    return { ...state, base: ack.id, next: ack.checkin.next, keys };
  }

  /** Everything the server keeps about a host's findings, with its name taken out. */
  async function history(host: string) {
    const { db } = h.ctx.store;
    const strip = (s: string) => s.replaceAll(host, 'HOST');
    const findings = await db
      .selectFrom('findings')
      .select([
        'id',
        'identity',
        'state',
        'status',
        'severity',
        'finding',
        'first_seen',
        'last_seen',
        'resolved_at',
      ])
      .where('host_name', '=', host)
      .orderBy('identity')
      .execute();
    const events = await db
      .selectFrom('finding_events')
      .innerJoin('findings', 'findings.id', 'finding_events.finding_id')
      .select([
        'findings.identity',
        'finding_events.kind',
        'finding_events.from_status',
        'finding_events.to_status',
        'finding_events.at',
      ])
      .where('findings.host_name', '=', host)
      .execute();
    const determinations = await db
      .selectFrom('finding_determinations')
      .innerJoin('findings', 'findings.id', 'finding_determinations.finding_id')
      .select(['findings.identity', 'finding_determinations.determination_id'])
      .where('findings.host_name', '=', host)
      .execute();
    const hostRow = await db
      .selectFrom('hosts')
      .select(['id', 'last_inventory_id', 'last_collected_at', 'open_findings', 'eval_stamp'])
      .where('name', '=', host)
      .executeTakeFirstOrThrow();
    const inventories = await db
      .selectFrom('inventories')
      .select(['id', 'records', 'findings', 'superseded', 'collected_at', 'observations', 'format'])
      .where('host_id', '=', hostRow.id)
      .orderBy('collected_at')
      .execute();
    const sets = await Promise.all(
      inventories.map(async (i) =>
        (await readObservations(i.observations)).map((o) => strip(JSON.stringify(o))),
      ),
    );
    return {
      findings: findings.map(({ id: _id, ...f }) => ({ ...f, finding: strip(f.finding) })),
      events: events.map((e) => JSON.stringify(e)).sort(),
      determinations: determinations.map((d) => JSON.stringify(d)).sort(),
      host: {
        last_collected_at: hostRow.last_collected_at,
        open_findings: Number(hostRow.open_findings),
        eval_stamp: hostRow.eval_stamp,
      },
      current: inventories.find((i) => i.id === hostRow.last_inventory_id)?.collected_at,
      inventories: inventories.map((i, k) => ({
        records: i.records,
        findings: i.findings,
        superseded: i.superseded,
        collected_at: i.collected_at,
        format: i.format,
        set: sets[k],
      })),
    };
  }

  it('gives exactly the findings, sightings, events and stored sets of whole uploads of the same sets', async () => {
    const inventoryPicks = fc.array(fc.nat(POOL.length * 2 - 1), { maxLength: 9 });
    await fc.assert(
      fc.asyncProperty(fc.array(inventoryPicks, { minLength: 2, maxLength: 5 }), async (steps) => {
        n++;
        const viaDiff = `diff-${n}`;
        const viaFull = `full-${n}`;
        let state: CheckinState | undefined;
        for (const [k, picks] of steps.entries()) {
          h.clock.now = new Date(Date.UTC(2025, 2, 1 + n, k));
          const at = h.clock.now.toISOString();
          state = state ? await sendDiff(state, at, picks) : await sendFull(viaDiff, at, picks);
          await sendFull(viaFull, at, picks);
        }
        expect(await history(viaDiff)).toEqual(await history(viaFull));
      }),
      { numRuns: kind === 'sqlite' ? 40 : 20 },
    );
  });

  it('resolves the finding of a removed record', async () => {
    h.clock.now = new Date('2025-04-01T10:00:00Z');
    const state = await sendFull('ws-remove', h.clock.now.toISOString(), [0, 5]);
    h.clock.now = new Date('2025-04-01T11:00:00Z');
    await sendDiff(state, h.clock.now.toISOString(), [5]);
    const { findings, events } = await history('ws-remove');
    expect(findings.map((f) => [f.state, f.resolved_at])).toEqual([['resolved', '2025-04-01T11:00:00.000Z']]);
    expect(events.filter((e) => e.includes('"resolved"'))).toHaveLength(1);
  });

  it('answers the same diff again with 200 and the same id, changing nothing', async () => {
    h.clock.now = new Date('2025-04-02T10:00:00Z');
    const state = await sendFull('ws-retry', h.clock.now.toISOString(), [0, 5, 6]);
    h.clock.now = new Date('2025-04-02T11:00:00Z');
    const { body } = diffBody(state, 'ws-retry', h.clock.now.toISOString(), [1, 5]);
    const first = await post('ws-retry', body, true);
    expect(first.status).toBe(201);
    const before = await history('ws-retry');
    h.clock.now = new Date('2025-04-02T12:00:00Z');
    const again = await post('ws-retry', body, true);
    expect(again.status).toBe(200);
    expect(((await again.json()) as Ack).id).toBe(((await first.json()) as Ack).id);
    expect(await history('ws-retry')).toEqual(before);
  });

  it('asks for the whole inventory (409 resync) when the base is not current, or the sides disagree', async () => {
    h.clock.now = new Date('2025-04-03T10:00:00Z');
    const state = await sendFull('ws-stale', h.clock.now.toISOString(), [0, 5]);
    h.clock.now = new Date('2025-04-03T11:00:00Z');
    const applied = diffBody(state, 'ws-stale', h.clock.now.toISOString(), [5]).body;
    expect((await post('ws-stale', applied, true)).status).toBe(201);
    // Another whole inventory since: the diff's base, and the diff itself, are history now.
    h.clock.now = new Date('2025-04-03T12:00:00Z');
    await sendFull('ws-stale', h.clock.now.toISOString(), [6]);
    const stale = diffBody(state, 'ws-stale', '2025-04-03T13:00:00Z', [0]).body;
    for (const body of [stale, applied]) {
      const res = await post('ws-stale', body, true);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ error: 'resync', resync: true });
    }
    // The agent's set is not the server's: the result hash tells.
    const current = await sendFull('ws-stale', '2025-04-03T14:00:00Z', [6, 7]);
    const drifted = diffBody(
      { ...current, keys: current.keys.slice(1) },
      'ws-stale',
      '2025-04-03T15:00:00Z',
      [6, 7, 5],
    );
    expect((await post('ws-stale', drifted.body, true)).status).toBe(409);
    // A base the server never had.
    const unknown = diffBody(
      { ...current, base: 'no-such-inventory' },
      'ws-stale',
      '2025-04-03T15:00:00Z',
      [6],
    );
    expect((await post('ws-stale', unknown.body, true)).status).toBe(409);
    expect((await history('ws-stale')).inventories).toHaveLength(4);
  });

  it('asks for a whole inventory after a day of diffs, so drift heals by itself', async () => {
    h.clock.now = new Date('2025-04-04T00:00:00Z');
    let state = await sendFull('ws-chain', h.clock.now.toISOString(), [0]);
    for (let k = 1; k <= 24; k++) {
      h.clock.now = new Date(Date.UTC(2025, 3, 4, k));
      state = await sendDiff(state, h.clock.now.toISOString(), k % 2 ? [0, 5] : [0]);
      expect(state.next).toBe(k < 24 ? 'diff' : 'full');
    }
  });

  it('keeps nothing of a diff whose transaction failed, and applies it when sent again', async () => {
    h.clock.now = new Date('2025-04-05T10:00:00Z');
    const state = await sendFull('ws-crash', h.clock.now.toISOString(), [0, 5]);
    const before = await history('ws-crash');
    const { db } = h.ctx.store;
    // The failure comes after the host, the inventory and the findings were written: at the audit row.
    if (kind === 'sqlite') {
      await sql`CREATE TRIGGER fail_diff BEFORE INSERT ON audit_log WHEN NEW.after LIKE '%diffOf%' BEGIN SELECT RAISE(ABORT, 'disk gone'); END`.execute(
        db,
      );
    } else {
      await sql`CREATE FUNCTION fail_diff() RETURNS trigger AS $$ BEGIN IF NEW.after LIKE '%diffOf%' THEN RAISE EXCEPTION 'disk gone'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`.execute(
        db,
      );
      await sql`CREATE TRIGGER fail_diff BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_diff()`.execute(
        db,
      );
    }
    h.clock.now = new Date('2025-04-05T11:00:00Z');
    const { body } = diffBody(state, 'ws-crash', h.clock.now.toISOString(), [5]);
    expect((await post('ws-crash', body, true)).status).toBe(500);
    expect(await history('ws-crash')).toEqual(before);
    await sql`DROP TRIGGER fail_diff${sql.raw(kind === 'postgres' ? ' ON audit_log' : '')}`.execute(db);
    expect((await post('ws-crash', body, true)).status).toBe(201);
    expect((await history('ws-crash')).findings.map((f) => f.state)).toEqual(['resolved']);
  });
});

describe('canonical observation keys', () => {
  it('are the generic sorted-key JSON of the observation without its host', async () => {
    const { observationKey, stableKey } = await import('../../src/server/ingest/canonical.js');
    const text = fc.string({ maxLength: 6 });
    const observation = fc.record(
      {
        kind: fc.constantFrom('program', 'domain', 'package'),
        name: text,
        publisher: text,
        version: text,
        host: text,
        path: text,
        ids: fc.array(fc.record({ kind: fc.constantFrom('name', 'purl'), value: text }), { maxLength: 2 }),
        removed: fc.boolean(),
        attributes: fc.dictionary(text, text, { maxKeys: 3 }),
        origin: fc.record(
          { source: text, format: text, locator: text, collector: text },
          { requiredKeys: ['source', 'format', 'locator'] },
        ),
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(observation, (o) => {
        const key = observationKey(o as Observation);
        expect(key).toBe(stableKey(o as Observation));
        expect(JSON.parse(key)).not.toHaveProperty('host');
      }),
      { numRuns: 500 },
    );
  });
});
