import type { ReactNode } from 'react';

/**
 * The dashboard's list table: one header row, the rows as the page renders them. The header is
 * either plain column names or, for sortable lists, the page's own header cells.
 */
export function DataTable({
  columns,
  head,
  caption,
  busy,
  testId,
  className = 'data',
  children,
}: {
  columns?: readonly string[];
  /** Header cells (with sort buttons) in place of plain `columns`. */
  head?: ReactNode;
  /** Said to screen readers only. */
  caption?: string;
  busy?: boolean;
  testId?: string;
  /** `compact` for the denser tables inside a page's sections. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className} aria-busy={busy} data-testid={testId}>
      {caption !== undefined && <caption className="sr-only">{caption}</caption>}
      <thead>
        <tr>{head ?? columns?.map((name, i) => <th key={i}>{name}</th>)}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
