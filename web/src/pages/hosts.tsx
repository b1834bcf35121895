import { useEffect, useState } from 'react';
import { api, type Page } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorBox } from '../components/notice.js';
import { Pager, SortHeader } from '../components/pager.js';
import { useApi, useDebounced, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { Link, navigate } from '../router.js';

interface Host {
  id: string;
  name: string;
  firstSeen: string;
  lastSeen: string;
  lastCollectedAt: string | null;
  openFindings: number;
}

const SORTS = ['name', 'openFindings', 'lastSeen', 'lastCollectedAt'] as const;
type Sort = (typeof SORTS)[number];
const NATURAL: Record<Sort, 'asc' | 'desc'> = {
  name: 'asc',
  openFindings: 'desc',
  lastSeen: 'desc',
  lastCollectedAt: 'asc',
};

export function HostsPage({ search }: { search: string }) {
  useTitle('Hosts');
  const params = new URLSearchParams(search);
  const withFindings = params.get('withFindings') === 'true';
  const sort = (SORTS as readonly string[]).includes(params.get('sort') ?? '')
    ? (params.get('sort') as Sort)
    : 'name';
  const order =
    params.get('order') === 'asc' || params.get('order') === 'desc'
      ? (params.get('order') as 'asc' | 'desc')
      : NATURAL[sort];
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text, 300);
  const [cursors, setCursors] = useState<string[]>([]);
  const limit = 50;
  useEffect(() => {
    setCursors([]);
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (withFindings) p.set('withFindings', 'true');
    if (sort !== 'name') p.set('sort', sort);
    if (order !== NATURAL[sort]) p.set('order', order);
    navigate(`/hosts${p.size ? `?${p}` : ''}`, { replace: true });
  }, [q, withFindings, sort, order]);
  const onSort = (column: Sort) => {
    const p = new URLSearchParams(search);
    p.set('sort', column);
    if (column === sort) p.set('order', order === 'asc' ? 'desc' : 'asc');
    else p.delete('order');
    navigate(`/hosts?${p}`, { replace: true });
  };
  const api_q = new URLSearchParams({
    limit: String(limit),
    ...(q ? { q } : {}),
    ...(withFindings ? { withFindings: 'true' } : {}),
    ...(cursors.at(-1) ? { cursor: cursors.at(-1)! } : {}),
  }).toString();
  const page = useApi((signal) => api<Page<Host>>(`/host-list?${api_q}`, { signal }), api_q);
  return (
    <>
      <h1>Hosts</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search host name <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          <input
            type="checkbox"
            checked={withFindings}
            onChange={(e) => {
              const p = new URLSearchParams(search);
              if (e.target.checked) p.set('withFindings', 'true');
              else p.delete('withFindings');
              navigate(`/hosts${p.size ? `?${p}` : ''}`, { replace: true });
            }}
          />{' '}
          only hosts with open findings
        </label>
        <span className="exports">
          Export <a href="/api/v1/exports/hosts?format=csv">CSV</a> ·{' '}
          <a href="/api/v1/exports/hosts?format=json">JSON</a>
        </span>
      </form>
      <ErrorBox error={page.error} />
      <DataTable
        caption={`Hosts, sorted by ${sort}`}
        busy={page.loading}
        head={
          <>
            <SortHeader label="Host" column="name" sort={sort} order={order} onSort={onSort} />
            <SortHeader
              label="Open findings"
              column="openFindings"
              sort={sort}
              order={order}
              onSort={onSort}
            />
            <SortHeader
              label="Last inventory collected"
              column="lastCollectedAt"
              sort={sort}
              order={order}
              onSort={onSort}
            />
            <th>First seen</th>
            <SortHeader label="Last seen" column="lastSeen" sort={sort} order={order} onSort={onSort} />
          </>
        }
      >
        {page.data?.items.map((h) => (
          <tr key={h.id}>
            <td>
              <Link to={`/hosts/${encodeURIComponent(h.name)}`}>{h.name}</Link>
            </td>
            <td className="num">
              {h.openFindings > 0 ? (
                <Link to={`/findings?host=${encodeURIComponent(h.name)}`}>{h.openFindings}</Link>
              ) : (
                0
              )}
            </td>
            <td>{formatTime(h.lastCollectedAt)}</td>
            <td>{formatTime(h.firstSeen)}</td>
            <td>{formatTime(h.lastSeen)}</td>
          </tr>
        ))}
      </DataTable>
      {page.data && (
        <Pager
          label="Hosts"
          page={cursors.length + 1}
          size={limit}
          total={page.data.total}
          hasNext={!!page.data.next}
          onPrev={() => setCursors(cursors.slice(0, -1))}
          onNext={() => page.data?.next && setCursors([...cursors, page.data.next])}
        />
      )}
    </>
  );
}
