import type { Attestation } from './types.js';
import { DataTable } from '../../components/data-table.js';

/** Section 6: the approved waivers in force on the report date, or a line saying there were none. */
export function WaiversSection({ waivers }: { waivers: Attestation['waivers'] }) {
  return (
    <section>
      <h2>6. Waivers in force</h2>
      {waivers.length === 0 ? (
        <p>No waiver was in force.</p>
      ) : (
        <DataTable
          className="compact"
          columns={['Waiver', 'Scope', 'Reason', 'Requested by', 'Approved by', 'Expires']}
        >
          {waivers.map((w) => (
            <tr key={w.id}>
              <td>{w.id}</td>
              <td className="mono">
                {Object.entries(w.scope)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </td>
              <td>{w.reason}</td>
              <td>{w.requestedBy}</td>
              <td>
                {w.approvedBy} ({w.approvedAt.slice(0, 10)})
              </td>
              <td>{w.expires}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
