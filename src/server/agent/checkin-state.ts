import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Observation } from '../../core/observation.js';
import { keyInOrder, observationKey, setHash, sortKeys } from '../ingest/canonical.js';
import { DIFF_SCHEMA } from '../ingest/diff-document.js';

/** Beside the spool: the inventory the server last acknowledged as this host's current one. */
export const CHECKIN_STATE_FILE = 'acknowledged.json';

export interface CheckinState {
  host: string;
  /** The acknowledged inventory's id: the base of the next diff. */
  base: string;
  /** What the server asked for next: a diff, or a whole inventory (periodic resync). */
  next: 'diff' | 'full';
  /** Its observations as canonical keys (see canonical.ts), sorted. */
  keys: string[];
  /** sha256 of the spooled file it was sent from: that file again is sent whole (a 200 no-op). */
  file?: string;
}

export async function loadCheckinState(dir: string): Promise<CheckinState | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, CHECKIN_STATE_FILE), 'utf8')) as CheckinState;
  } catch (error) {
    // A missing or damaged state only costs one whole inventory.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Written like the spool's files (temp file + rename, 0600): it lists the host's software. */
export async function saveCheckinState(dir: string, state: CheckinState): Promise<void> {
  const path = join(dir, CHECKIN_STATE_FILE);
  await writeFile(`${path}.tmp`, JSON.stringify(state), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

export const clearCheckinState = (dir: string) => rm(join(dir, CHECKIN_STATE_FILE), { force: true });

interface InventoryDoc {
  host: string;
  collectedAt: string;
  agent?: { name: string; version: string };
  observations: Observation[];
}

/** The canonical keys of a spooled inventory's observations, sorted. */
export function keysOf(doc: InventoryDoc): string[] {
  return sortKeys(doc.observations.map(observationKey));
}

/**
 * The diff document from the acknowledged set to this inventory: deterministic, so a retry after
 * a lost answer sends the same bytes and the server recognises them. Added records go as the
 * inventory has them (the server reads them as it would the whole inventory); removed ones as
 * their canonical keys parsed back, since the server finds them by key.
 */
export function buildDiff(state: CheckinState, doc: InventoryDoc): string {
  const before = new Map<string, number>();
  for (const k of state.keys) before.set(k, (before.get(k) ?? 0) + 1);
  const keyed = keyInOrder(doc.observations);
  const added: Observation[] = [];
  for (const { o, k } of keyed) {
    const n = before.get(k);
    if (n) before.set(k, n - 1);
    else added.push(o);
  }
  const removed: unknown[] = [];
  for (const [k, n] of before) for (let i = 0; i < n; i++) removed.push(JSON.parse(k));
  return JSON.stringify({
    schema: DIFF_SCHEMA,
    host: doc.host,
    collectedAt: doc.collectedAt,
    ...(doc.agent ? { agent: doc.agent } : {}),
    base: state.base,
    result: setHash(keyed.map((e) => e.k)),
    added,
    removed,
  });
}
