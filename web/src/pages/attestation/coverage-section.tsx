import type { Attestation } from './types.js';

/** Section 3: how many endpoints reported, how many are current, and which ones went stale. */
export function CoverageSection({ scanning, coverage }: Pick<Attestation, 'scanning' | 'coverage'>) {
  return (
    <section>
      <h2>3. What was scanned, and coverage</h2>
      <table className="compact">
        <tbody>
          <tr>
            <th scope="row">Endpoints reporting</th>
            <td>{scanning.hosts}</td>
          </tr>
          <tr>
            <th scope="row">Current (inventory within {coverage.staleDays} days)</th>
            <td>{coverage.current}</td>
          </tr>
          <tr>
            <th scope="row">Stale</th>
            <td>{coverage.stale}</td>
          </tr>
          {scanning.formats.map((f) => (
            <tr key={f.format}>
              <th scope="row">Inventories in format {f.format}</th>
              <td>{f.inventories}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {coverage.staleHosts.length > 0 && (
        <>
          <h3>Stale endpoints</h3>
          <p>
            {coverage.staleHosts.map((h) => `${h.host} (last ${h.lastCollected.slice(0, 10)})`).join(', ')}
          </p>
        </>
      )}
    </section>
  );
}
