import { api, type Determination, type Finding, type SourceRef, type Waiver } from '../api.js';
import { SeverityBadge, StateBadge, StatusBadge } from '../components/badges.js';
import { Comments } from '../components/comments.js';
import { SourceLinks } from '../components/source-links.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { VoteWidget } from '../components/vote.js';
import { WaiverForm } from '../components/waiver-form.js';
import { useApi, useTitle } from '../hooks.js';
import { formatTime } from '../lib/dates.js';
import { hasRole } from '../lib/messages.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';

/** Every source the loaded rulings cite, by id, so a finding's source ids can be links. */
function sourcesById(determinations: readonly Determination[] | undefined): Map<string, SourceRef> {
  const byId = new Map<string, SourceRef>();
  for (const d of determinations ?? [])
    for (const s of [...d.sources, ...d.phases.flatMap((p) => p.sources)]) byId.set(s.id, s);
  return byId;
}

type Detail = Finding & {
  history: { at: string; kind: string; fromStatus: string | null; toStatus: string | null; cause: string }[];
};

export function FindingPage({ id }: { id: string }) {
  const { me } = useSession();
  const finding = useApi((signal) => api<Detail>(`/findings/${encodeURIComponent(id)}`, { signal }), id);
  const waivers = useApi((signal) => api<{ items: Waiver[] }>('/waivers', { signal }), `waivers-${id}`);
  const rulings = useApi(
    (signal) => api<{ items: Determination[] }>('/determinations', { signal }),
    'rulings',
  );
  useTitle(finding.data ? `${finding.data.product.name} on ${finding.data.host}` : 'Finding');
  if (finding.error) return <ErrorBox error={finding.error} />;
  if (!finding.data) return <Loading what="the finding" />;
  const f = finding.data;
  const o = f.observation;
  const mine = waivers.data?.items.filter((w) => w.findingId === f.id) ?? [];
  const known = sourcesById(rulings.data?.items);
  const resolve = (ids: readonly string[] = []) => ids.map((sid) => known.get(sid) ?? { id: sid });
  return (
    <article className="finding">
      <p className="crumbs">
        <Link to="/findings">Findings</Link> / {f.id}
      </p>
      <h1>
        {f.product.name} <span className="muted">on</span>{' '}
        <Link to={`/hosts/${encodeURIComponent(f.host)}`}>{f.host}</Link>
      </h1>
      <p className="badges" data-testid="finding-status">
        <StatusBadge status={f.status} /> <SeverityBadge severity={f.severity} />{' '}
        <StateBadge state={f.state} />
      </p>
      <div className="grid2">
        <section className="card" aria-labelledby="evidence-h">
          <h2 id="evidence-h">Evidence</h2>
          <dl className="kv">
            <dt>Matched on</dt>
            <dd className="mono">
              {f.match.on}: {f.match.value}
            </dd>
            {f.match.pattern && (
              <>
                <dt>Catalog identifier</dt>
                <dd className="mono">{f.match.pattern}</dd>
              </>
            )}
            {f.match.sources?.length ? (
              <>
                <dt>Identifier sources</dt>
                <dd data-testid="match-sources">
                  <SourceLinks sources={resolve(f.match.sources)} />
                </dd>
              </>
            ) : null}
            <dt>Confidence</dt>
            <dd>{Math.round(f.match.confidence * 100)}%</dd>
            {f.match.corroboratedBy?.length ? (
              <>
                <dt>Also matched</dt>
                <dd className="mono">
                  {f.match.corroboratedBy.map((c) => `${c.on}: ${c.value}`).join('; ')}
                </dd>
              </>
            ) : null}
            {f.match.explanation && (
              <>
                <dt>Why</dt>
                <dd>{f.match.explanation}</dd>
              </>
            )}
            <dt>Observed</dt>
            <dd>
              {o.kind} {o.name && <strong>{o.name}</strong>}{' '}
              {o.version && <span className="mono">{o.version}</span>}{' '}
              {o.publisher && <span className="muted">by {o.publisher}</span>}
            </dd>
            {o.path && (
              <>
                <dt>Path</dt>
                <dd className="mono">{o.path}</dd>
              </>
            )}
            {o.ids?.length ? (
              <>
                <dt>Identifiers</dt>
                <dd className="mono">{o.ids.map((i) => `${i.kind}: ${i.value}`).join('; ')}</dd>
              </>
            ) : null}
            <dt>Origin</dt>
            <dd className="mono" data-testid="origin">
              {o.origin.source} · {o.origin.format} · {o.origin.locator}
              {o.origin.collector ? ` · collector ${o.origin.collector}` : ''}
            </dd>
            {f.sightings && f.sightings.length > 1 ? (
              <>
                <dt>Also seen</dt>
                <dd data-testid="sightings">
                  <ul className="plain">
                    {f.sightings.slice(1).map((s, i) => (
                      <li key={i}>
                        {s.status}: {s.observation.name ?? s.observation.path ?? ''}{' '}
                        {s.observation.version && <span className="mono">{s.observation.version}</span>}{' '}
                        <span className="mono muted">
                          {s.observation.origin.source} · {s.observation.origin.locator}
                        </span>
                        {s.repeats?.length ? ` (+${s.repeats.length} identical)` : ''}
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            ) : null}
            <dt>Vendor</dt>
            <dd>
              {f.product.vendor}
              {f.product.integration &&
                ` (component ${f.product.integration.component} inside ${f.product.integration.carrier})`}
            </dd>
            <dt>Seen</dt>
            <dd>
              first {formatTime(f.firstSeen)}, last {formatTime(f.lastSeen)}
              {f.resolvedAt && `, resolved ${formatTime(f.resolvedAt)}`}
            </dd>
          </dl>
        </section>
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
      </div>
      <section className="card" aria-labelledby="remediation-h">
        <h2 id="remediation-h">Remediation</h2>
        <p>{f.remediation}</p>
        {f.waiver && (
          <p>
            Waived by <strong>{f.waiver.approvedBy}</strong> until {f.waiver.expires} ({f.waiver.id}):{' '}
            {f.waiver.reason}
          </p>
        )}
        {hasRole(me.role, 'analyst') && (
          <p>
            <Link to={`/findings/${f.id}/far-report`}>Draft the FAR 52.204-23(c) report</Link>
          </p>
        )}
      </section>
      <div className="grid2">
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
          {hasRole(me.role, 'analyst') &&
          f.state === 'open' &&
          f.status !== 'waived' &&
          !mine.some((w) => w.state === 'requested') ? (
            <WaiverForm finding={f} onRequested={() => waivers.reload()} />
          ) : (
            mine.length === 0 && <p className="muted">No waiver for this finding.</p>
          )}
        </section>
        <VoteWidget findingId={f.id} />
      </div>
      <section className="card" aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <table className="compact">
          <thead>
            <tr>
              <th>When</th>
              <th>Event</th>
              <th>Status</th>
              <th>Cause</th>
            </tr>
          </thead>
          <tbody>
            {f.history.map((e, i) => (
              <tr key={i}>
                <td>{formatTime(e.at)}</td>
                <td>{e.kind}</td>
                <td>
                  {e.fromStatus ?? '—'} → {e.toStatus ?? '—'}
                </td>
                <td>{e.cause}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="card">
        <Comments subject="findings" id={f.id} />
      </div>
    </article>
  );
}
