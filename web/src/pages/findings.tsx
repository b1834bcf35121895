import { useEffect, useState } from 'react';
import { api, type Finding, type Page } from '../api.js';
import { SeverityBadge, StateBadge, StatusBadge } from '../components/badges.js';
import { ErrorBox } from '../components/notice.js';
import { Pager, SortHeader } from '../components/pager.js';
import { useApi, useDebounced, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import {
  PAGE_SIZES,
  readFilters,
  SEVERITIES,
  STATUSES,
  toApiQuery,
  toggleSort,
  writeFilters,
  type FindingFilters,
} from '../lib/filters.js';
import { Link, navigate } from '../router.js';

const NATURAL = {
  severity: 'asc',
  lastSeen: 'desc',
  firstSeen: 'desc',
  host: 'asc',
  product: 'asc',
} as const;

export function FindingsPage({ search }: { search: string }) {
  useTitle('Findings');
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
  const order = filters.order || NATURAL[filters.sort];
  const exportQuery = toApiQuery({ ...filters }).replace(/(^|&)limit=\d+/, '');

  return (
    <>
      <h1>Findings</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search product or host{' '}
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. endpoint or ws-fin"
          />
        </label>
        <AnyOf
          label="Status"
          choices={STATUSES}
          value={filters.status}
          onChange={(status) => apply({ ...filters, status })}
        />
        <AnyOf
          label="Severity"
          choices={SEVERITIES}
          value={filters.severity}
          onChange={(severity) => apply({ ...filters, severity })}
        />
        <label>
          State{' '}
          <select
            value={filters.state}
            onChange={(e) => apply({ ...filters, state: e.target.value as FindingFilters['state'] })}
          >
            <option value="open">open</option>
            <option value="resolved">resolved</option>
            <option value="all">all</option>
          </select>
        </label>
        <label>
          Per page{' '}
          <select
            value={filters.limit}
            onChange={(e) => apply({ ...filters, limit: Number(e.target.value) })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        {(filters.host || filters.product || filters.determination) && (
          <span className="chips">
            {(['host', 'product', 'determination'] as const)
              .filter((k) => filters[k])
              .map((k) => (
                <button
                  key={k}
                  type="button"
                  className="chip"
                  onClick={() => apply({ ...filters, [k]: '' })}
                  aria-label={`Remove filter ${k} ${filters[k]}`}
                >
                  {k}: {filters[k]} ✕
                </button>
              ))}
          </span>
        )}
        <span className="exports">
          Export <a href={`/api/v1/exports/findings?format=csv&${exportQuery}`}>CSV</a> ·{' '}
          <a href={`/api/v1/exports/findings?format=json&${exportQuery}`}>JSON</a>
        </span>
      </form>
      <ErrorBox error={page.error} />
      <table className="data" aria-busy={page.loading} data-testid="findings-table">
        <caption className="sr-only">Findings, sorted by {filters.sort}</caption>
        <thead>
          <tr>
            <SortHeader
              label="Severity"
              column="severity"
              sort={filters.sort}
              order={order}
              onSort={(c) => apply(toggleSort(filters, c))}
            />
            <th>Status</th>
            <SortHeader
              label="Product"
              column="product"
              sort={filters.sort}
              order={order}
              onSort={(c) => apply(toggleSort(filters, c))}
            />
            <SortHeader
              label="Host"
              column="host"
              sort={filters.sort}
              order={order}
              onSort={(c) => apply(toggleSort(filters, c))}
            />
            <th>Matched on</th>
            <SortHeader
              label="First seen"
              column="firstSeen"
              sort={filters.sort}
              order={order}
              onSort={(c) => apply(toggleSort(filters, c))}
            />
            <SortHeader
              label="Last seen"
              column="lastSeen"
              sort={filters.sort}
              order={order}
              onSort={(c) => apply(toggleSort(filters, c))}
            />
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((f) => (
            <tr key={f.id}>
              <td>
                <SeverityBadge severity={f.severity} />
              </td>
              <td>
                <StatusBadge status={f.status} /> {f.state !== 'open' && <StateBadge state={f.state} />}
              </td>
              <td>
                <Link to={`/findings/${f.id}`}>{f.product.name}</Link>
              </td>
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
        </tbody>
      </table>
      {page.data && (
        <Pager
          label="Findings"
          page={cursors.length + 1}
          size={filters.limit}
          total={page.data.total}
          hasNext={!!page.data.next}
          onPrev={() => setCursors(cursors.slice(0, -1))}
          onNext={() => page.data?.next && setCursors([...cursors, page.data.next])}
        />
      )}
    </>
  );
}

/** A filter on one value of a list ("any" clears it): the API takes several, the page offers one. */
function AnyOf({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: readonly string[];
  value: readonly string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select value={value[0] ?? ''} onChange={(e) => onChange(e.target.value ? [e.target.value] : [])}>
        <option value="">any</option>
        {choices.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    </label>
  );
}
