/** Cursor paging: the server gives the next cursor; earlier ones are kept to go back. */
export function Pager(props: {
  page: number;
  total: number;
  size: number;
  hasNext: boolean;
  onPrev(): void;
  onNext(): void;
  label: string;
}) {
  const from = props.total === 0 ? 0 : (props.page - 1) * props.size + 1;
  const to = Math.min(props.total, props.page * props.size);
  return (
    <nav className="pager" aria-label={`${props.label} pages`}>
      <button type="button" onClick={props.onPrev} disabled={props.page <= 1}>
        ← Previous
      </button>
      <span aria-live="polite" data-testid="pager-status">
        {from}–{to} of {props.total.toLocaleString('en-US')}
      </span>
      <button type="button" onClick={props.onNext} disabled={!props.hasNext}>
        Next →
      </button>
    </nav>
  );
}

export function SortHeader<K extends string>(props: {
  label: string;
  column: K;
  sort: K;
  order: 'asc' | 'desc';
  onSort(column: K): void;
}) {
  const active = props.sort === props.column;
  return (
    <th aria-sort={active ? (props.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => props.onSort(props.column)}>
        {props.label}
        <span aria-hidden="true">{active ? (props.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
}
