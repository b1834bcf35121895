import { ErrorBox, Loading } from '../components/notice.js';
import { formatTime } from '../lib/dates.js';
import { Link } from '../router.js';
import { CoverageSection } from './attestation/coverage-section.js';
import { EndpointsSection } from './attestation/endpoints-section.js';
import { FindingsSection } from './attestation/findings-section.js';
import { useAttestation } from './attestation/use-attestation.js';
import { WaiversSection } from './attestation/waivers-section.js';

export function AttestationPage({ search }: { search: string }) {
  const report = useAttestation(search);
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

      <CoverageSection scanning={r.scanning} coverage={r.coverage} />

      <EndpointsSection endpoints={r.endpoints} />

      <FindingsSection date={r.date} findings={r.findings} />

      <WaiversSection waivers={r.waivers} />

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
