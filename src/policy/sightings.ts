import type { Finding, Sighting } from '../core/finding.js';
import type { Identifier, Observation } from '../core/observation.js';
import { rankStatus } from '../core/status.js';

/**
 * What makes two matched records the same thing on a host: the product, the kind and the name and
 * path (case-folded, as Windows and macOS compare them), the product that carries it, and its own
 * identifiers when it has neither name nor path (macOS bundle rows, domains). Version, publisher,
 * product code, contract date and where it was read are not part of it: an upgrade, a second
 * install of the same program or a second contract with the same supplier are sightings of one
 * finding, never a reason to drop one. Used by `scan` and by the server alike.
 */
function thingKey(o: Observation, productId: string): string {
  const name = (o.name ?? '').toLowerCase();
  const path = (o.path ?? '').toLowerCase();
  const key = [productId, o.kind, name, path, o.carrier ?? ''].join('\u0001');
  // Appended only when needed, so the keys findings already stored under on a server stay valid.
  return name || path ? key : `${key}\u0001${identifiersKey(o.ids ?? [])}`;
}

/**
 * Everything a record says except where and when it was read and whether it was removed: an
 * osquery snapshot or a DNS log states the same thing again at every run, and that is one sighting
 * seen again, not a second one. A supplier's date is its contract's start, part of what it says.
 */
function contentKey(o: Observation): string {
  const { origin: _origin, removed: _removed, date, attributes, ...content } = o;
  const { time: _time, ...said } = attributes ?? {};
  return stableStringify({ ...content, attributes: said, date: o.kind === 'supplier' ? date : undefined });
}

function identifiersKey(ids: readonly Identifier[]): string {
  return ids
    .map((i) => `${i.kind}=${i.value.toLowerCase()}`)
    .sort()
    .join('\u0002');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Entry {
  content: string;
  finding: Finding;
  repeats: string[];
}

/**
 * Gathers the findings of a stream of records into one finding per thing (see `thingKey`) inside
 * a scope (the CLI: source and host; the server: one host's inventory). Every distinct record that
 * matched stays as a sighting; identical repeats (osquery snapshots) add their locator. The worst
 * sighting speaks for the finding. A `removed` record withdraws the sighting with the same content,
 * and the finding goes when it has none left.
 */
export class FindingCollector {
  readonly #things = new Map<string, Entry[]>();

  add(observation: Observation, finding: Finding, scope = ''): void {
    const key = `${scope}\u0000${thingKey(observation, finding.product.id)}`;
    const content = contentKey(observation);
    const entries = this.#things.get(key);
    if (observation.removed) {
      if (!entries) return;
      const left = entries.filter((e) => e.content !== content);
      if (left.length) this.#things.set(key, left);
      else this.#things.delete(key);
      return;
    }
    if (!entries) {
      this.#things.set(key, [{ content, finding, repeats: [] }]);
      return;
    }
    const same = entries.find((e) => e.content === content);
    if (same) same.repeats.push(observation.origin.locator);
    else entries.push({ content, finding, repeats: [] });
  }

  get size(): number {
    return this.#things.size;
  }

  /** The findings by thing key (scope left out: the server's scope is one host), sightings worst first. */
  entries(): Map<string, Finding> {
    const out = new Map<string, Finding>();
    for (const [key, entries] of this.#things) out.set(key.slice(key.indexOf('\u0000') + 1), merge(entries));
    return out;
  }

  findings(): Finding[] {
    return [...this.#things.values()].map(merge);
  }
}

function merge(entries: readonly Entry[]): Finding {
  // Stable sort: among equally bad sightings the first read leads.
  const ordered = [...entries].sort((a, b) => rankStatus(a.finding.status) - rankStatus(b.finding.status));
  // A thing read once, from one record, is fully told by its observation.
  if (ordered.length === 1 && !ordered[0]!.repeats.length) return ordered[0]!.finding;
  const sightings: Sighting[] = ordered.map((e) => ({
    status: e.finding.status,
    observation: e.finding.observation,
    ...(e.repeats.length ? { repeats: [...e.repeats] } : {}),
  }));
  return { ...ordered[0]!.finding, sightings };
}
