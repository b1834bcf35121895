import type { ReactNode } from 'react';

/** The dashboard's list table: one header row of column names, the rows as the page renders them. */
export function DataTable({
  columns,
  className = 'data',
  children,
}: {
  columns: readonly string[];
  /** `compact` for the denser tables inside a page's sections. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className}>
      <thead>
        <tr>
          {columns.map((name, i) => (
            <th key={i}>{name}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
