import { useEffect, useState } from 'react';
import { api, type Finding, type Page } from '../../api.js';
import { useApi, useDebounced } from '../../hooks.js';
import {
  NATURAL_ORDER,
  readFilters,
  toApiQuery,
  writeFilters,
  type FindingFilters,
} from '../../lib/filters.js';
import { navigate } from '../../router.js';

/**
 * The findings list behind the page: filters read from and written to the address, the search box
 * debounced into them, and keyset paging (back to the first page whenever a filter changes).
 */
export function useFindingsList(search: string) {
  const filters = readFilters(search);
  const [text, setText] = useState(filters.q);
  const q = useDebounced(text, 300);
  // Cursors of the pages before the current one; the server pages by keyset, not by offset.
  const [cursors, setCursors] = useState<string[]>([]);
  const apply = (f: FindingFilters) => {
    setCursors([]);
    navigate(`/findings${writeFilters(f)}`, { replace: true });
  };
  useEffect(() => {
    if (q !== filters.q) apply({ ...filters, q });
  }, [q]);
  const cursor = cursors.at(-1);
  const query = toApiQuery(filters, cursor);
  const page = useApi((signal) => api<Page<Finding>>(`/findings?${query}`, { signal }), query);
  const order = filters.order || NATURAL_ORDER[filters.sort];
  const exportQuery = toApiQuery({ ...filters }).replace(/(^|&)limit=\d+/, '');
  return {
    filters,
    text,
    setText,
    apply,
    page,
    order,
    exportQuery,
    pageNumber: cursors.length + 1,
    previousPage: () => setCursors(cursors.slice(0, -1)),
    nextPage: () => page.data?.next && setCursors([...cursors, page.data.next]),
  };
}
