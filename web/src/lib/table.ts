export type SortDirection = 'asc' | 'desc';

/** Client-side sort for small tables (catalog products, determinations): numbers numerically, text by locale. */
export function sortRows<T>(
  rows: readonly T[],
  key: (row: T) => string | number | undefined,
  direction: SortDirection,
): T[] {
  const factor = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (
      (typeof x === 'number' && typeof y === 'number'
        ? x - y
        : String(x).localeCompare(String(y), 'en', { numeric: true })) * factor
    );
  });
}

/** Rows whose text contains every word of the query, ignoring case. */
export function searchRows<T>(rows: readonly T[], text: (row: T) => string, query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...rows];
  return rows.filter((r) => {
    const t = text(r).toLowerCase();
    return words.every((w) => t.includes(w));
  });
}

export function pageOf<T>(
  rows: readonly T[],
  page: number,
  size: number,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { items: rows.slice((p - 1) * size, p * size), page: p, pages };
}
