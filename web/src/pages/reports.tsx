import { useState, type FormEvent } from 'react';
import { useTitle } from '../hooks.js';
import { todayOf } from '../lib/dates.js';
import { hasRole } from '../lib/messages.js';
import { navigate } from '../router.js';
import { useSession } from '../session.js';
import { DataTable } from '../components/data-table.js';

const TABLES = [
  {
    table: 'findings',
    what: 'every finding, open and resolved, with evidence and remediation',
    role: 'viewer',
  },
  { table: 'hosts', what: 'every host with its last inventory and open findings', role: 'viewer' },
  { table: 'waivers', what: 'every waiver with requester, approver and note', role: 'viewer' },
  { table: 'products', what: 'the catalog of the loaded data pack', role: 'viewer' },
  { table: 'determinations', what: 'the rulings with phases and citations', role: 'viewer' },
  { table: 'votes', what: '“was this finding correct?” votes', role: 'analyst' },
  { table: 'audit', what: 'the append-only audit log', role: 'admin' },
] as const;

export function ReportsPage() {
  useTitle('Reports');
  const { me } = useSession();
  const [date, setDate] = useState(todayOf());
  const [staleDays, setStaleDays] = useState(30);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/reports/attestation?date=${date}&staleDays=${staleDays}`);
  };
  return (
    <>
      <h1>Reports</h1>
      <section className="card" aria-labelledby="att-h">
        <h2 id="att-h">Attestation for a date</h2>
        <p>
          What was scanned and when, coverage, open and resolved findings, waivers in force with their
          approvers, and the endpoints affected with how they were counted (for BOD 17-01-style status
          reports). Rebuilt from the recorded history, so a past date shows what was known on that day. Print
          it to PDF from the browser.
        </p>
        <form onSubmit={submit} className="filters">
          <label>
            Report date{' '}
            <input
              type="date"
              value={date}
              max={todayOf()}
              onChange={(e) => setDate(e.target.value)}
              required
            />
          </label>
          <label>
            Stale after{' '}
            <input
              type="number"
              min={1}
              max={365}
              value={staleDays}
              onChange={(e) => setStaleDays(Number(e.target.value))}
              style={{ width: '5em' }}
            />{' '}
            days
          </label>
          <button type="submit">Show attestation</button>
        </form>
      </section>
      <section className="card" aria-labelledby="far-h">
        <h2 id="far-h">FAR 52.204-23(c) report</h2>
        <p>
          Open a finding and choose “Draft the FAR 52.204-23(c) report”: the fields the clause asks for,
          pre-filled from the evidence, with the 3- and 10-business-day clocks.
        </p>
      </section>
      <section className="card" aria-labelledby="exp-h">
        <h2 id="exp-h">Exports</h2>
        <DataTable columns={['Table', 'Contents', 'Download']}>
          {TABLES.filter((t) => hasRole(me.role, t.role)).map((t) => (
            <tr key={t.table}>
              <td>{t.table}</td>
              <td>{t.what}</td>
              <td>
                <a href={`/api/v1/exports/${t.table}?format=csv`} download>
                  CSV
                </a>{' '}
                ·{' '}
                <a href={`/api/v1/exports/${t.table}?format=json`} download>
                  JSON
                </a>
              </td>
            </tr>
          ))}
        </DataTable>
      </section>
    </>
  );
}
