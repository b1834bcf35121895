import type { Identifier, IdentifierKind } from '../../core/observation.js';

/** Helpers for walking parsed JSON of unknown shape without casts at every step. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asObject(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty trimmed string; numbers are turned to text (a version of 12 is "12"). */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Identifiers from (kind, value) pairs, dropping empty values; undefined when none. */
export function toIds(...pairs: [IdentifierKind, string | undefined][]): Identifier[] | undefined {
  const out = pairs
    .filter((p): p is [IdentifierKind, string] => !!p[1])
    .map(([kind, value]) => ({ kind, value }));
  return out.length ? out : undefined;
}

/** Attributes from (name, value) pairs, dropping empty values; undefined when none. */
export function toAttributes(pairs: Record<string, string | undefined>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(pairs)) if (v) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

/** Removes keys whose value is undefined, so observations compare and serialise cleanly. */
export function prune<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
