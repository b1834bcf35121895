import type { Finding, Page } from '../../api.js';
import { DataTable } from '../../components/data-table.js';
import { FindingLeadCells } from '../../components/finding-cells.js';
import { SortHeader } from '../../components/pager.js';
import type { Loaded } from '../../hooks.js';
import { formatTime } from '../../lib/dates.js';
import { toggleSort, type FindingFilters } from '../../lib/filters.js';
import { Link } from '../../router.js';

/** One page of findings with sortable column headers; a sort starts again from the first page. */
export function FindingsTable({
  filters,
  order,
  page,
  apply,
}: {
  filters: FindingFilters;
  order: 'asc' | 'desc';
  page: Loaded<Page<Finding>>;
  apply: (filters: FindingFilters) => void;
}) {
  // Each sortable column switches to, or flips, the sort the same way.
  const sortable = (label: string, column: FindingFilters['sort']) => (
    <SortHeader
      label={label}
      column={column}
      sort={filters.sort}
      order={order}
      onSort={(c) => apply(toggleSort(filters, c))}
    />
  );
  return (
    <DataTable
      caption={`Findings, sorted by ${filters.sort}`}
      busy={page.loading}
      testId="findings-table"
      head={
        <>
          {sortable('Severity', 'severity')}
          <th>Status</th>
          {sortable('Product', 'product')}
          {sortable('Host', 'host')}
          <th>Matched on</th>
          {sortable('First seen', 'firstSeen')}
          {sortable('Last seen', 'lastSeen')}
        </>
      }
    >
      {page.data?.items.map((f) => (
        <tr key={f.id}>
          <FindingLeadCells finding={f} withState />
          <td>
            <Link to={`/hosts/${encodeURIComponent(f.host)}`}>{f.host}</Link>
          </td>
          <td className="mono">
            {f.match.on}: {f.match.value}
          </td>
          <td>{formatTime(f.firstSeen)}</td>
          <td>{formatTime(f.lastSeen)}</td>
        </tr>
      ))}
      {page.data && page.data.items.length === 0 && (
        <tr>
          <td colSpan={7} className="muted">
            No findings match these filters.
          </td>
        </tr>
      )}
    </DataTable>
  );
}
