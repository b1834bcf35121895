import { api, type Finding, type Page } from '../api.js';
import { FindingLeadCells } from '../components/finding-cells.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { Link } from '../router.js';
import { DataTable } from '../components/data-table.js';

interface HostDetail {
  name: string;
  firstSeen: string;
  lastSeen: string;
  lastCollectedAt: string | null;
  openFindings: number;
  inventories: {
    id: string;
    format: string;
    collectedAt: string;
    receivedAt: string;
    records: number;
    errors: number;
    findings: number;
    current: boolean;
  }[];
}

export function HostPage({ name }: { name: string }) {
  useTitle(name);
  const host = useApi((signal) => api<HostDetail>(`/hosts/${encodeURIComponent(name)}`, { signal }), name);
  const findings = useApi(
    (signal) =>
      api<Page<Finding>>(`/findings?state=all&limit=200&host=${encodeURIComponent(name)}`, { signal }),
    `f-${name}`,
  );
  if (host.error) return <ErrorBox error={host.error} />;
  if (!host.data) return <Loading what="the host" />;
  const h = host.data;
  return (
    <>
      <p className="crumbs">
        <Link to="/hosts">Hosts</Link> / {h.name}
      </p>
      <h1>{h.name}</h1>
      <p>
        {h.openFindings} open finding{h.openFindings === 1 ? '' : 's'} · last inventory collected{' '}
        {formatTime(h.lastCollectedAt)} · first seen {formatTime(h.firstSeen)}
      </p>
      <section className="card">
        <h2>Findings</h2>
        <ErrorBox error={findings.error} />
        <DataTable columns={['Severity', 'Status', 'Product', 'State', 'First seen']}>
          {findings.data?.items.map((f) => (
            <tr key={f.id}>
              <FindingLeadCells finding={f} />
              <td>{f.state}</td>
              <td>{formatTime(f.firstSeen)}</td>
            </tr>
          ))}
          {findings.data?.items.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                Nothing banned found on this host.
              </td>
            </tr>
          )}
        </DataTable>
      </section>
      <section className="card">
        <h2>Inventories</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Collected</th>
              <th>Received</th>
              <th>Format</th>
              <th className="num">Records</th>
              <th className="num">Unreadable</th>
              <th className="num">Findings</th>
              <th>Current</th>
            </tr>
          </thead>
          <tbody>
            {h.inventories.map((i) => (
              <tr key={i.id}>
                <td>{formatTime(i.collectedAt)}</td>
                <td>{formatTime(i.receivedAt)}</td>
                <td>{i.format}</td>
                <td className="num">{i.records}</td>
                <td className="num">{i.errors}</td>
                <td className="num">{i.findings}</td>
                <td>{i.current ? 'yes' : 'superseded'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
