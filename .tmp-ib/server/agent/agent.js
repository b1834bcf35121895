import { hostname } from 'node:os';
import { INVENTORY_SCHEMA, toInventoryJson } from '../../inputs/formats/interdict-inventory.js';
import { VERSION } from '../../version.js';
export class AgentAuthError extends Error {
}
const DEFAULT_RETRY = { baseMs: 1000, maxMs: 5 * 60 * 1000, attempts: 8 };
const defaultSleep = (ms, signal) => new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
});
/** Collects this host into a normalised inventory and puts it in the spool. */
export async function collectToSpool(o) {
    const host = o.host ?? hostname();
    const observations = [];
    for await (const obs of o.collect())
        observations.push(obs);
    const collectedAt = new Date().toISOString();
    const body = toInventoryJson({
        schema: INVENTORY_SCHEMA,
        host,
        collectedAt,
        agent: { name: 'interdict', version: VERSION },
        observations,
    });
    return o.spool.add(`${collectedAt.replace(/[:.]/g, '-')}-${host}`, body);
}
/**
 * Uploads every spooled inventory, oldest first, each with exponential backoff and jitter. A file
 * leaves the spool only when the server answered 200 or 201 (accepted, or already accepted);
 * a 4xx that retrying cannot fix moves it to `rejected/`; 401/403 stop the agent.
 * Returns how many are still waiting.
 */
export async function flushSpool(o) {
    const retry = o.retry ?? DEFAULT_RETRY;
    const sleep = o.sleep ?? defaultSleep;
    const doFetch = o.fetch ?? fetch;
    const random = o.random ?? Math.random;
    const base = o.server.replace(/\/+$/, '');
    for (const file of await o.spool.list()) {
        const body = await o.spool.read(file);
        const host = readHost(body) ?? o.host ?? hostname();
        const url = `${base}/api/v1/hosts/${encodeURIComponent(host)}/inventories`;
        let sent = false;
        for (let attempt = 0; attempt < retry.attempts && !sent; attempt++) {
            if (o.signal?.aborted)
                return (await o.spool.list()).length;
            let status = 0;
            let detail;
            let retryAfterMs;
            try {
                const res = await doFetch(url, {
                    method: 'POST',
                    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
                    body,
                    signal: AbortSignal.timeout(120_000),
                });
                status = res.status;
                detail = (await res.text()).slice(0, 300);
                retryAfterMs = readRetryAfter(res.headers.get('retry-after'));
            }
            catch (error) {
                detail = error.message;
            }
            if (status === 200 || status === 201) {
                await o.spool.remove(file);
                o.log(`uploaded ${file} (${status === 201 ? 'new' : 'already accepted'})`);
                sent = true;
            }
            else if (status === 401 || status === 403) {
                throw new AgentAuthError(`server refused the token (${status}): ${detail}`);
            }
            else if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
                await o.spool.reject(file);
                o.log(`server rejected ${file} (${status}): ${detail}; kept in ${o.spool.dir}/rejected`);
                sent = true;
            }
            else {
                const backoff = Math.min(retry.maxMs, retry.baseMs * 2 ** attempt) * (0.5 + random() / 2);
                // A server that says when to come back (429, 503) is believed, within the ceiling.
                const wait = retryAfterMs === undefined ? backoff : Math.min(retry.maxMs, retryAfterMs);
                o.log(`upload of ${file} failed (${status || 'no answer'}: ${detail}); retry in ${Math.round(wait / 1000)} s`);
                await sleep(wait, o.signal);
            }
        }
        if (!sent)
            break;
    }
    return (await o.spool.list()).length;
}
function readRetryAfter(value) {
    if (!value)
        return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0)
        return seconds * 1000;
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
function readHost(body) {
    try {
        const doc = JSON.parse(body.toString('utf8'));
        return typeof doc.host === 'string' ? doc.host : undefined;
    }
    catch {
        return undefined;
    }
}
