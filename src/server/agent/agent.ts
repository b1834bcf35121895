import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Observation } from '../../core/observation.js';
import { INVENTORY_SCHEMA, toInventoryJson } from '../../inputs/formats/interdict-inventory.js';
import { canonicalOrder } from '../ingest/canonical.js';
import { DIFF_MEDIA_TYPE } from '../ingest/diff-document.js';
import { buildDiff, clearCheckinState, keysOf, loadCheckinState, saveCheckinState } from './checkin-state.js';
import { VERSION } from '../../version.js';
import type { Spool } from './spool.js';

export interface AgentOptions {
  server: string;
  token: string;
  spool: Spool;
  /** Collects this host's observations (the CLI passes the inputs' host collectors). */
  collect: () => AsyncIterable<Observation>;
  host?: string;
  log: (message: string) => void;
  fetch?: typeof fetch;
  /** Backoff: first wait, ceiling, and attempts per upload round. */
  retry?: { baseMs: number; maxMs: number; attempts: number };
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source in [0, 1); tests pin it. */
  random?: () => number;
  signal?: AbortSignal;
}

export class AgentAuthError extends Error {}

const DEFAULT_RETRY = { baseMs: 1000, maxMs: 5 * 60 * 1000, attempts: 8 };

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/** Collects this host into a normalised inventory and puts it in the spool. */
export async function collectToSpool(o: AgentOptions): Promise<string> {
  const host = o.host ?? hostname();
  const observations: Observation[] = [];
  for await (const obs of o.collect()) observations.push(obs);
  const collectedAt = new Date().toISOString();
  // Canonical order: the server stores a set built from diffs in this order, so a whole inventory
  // and the same set reached by diffs are read in the same order and give the same findings.
  const body = toInventoryJson({
    schema: INVENTORY_SCHEMA,
    host,
    collectedAt,
    agent: { name: 'interdict', version: VERSION },
    observations: canonicalOrder(observations).observations,
  });
  return o.spool.add(`${collectedAt.replace(/[:.]/g, '-')}-${host}`, body);
}

/**
 * Uploads every spooled inventory, oldest first, each with exponential backoff and jitter. A file
 * leaves the spool only when the server answered 200 or 201 (accepted, or already accepted);
 * a 4xx that retrying cannot fix moves it to `rejected/`; 401/403 stop the agent.
 * When the server acknowledged an inventory of this host as current and asked for diffs, only
 * what changed since is sent (a differential check-in); its 409 means "send the whole inventory",
 * which follows at once. Returns how many are still waiting.
 */
export async function flushSpool(o: AgentOptions): Promise<number> {
  const retry = o.retry ?? DEFAULT_RETRY;
  const sleep = o.sleep ?? defaultSleep;
  const doFetch = o.fetch ?? fetch;
  const random = o.random ?? Math.random;
  const base = o.server.replace(/\/+$/, '');
  for (const file of await o.spool.list()) {
    const body = await o.spool.read(file);
    const doc = readInventory(body);
    const host = doc?.host ?? o.host ?? hostname();
    const url = `${base}/api/v1/hosts/${encodeURIComponent(host)}/inventories`;
    const keys = doc ? keysOf(doc) : undefined;
    const state = keys ? await loadCheckinState(o.spool.dir) : undefined;
    const fileHash = createHash('sha256').update(body).digest('hex');
    // The file of the acknowledged inventory itself (the agent stopped before deleting it) goes
    // whole: the server answers its known bytes with 200 and changes nothing.
    let diff =
      doc && keys && state?.host === host && state.next === 'diff' && state.file !== fileHash
        ? buildDiff(state, doc)
        : undefined;
    let sent = false;
    for (let attempt = 0; attempt < retry.attempts && !sent; attempt++) {
      if (o.signal?.aborted) return (await o.spool.list()).length;
      let status = 0;
      let detail: string;
      let text = '';
      let retryAfterMs: number | undefined;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${o.token}`,
            'content-type': diff ? DIFF_MEDIA_TYPE : 'application/json',
          },
          body: diff ?? body,
          signal: AbortSignal.timeout(120_000),
        });
        status = res.status;
        text = await res.text();
        detail = text.slice(0, 300);
        retryAfterMs = readRetryAfter(res.headers.get('retry-after'));
      } catch (error) {
        detail = (error as Error).message;
      }
      // 409: the server's state and ours disagree; 413/422: a diff it cannot read. Whole, then.
      if (diff && (status === 409 || status === 413 || status === 422)) {
        o.log(`server asked for the whole inventory instead of a diff (${detail}); sending ${file}`);
        diff = undefined;
        attempt--;
      } else if (status === 200 || status === 201) {
        await remember(o.spool.dir, host, keys, fileHash, text);
        await o.spool.remove(file);
        o.log(
          `uploaded ${file} (${status === 201 ? 'new' : 'already accepted'}${diff ? ', as a diff' : ''})`,
        );
        sent = true;
      } else if (status === 401 || status === 403) {
        throw new AgentAuthError(`server refused the token (${status}): ${detail}`);
      } else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
        await o.spool.reject(file);
        o.log(`server rejected ${file} (${status}): ${detail}; kept in ${o.spool.dir}/rejected`);
        sent = true;
      } else {
        const backoff = Math.min(retry.maxMs, retry.baseMs * 2 ** attempt) * (0.5 + random() / 2);
        // A server that says when to come back (429, 503) is believed, within the ceiling.
        const wait = retryAfterMs === undefined ? backoff : Math.min(retry.maxMs, retryAfterMs);
        o.log(
          `upload of ${file} failed (${status || 'no answer'}: ${detail}); retry in ${Math.round(wait / 1000)} s`,
        );
        await sleep(wait, o.signal);
      }
    }
    if (!sent) break;
  }
  return (await o.spool.list()).length;
}

function readRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The acknowledgement, kept only when the server made this inventory the host's current one. */
async function remember(dir: string, host: string, keys: string[] | undefined, file: string, answer: string) {
  let ack: { current?: boolean; checkin?: { next?: string; base?: string } } = {};
  try {
    ack = JSON.parse(answer) as typeof ack;
  } catch {
    // An answer that is not JSON carries no acknowledgement: the next inventory goes whole.
  }
  const { checkin } = ack;
  if (keys && ack.current && checkin?.base && (checkin.next === 'diff' || checkin.next === 'full'))
    await saveCheckinState(dir, { host, base: checkin.base, next: checkin.next, keys, file });
  else await clearCheckinState(dir);
}

type SpooledInventory = Parameters<typeof keysOf>[0];

/** A spooled interdict inventory; undefined for anything else (then only sent whole). */
function readInventory(body: Buffer): SpooledInventory | undefined {
  try {
    const doc = JSON.parse(body.toString('utf8')) as Partial<SpooledInventory>;
    if (typeof doc.host !== 'string' || typeof doc.collectedAt !== 'string') return undefined;
    if (!Array.isArray(doc.observations)) return undefined;
    return doc as SpooledInventory;
  } catch {
    return undefined;
  }
}
