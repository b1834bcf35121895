import { api } from '../api.js';
import { StatusBadge } from '../components/badges.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime, todayOf } from '../lib/dates.js';
import { SEVERITIES, STATUSES } from '../lib/filters.js';
import { Link } from '../router.js';

interface Row {
  id: string;
  host: string;
  product: string;
  vendor: string;
  status: string;
  matchedOn: string;
  matchedValue: string;
  firstSeen: string;
  resolvedAt: string | null;
}

interface Attestation {
  date: string;
  generatedAt: string;
  generatedBy: string;
  tenant: { slug: string; name: string; profile: string };
  data: { version: string; hash: string };
  determinations: { id: string; title: string; citations: string[] }[];
  scanning: {
    hosts: number;
    inventories: number;
    firstCollected: string | null;
    formats: { format: string; inventories: number }[];
  };
  coverage: {
    staleDays: number;
    current: number;
    stale: number;
    percentCurrent: number;
    staleHosts: { host: string; lastCollected: string }[];
  };
  findings: {
    open: number;
    resolved: number;
    byStatus: Record<string, number>;
    bySeverity: Record<string, number>;
    openItems: Row[];
    resolvedItems: Row[];
  };
  endpoints: {
    affected: number;
    waived: number;
    byProduct: { id: string; product: string; vendor: string; endpoints: number }[];
    method: string[];
  };
  waivers: {
    id: string;
    scope: Record<string, string>;
    reason: string;
    expires: string;
    requestedBy: string;
    approvedBy: string;
    approvedAt: string;
  }[];
}

export function AttestationPage({ search }: { search: string }) {
  const params = new URLSearchParams(search);
  const date = params.get('date') ?? todayOf();
  const staleDays = params.get('staleDays') ?? '30';
  useTitle(`Attestation ${date}`);
  const report = useApi(
    (signal) =>
      api<Attestation>(
        `/reports/attestation?date=${encodeURIComponent(date)}&staleDays=${encodeURIComponent(staleDays)}`,
        { signal },
      ),
    `${date}/${staleDays}`,
  );
  if (report.error) return <ErrorBox error={report.error} />;
  if (!report.data) return <Loading what="the attestation" />;
  const r = report.data;
  return (
    <article className="document" data-testid="attestation">
      <div className="no-print actions">
        <Link to="/reports">← Reports</Link>
        <button type="button" onClick={() => window.print()}>
          Print / save as PDF
        </button>
      </div>
      <header>
        <h1>Attestation of banned-vendor software inquiry</h1>
        <p>
          <strong>{r.tenant.name}</strong> · as of the end of <strong>{r.date}</strong> (UTC) · profile{' '}
          {r.tenant.profile}
        </p>
        <p className="muted">
          Generated {formatTime(r.generatedAt)} by {r.generatedBy} with interdict data pack {r.data.version} (
          {r.data.hash}).
        </p>
      </header>

      <section>
        <h2>1. Summary</h2>
        <p>
          On {r.date}, {r.scanning.hosts} endpoints had reported {r.scanning.inventories} inventories
          {r.scanning.firstCollected ? ` since ${r.scanning.firstCollected.slice(0, 10)}` : ''}.{' '}
          <strong data-testid="endpoints-affected">{r.endpoints.affected}</strong> endpoint
          {r.endpoints.affected === 1 ? ' was' : 's were'} affected ({r.endpoints.waived} under an approved
          waiver); {r.findings.open} findings were open and {r.findings.resolved} resolved.{' '}
          {r.coverage.percentCurrent}% of endpoints reported within {r.coverage.staleDays} days.
        </p>
      </section>

      <section>
        <h2>2. Rulings considered</h2>
        <ul>
          {r.determinations.map((d) => (
            <li key={d.id}>
              {d.title} <span className="citation">({d.citations[0]})</span>
            </li>
          ))}
        </ul>
      </section>

      <section>
        <h2>3. What was scanned, and coverage</h2>
        <table className="compact">
          <tbody>
            <tr>
              <th scope="row">Endpoints reporting</th>
              <td>{r.scanning.hosts}</td>
            </tr>
            <tr>
              <th scope="row">Current (inventory within {r.coverage.staleDays} days)</th>
              <td>{r.coverage.current}</td>
            </tr>
            <tr>
              <th scope="row">Stale</th>
              <td>{r.coverage.stale}</td>
            </tr>
            {r.scanning.formats.map((f) => (
              <tr key={f.format}>
                <th scope="row">Inventories in format {f.format}</th>
                <td>{f.inventories}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {r.coverage.staleHosts.length > 0 && (
          <>
            <h3>Stale endpoints</h3>
            <p>
              {r.coverage.staleHosts
                .map((h) => `${h.host} (last ${h.lastCollected.slice(0, 10)})`)
                .join(', ')}
            </p>
          </>
        )}
      </section>

      <section>
        <h2>4. Endpoints affected (BOD 17-01-style count)</h2>
        <table className="compact">
          <thead>
            <tr>
              <th>Product</th>
              <th>Vendor</th>
              <th className="num">Endpoints</th>
            </tr>
          </thead>
          <tbody>
            {r.endpoints.byProduct.map((p) => (
              <tr key={p.id}>
                <td>{p.product}</td>
                <td>{p.vendor}</td>
                <td className="num">{p.endpoints}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" colSpan={2}>
                Distinct endpoints affected
              </th>
              <td className="num">{r.endpoints.affected}</td>
            </tr>
          </tbody>
        </table>
        <h3>How endpoints were counted</h3>
        <ol>
          {r.endpoints.method.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ol>
      </section>

      <section>
        <h2>5. Findings</h2>
        <p>
          By status:{' '}
          {STATUSES.filter((s) => r.findings.byStatus[s])
            .map((s) => `${s} ${r.findings.byStatus[s]}`)
            .join(', ') || 'none'}
          . By severity:{' '}
          {SEVERITIES.filter((s) => r.findings.bySeverity[s])
            .map((s) => `${s} ${r.findings.bySeverity[s]}`)
            .join(', ') || 'none'}
          .
        </p>
        <h3>Open on {r.date}</h3>
        <FindingRows rows={r.findings.openItems} resolved={false} />
        <h3>Resolved by {r.date}</h3>
        <FindingRows rows={r.findings.resolvedItems} resolved />
      </section>

      <section>
        <h2>6. Waivers in force</h2>
        {r.waivers.length === 0 ? (
          <p>No waiver was in force.</p>
        ) : (
          <table className="compact">
            <thead>
              <tr>
                <th>Waiver</th>
                <th>Scope</th>
                <th>Reason</th>
                <th>Requested by</th>
                <th>Approved by</th>
                <th>Expires</th>
              </tr>
            </thead>
            <tbody>
              {r.waivers.map((w) => (
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
            </tbody>
          </table>
        )}
      </section>

      <section className="signature">
        <h2>7. Statement</h2>
        <p>
          The organisation named above made the inquiry described here into whether the endpoints it operates
          contain software or services of the covered vendors. The counts and lists above were produced from
          the inventories received, by the method stated in section 4.
        </p>
        <p>Name, title: ______________________________ Signature: ____________________ Date: __________</p>
      </section>
    </article>
  );
}

function FindingRows({ rows, resolved }: { rows: Row[]; resolved: boolean }) {
  if (!rows.length) return <p>None.</p>;
  return (
    <table className="compact">
      <thead>
        <tr>
          <th>Host</th>
          <th>Product</th>
          <th>{resolved ? 'Last status' : 'Status'}</th>
          <th>Identifier that matched</th>
          <th>First seen</th>
          {resolved && <th>Resolved</th>}
        </tr>
      </thead>
      <tbody>
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
      </tbody>
    </table>
  );
}
