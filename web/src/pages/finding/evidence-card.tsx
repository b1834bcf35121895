import { SourceLinks } from '../../components/source-links.js';
import { formatTime } from '../../lib/dates.js';
import type { FindingDetail, ResolveSources } from './use-finding.js';

/** What matched and where it was seen: the identifier, the observation, its origin, other sightings. */
export function EvidenceCard({
  finding: f,
  resolveSources: resolve,
}: {
  finding: FindingDetail;
  resolveSources: ResolveSources;
}) {
  const o = f.observation;
  return (
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
            <dd className="mono">{f.match.corroboratedBy.map((c) => `${c.on}: ${c.value}`).join('; ')}</dd>
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
  );
}
