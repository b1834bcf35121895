import { api, type Determination, type Stats, type Summary, type Waiver } from '../api.js';
import { SeverityBadge, StatusBadge } from '../components/badges.js';
import { BurndownChart } from '../components/burndown-chart.js';
import { ErrorBox, Loading } from '../components/notice.js';
import { PhaseTimeline } from '../components/phase-timeline.js';
import { useApi, useTitle } from '../hooks.js';
import { todayOf } from '../lib/dates.js';
import { SEVERITIES, STATUSES } from '../lib/filters.js';
import { buildTimeline, pickNextPhases } from '../lib/timeline.js';
import { Link } from '../router.js';

interface OverviewData {
  summary: Summary;
  determinations: Determination[];
  profile: string | undefined;
  waivers: Waiver[];
}

export function OverviewPage() {
  useTitle('Overview');
  const data = useApi<OverviewData>(async (signal) => {
    const [summary, determinations, stats, waivers] = await Promise.all([
      api<Summary>('/summary?days=90', { signal }),
      api<{ items: Determination[] }>('/determinations', { signal }),
      api<Stats>('/stats', { signal }),
      api<{ items: Waiver[] }>('/waivers?state=approved', { signal }),
    ]);
    return {
      summary,
      determinations: determinations.items,
      profile: stats.tenant.profile,
      waivers: waivers.items,
    };
  }, 'overview');
  if (data.error) return <ErrorBox error={data.error} />;
  if (!data.data) return <Loading what="the overview" />;
  const { summary, determinations, profile, waivers } = data.data;
  const today = todayOf();
  const timeline = buildTimeline(determinations, today, profile);
  const deadlines = [
    ...timeline.map((t) => ({ date: t.since, label: t.phaseId })),
    ...waivers.map((w) => ({ date: w.expires, label: `${w.id} expires` })),
  ];
  return (
    <>
      <h1>Overview</h1>
      <div className="cards">
        <div className="card stat">
          <span className="big" data-testid="open-count">
            {summary.findings}
          </span>
          <span>open findings</span>
        </div>
        <div className="card stat">
          <span className="big">{summary.hosts.withFindings}</span>
          <span>of {summary.hosts.total.toLocaleString('en-US')} hosts affected</span>
        </div>
        <div className="card stat">
          <span className="big">{summary.resolved}</span>
          <span>resolved</span>
        </div>
        <div className="card stat">
          <span className="big text">{profile ?? '—'}</span>
          <span>profile (whom the rulings bind)</span>
        </div>
      </div>
      <div className="grid2">
        <section className="card" aria-labelledby="by-status">
          <h2 id="by-status">Open by status</h2>
          <table className="compact">
            <tbody>
              {STATUSES.map((s) => (
                <tr key={s}>
                  <th scope="row">
                    <StatusBadge status={s} />
                  </th>
                  <td className="num">
                    <Link to={`/findings?status=${s}`}>{summary.byStatus[s] ?? 0}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="by-severity">
          <h2 id="by-severity">Open by severity</h2>
          <table className="compact">
            <tbody>
              {SEVERITIES.map((s) => (
                <tr key={s}>
                  <th scope="row">
                    <SeverityBadge severity={s} />
                  </th>
                  <td className="num">
                    <Link to={`/findings?severity=${s}`}>{summary.bySeverity[s] ?? 0}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="card" aria-labelledby="burndown-h">
        <h2 id="burndown-h">Burn-down</h2>
        <BurndownChart history={summary.history} deadlines={deadlines} today={today} />
      </section>
      <section className="card" aria-labelledby="phases-h">
        <h2 id="phases-h">Ruling phases</h2>
        <PhaseTimeline entries={pickNextPhases(timeline, 6)} />
      </section>
    </>
  );
}
