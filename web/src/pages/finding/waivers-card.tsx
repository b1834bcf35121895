import type { Waiver } from '../../api.js';
import { WaiverForm } from '../../components/waiver-form.js';
import { hasRole, type Role } from '../../lib/messages.js';
import type { FindingDetail } from './use-finding.js';

/**
 * This finding's waivers, and the request form for an analyst while the finding is open, not waived and
 * has no request pending.
 */
export function WaiversCard({
  finding: f,
  mine,
  role,
  onRequested,
}: {
  finding: FindingDetail;
  mine: readonly Waiver[];
  role: Role;
  onRequested: () => void;
}) {
  return (
    <section className="card" aria-labelledby="waivers-h">
      <h2 id="waivers-h">Waivers</h2>
      {mine.length > 0 && (
        <ul className="plain">
          {mine.map((w) => (
            <li key={w.id} data-testid="finding-waiver">
              <strong>{w.id}</strong> <span className={`badge waiver-${w.state}`}>{w.state}</span> until{' '}
              {w.expires}, requested by {w.requestedBy}
              {w.decidedBy && `, ${w.state} by ${w.decidedBy}`}
              {w.decisionNote && `: “${w.decisionNote}”`}
            </li>
          ))}
        </ul>
      )}
      {hasRole(role, 'analyst') &&
      f.state === 'open' &&
      f.status !== 'waived' &&
      !mine.some((w) => w.state === 'requested') ? (
        <WaiverForm finding={f} onRequested={onRequested} />
      ) : (
        mine.length === 0 && <p className="muted">No waiver for this finding.</p>
      )}
    </section>
  );
}
