import { formatTime } from '../../lib/dates.js';
import type { FindingDetail } from './use-finding.js';
import { DataTable } from '../../components/data-table.js';

/** Each recorded event on the finding with the status change it made, in the order the server lists them. */
export function HistoryCard({ history }: { history: FindingDetail['history'] }) {
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">History</h2>
      <DataTable className="compact" columns={['When', 'Event', 'Status', 'Cause']}>
        {history.map((e, i) => (
          <tr key={i}>
            <td>{formatTime(e.at)}</td>
            <td>{e.kind}</td>
            <td>
              {e.fromStatus ?? '—'} → {e.toStatus ?? '—'}
            </td>
            <td>{e.cause}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
