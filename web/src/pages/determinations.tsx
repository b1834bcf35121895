import { SourceLinks } from '../components/source-links.js';
import { useEffect, useState } from 'react';
import { api, type Determination, type Stats } from '../api.js';
import { StatusBadge } from '../components/badges.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { useApi, useTitle } from '../hooks.js';
import { formatCountdown, daysBetween, todayOf } from '../lib/dates.js';
import { searchRows } from '../lib/table.js';
import { phaseState } from '../lib/timeline.js';
import { Link } from '../router.js';

export function DeterminationsPage() {
  useTitle('Rulings');
  const data = useApi(async (signal) => {
    const [d, stats] = await Promise.all([
      api<{ items: Determination[] }>('/determinations', { signal }),
      api<Stats>('/stats', { signal }),
    ]);
    return { items: d.items, stats };
  }, 'determinations');
  const [query, setQuery] = useState('');
  const [mineOnly, setMineOnly] = useState(false);
  useEffect(() => {
    if (data.data && location.hash)
      document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  }, [data.data]);
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading what="the rulings" />;
  const today = todayOf();
  const { stats } = data.data;
  const items = searchRows(
    data.data.items.filter((d) => !mineOnly || d.profiles.some((p) => p === stats.tenant.profile)),
    (d) => `${d.title} ${d.id} ${d.authority} ${d.citations.join(' ')}`,
    query,
  );
  return (
    <>
      <h1>Rulings (determinations)</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} /> only
          those binding the profile {stats.tenant.profile}
        </label>
        <span className="exports">
          Export <a href="/api/v1/exports/determinations?format=csv">CSV</a> ·{' '}
          <a href="/api/v1/exports/determinations?format=json">JSON</a>
        </span>
      </form>
      {items.map((d) => (
        <section key={d.id} id={d.id} className="card determination" aria-labelledby={`${d.id}-h`}>
          <h2 id={`${d.id}-h`}>{d.title}</h2>
          <p className="muted">
            {d.authority} · {d.kind} · published {d.published} · binds {d.profiles.join(', ')}
          </p>
          <p>
            {stats.determinations[d.id] ? (
              <Link to={`/findings?determination=${d.id}`}>
                {stats.determinations[d.id]!.open} open findings on {stats.determinations[d.id]!.hosts} hosts
              </Link>
            ) : (
              'No open findings.'
            )}
          </p>
          <ol className="timeline">
            {d.phases.map((p) => {
              const state = phaseState(p, today);
              return (
                <li key={p.id} className={`phase ${state}`}>
                  <div className="when">
                    <time dateTime={p.since}>{p.since}</time>
                    <span className={state === 'ahead' ? 'countdown' : 'muted'}>
                      {state === 'ahead'
                        ? `${daysBetween(today, p.since)} days left (${formatCountdown(daysBetween(today, p.since))})`
                        : state === 'ended'
                          ? `ended ${p.until}`
                          : 'in force'}
                    </span>
                  </div>
                  <div className="what">
                    <strong>{p.id}</strong>
                    <p>{p.summary}</p>
                    <ul className="plain">
                      {p.effects.map((e, i) => (
                        <li key={i}>
                          {e.subject}: <StatusBadge status={e.status} /> {e.effect}
                        </li>
                      ))}
                    </ul>
                    <p className="citation">
                      {p.citation} <SourceLinks sources={p.sources} />
                    </p>
                  </div>
                </li>
              );
            })}
          </ol>
          {d.obligations?.length ? (
            <>
              <h3>Obligations</h3>
              <ul>
                {d.obligations.map((o, i) => (
                  <li key={i}>
                    {o.summary}
                    {o.within && <strong> Within {o.within}.</strong>}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {d.exemptions?.length ? (
            <>
              <h3>Exemptions</h3>
              <ul>
                {d.exemptions.map((e, i) => (
                  <li key={i}>{e.summary}</li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="citation">{d.citations.join(' · ')}</p>
        </section>
      ))}
    </>
  );
}
