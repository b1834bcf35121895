import type { Finding } from '../api.js';
import { Link } from '../router.js';
import { SeverityBadge, StateBadge, StatusBadge } from './badges.js';

/**
 * The first three cells every list of findings starts with: severity, status and the product
 * linking to the finding. `withState` shows a triage state other than open beside the status,
 * for lists without a state column of their own.
 */
export function FindingLeadCells({ finding, withState = false }: { finding: Finding; withState?: boolean }) {
  return (
    <>
      <td>
        <SeverityBadge severity={finding.severity} />
      </td>
      <td>
        <StatusBadge status={finding.status} />
        {withState && finding.state !== 'open' && (
          <>
            {' '}
            <StateBadge state={finding.state} />
          </>
        )}
      </td>
      <td>
        <Link to={`/findings/${finding.id}`}>{finding.product.name}</Link>
      </td>
    </>
  );
}
