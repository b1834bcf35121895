import { readFile } from 'node:fs/promises';
import type { Finding, WaiverRef } from '../core/finding.js';
import type { WaiverUse } from '../core/report.js';
import type { Waiver } from './waiver-schema.js';
import { satisfiesRange } from './version-range.js';

export type { Waiver };

export class WaiverFileError extends Error {}

/** Reads and validates a waivers YAML file; errors name the file and the entry. */
export async function loadWaivers(path: string): Promise<Waiver[]> {
  // zod and yaml load only when a waivers file is given: a plain scan starts faster without them.
  const [{ parse }, { waiverFileSchema }] = await Promise.all([import('yaml'), import('./waiver-schema.js')]);
  let doc: unknown;
  try {
    doc = parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new WaiverFileError(`${path}: ${(cause as Error).message}`, { cause });
  }
  const result = waiverFileSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new WaiverFileError(`${path}: /${issue.path.join('/')}: ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const w of result.data.waivers) {
    if (ids.has(w.id)) throw new WaiverFileError(`${path}: waiver id "${w.id}" appears twice`);
    ids.add(w.id);
  }
  return result.data.waivers;
}

/** Glob with * and ? only, case-insensitive, on whole values. */
function globMatches(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(value);
}

type Candidate = Omit<Finding, 'status' | 'severity' | 'waiver'>;

function scopeMatches(w: Waiver, f: Candidate): boolean {
  const s = w.scope;
  const o = f.observation;
  const purls = (o.ids ?? []).filter((i) => i.kind === 'purl').map((i) => i.value);
  return (
    (!s.product || s.product === f.product.id) &&
    (!s.host || (o.host !== undefined && globMatches(s.host, o.host))) &&
    (!s.version || (o.version !== undefined && satisfiesRange(o.version, s.version))) &&
    (!s.path || (o.path !== undefined && globMatches(s.path, o.path.replace(/\\/g, '/')))) &&
    (!s.purl || purls.some((p) => p === s.purl || p.startsWith(`${s.purl}@`))) &&
    (!s.determination || f.determinations.some((d) => d.id === s.determination))
  );
}

/**
 * Applies waivers as of a date and remembers which were used, so the report can list the
 * expired ones and those that matched nothing.
 */
export function createWaiverBook(waivers: readonly Waiver[], asOf: string) {
  const uses = new Map(waivers.map((w) => [w.id, 0]));
  const expiredHits = new Map(waivers.map((w) => [w.id, 0]));
  return {
    find(candidate: Candidate): WaiverRef | undefined {
      for (const w of waivers) {
        if (!scopeMatches(w, candidate)) continue;
        if (w.expires < asOf) {
          expiredHits.set(w.id, expiredHits.get(w.id)! + 1);
          continue;
        }
        uses.set(w.id, uses.get(w.id)! + 1);
        return { id: w.id, reason: w.reason, approvedBy: w.approvedBy, expires: w.expires };
      }
      return undefined;
    },
    summarize(): WaiverUse[] {
      return waivers.map((w) => {
        const expired = w.expires < asOf;
        const findings = expired ? expiredHits.get(w.id)! : uses.get(w.id)!;
        const state: WaiverUse['state'] = expired ? 'expired' : findings ? 'applied' : 'unused';
        return { id: w.id, state, expires: w.expires, findings };
      });
    },
  };
}
