import { Link } from '../router.js';
import { formatCountdown } from '../lib/dates.js';
import type { TimelineEntry } from '../lib/timeline.js';

export function PhaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <p className="muted">No ruling phases bind this organisation's profile.</p>;
  return (
    <ol className="timeline" aria-label="Ruling phases">
      {entries.map((e) => (
        <li key={`${e.determinationId}/${e.phaseId}`} className={`phase ${e.state}`}>
          <div className="when">
            <time dateTime={e.since}>{e.since}</time>
            {e.state === 'ahead' ? (
              <strong className="countdown" data-testid="countdown">
                {e.daysLeft} day{e.daysLeft === 1 ? '' : 's'} left ({formatCountdown(e.daysLeft!)})
              </strong>
            ) : (
              <span className="muted">{e.state === 'ended' ? `ended ${e.until}` : 'in force'}</span>
            )}
          </div>
          <div className="what">
            <Link to={`/determinations#${e.determinationId}`}>{e.determinationTitle}</Link>
            <span className="muted"> · {e.phaseId}</span>
            <p>{e.summary}</p>
            <p className="citation">{e.citation}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}
