// The one source of the status and severity lists is the library's core.
import { SEVERITIES, STATUSES } from '../../../src/core/status.js';

export { SEVERITIES, STATUSES };
const FINDING_SORTS = ['severity', 'lastSeen', 'firstSeen', 'host', 'product'] as const;
export const PAGE_SIZES = [25, 50, 100, 200] as const;

export interface FindingFilters {
  status: string[];
  severity: string[];
  state: 'open' | 'resolved' | 'all';
  q: string;
  host: string;
  product: string;
  determination: string;
  sort: (typeof FINDING_SORTS)[number];
  order: 'asc' | 'desc' | '';
  limit: number;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
const list = (value: string | null, allowed: readonly string[]) =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => allowed.includes(v));

/** Filters from the page URL; anything unknown falls back to the default, so an old link still opens. */
export function readFilters(search: string): FindingFilters {
  const p = new URLSearchParams(search);
  const limit = Number(p.get('limit'));
  return {
    status: list(p.get('status'), STATUSES),
    severity: list(p.get('severity'), SEVERITIES),
    state: pick(p.get('state'), ['open', 'resolved', 'all'] as const, 'open'),
    q: (p.get('q') ?? '').slice(0, 200),
    host: p.get('host') ?? '',
    product: p.get('product') ?? '',
    determination: p.get('determination') ?? '',
    sort: pick(p.get('sort'), FINDING_SORTS, 'severity'),
    order: pick(p.get('order'), ['asc', 'desc', ''] as const, ''),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : 50,
  };
}

/** The URL query for filters, leaving out defaults so links stay short. */
export function writeFilters(f: FindingFilters): string {
  const p = new URLSearchParams();
  if (f.status.length) p.set('status', f.status.join(','));
  if (f.severity.length) p.set('severity', f.severity.join(','));
  if (f.state !== 'open') p.set('state', f.state);
  for (const key of ['q', 'host', 'product', 'determination'] as const) if (f[key]) p.set(key, f[key]);
  if (f.sort !== 'severity') p.set('sort', f.sort);
  if (f.order) p.set('order', f.order);
  if (f.limit !== 50) p.set('limit', String(f.limit));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The API query for one page: every filter, the paging size, and the cursor of that page. */
export function toApiQuery(f: FindingFilters, cursor?: string): string {
  const p = new URLSearchParams(writeFilters({ ...f, limit: 50 }).slice(1));
  p.set('state', f.state);
  p.set('limit', String(f.limit));
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

/** The order a column sorts in until the user flips it: worst and newest first, names A to Z. */
export const NATURAL_ORDER: Readonly<Record<FindingFilters['sort'], 'asc' | 'desc'>> = {
  severity: 'asc',
  lastSeen: 'desc',
  firstSeen: 'desc',
  host: 'asc',
  product: 'asc',
};

/** Clicking a column: a new column sorts its natural way; the same column again flips the order. */
export function toggleSort(f: FindingFilters, column: FindingFilters['sort']): FindingFilters {
  if (f.sort !== column) return { ...f, sort: column, order: '' };
  const current = f.order || NATURAL_ORDER[column];
  return { ...f, order: current === 'asc' ? 'desc' : 'asc' };
}
