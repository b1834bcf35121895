import type { ReactNode } from 'react';

/** The dashboard's list table: one header row of column names, the rows as the page renders them. */
export function DataTable({ columns, children }: { columns: readonly string[]; children: ReactNode }) {
  return (
    <table className="data">
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
