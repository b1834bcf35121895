import { PAGE_SIZES, SEVERITIES, STATUSES, type FindingFilters } from '../../lib/filters.js';

/**
 * The filter bar: search text, status, severity, state and page size, a removable chip for each filter
 * set from another page (host, product, ruling), and export links for the filtered list.
 */
export function FindingsFilters({
  filters,
  text,
  setText,
  apply,
  exportQuery,
}: {
  filters: FindingFilters;
  text: string;
  setText: (text: string) => void;
  apply: (filters: FindingFilters) => void;
  exportQuery: string;
}) {
  return (
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
        <select value={filters.limit} onChange={(e) => apply({ ...filters, limit: Number(e.target.value) })}>
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
