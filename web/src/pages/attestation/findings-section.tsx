import { StatusBadge } from '../../components/badges.js';
import { SEVERITIES, STATUSES } from '../../lib/filters.js';
import type { Attestation, AttestationFindingRow } from './types.js';
import { DataTable } from '../../components/data-table.js';

/** "status n, status n" over the keys that have a count, in the list's order; "none" when none has. */
function countsOf(order: readonly string[], counts: Record<string, number>): string {
  return (
    order
      .filter((s) => counts[s])
      .map((s) => `${s} ${counts[s]}`)
      .join(', ') || 'none'
  );
}

/** Section 5: finding counts by status and severity, then the open and the resolved findings. */
export function FindingsSection({ date, findings }: { date: string; findings: Attestation['findings'] }) {
  return (
    <section>
      <h2>5. Findings</h2>
      <p>
        By status: {countsOf(STATUSES, findings.byStatus)}. By severity:{' '}
        {countsOf(SEVERITIES, findings.bySeverity)}.
      </p>
      <h3>Open on {date}</h3>
      <FindingRows rows={findings.openItems} resolved={false} />
      <h3>Resolved by {date}</h3>
      <FindingRows rows={findings.resolvedItems} resolved />
    </section>
  );
}

function FindingRows({ rows, resolved }: { rows: AttestationFindingRow[]; resolved: boolean }) {
  if (!rows.length) return <p>None.</p>;
  return (
    <DataTable
      className="compact"
      columns={[
        'Host',
        'Product',
        resolved ? 'Last status' : 'Status',
        'Identifier that matched',
        'First seen',
        ...(resolved ? ['Resolved'] : []),
      ]}
    >
      {rows.map((f) => (
        <tr key={f.id}>
          <td>{f.host}</td>
          <td>{f.product}</td>
          <td>
            <StatusBadge status={f.status} />
          </td>
          <td className="mono">
            {f.matchedOn}: {f.matchedValue}
          </td>
          <td>{f.firstSeen.slice(0, 10)}</td>
          {resolved && <td>{f.resolvedAt?.slice(0, 10) ?? '—'}</td>}
        </tr>
      ))}
    </DataTable>
  );
}
