import { StatusBadge } from '../../components/badges.js';
import { SourceLinks } from '../../components/source-links.js';
import { Link } from '../../router.js';
import type { FindingDetail, ResolveSources } from './use-finding.js';

/** Why the finding is one: the policy's reason chain and each ruling that applied, with its sources. */
export function ReasonsCard({
  finding: f,
  resolveSources: resolve,
}: {
  finding: FindingDetail;
  resolveSources: ResolveSources;
}) {
  return (
    <section className="card" aria-labelledby="reasons-h">
      <h2 id="reasons-h">Why: the reason chain</h2>
      <ol className="reasons">
        {f.reasons.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ol>
      <h3>Rulings</h3>
      <ul className="plain">
        {f.determinations.map((d) => (
          <li key={d.id}>
            <Link to={`/determinations#${d.id}`}>{d.title ?? d.id}</Link>
            {d.status && (
              <>
                {' '}
                → <StatusBadge status={d.status} />
              </>
            )}
            <p>{d.effect}</p>
            <p className="citation">
              {d.phase && `phase ${d.phase}`}
              {d.since && ` since ${d.since}`}
              {d.daysLeft !== undefined && d.daysLeft > 0 && ` (in ${d.daysLeft} days)`}
              {d.citation && ` · ${d.citation}`}
            </p>
            {d.sources?.length ? (
              <p className="citation" data-testid="ruling-sources">
                Sources: <SourceLinks sources={resolve(d.sources)} />
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
