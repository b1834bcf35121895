import { layoutBurndown, type Deadline, type HistoryPoint } from '../lib/burndown.js';
import { daysBetween, formatCountdown } from '../lib/dates.js';

/** Open findings per day against the ruling deadlines, as an accessible SVG with a table fallback. */
export function BurndownChart({
  history,
  deadlines,
  today,
}: {
  history: HistoryPoint[];
  deadlines: Deadline[];
  today: string;
}) {
  const g = layoutBurndown(history, deadlines, { width: 720, height: 240 });
  const last = history.at(-1);
  const peak = Math.max(0, ...history.map((h) => h.open));
  const before = deadlines
    .filter((d) => d.date < g.first)
    .sort((a, b) => a.date.localeCompare(b.date))
    .at(-1);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${g.width} ${g.height}`}
        role="img"
        aria-labelledby="burndown-title burndown-desc"
        data-testid="burndown"
      >
        <title id="burndown-title">Open findings over time</title>
        <desc id="burndown-desc">
          {`From ${g.first} to ${last?.date ?? g.first}: peak ${peak}, now ${last?.open ?? 0} open.`}
          {g.projection ? ` At the pace of the last four weeks, zero on ${g.projection.date}.` : ''}
        </desc>
        {g.yTicks.map((t) => (
          <g key={`y${t.label}`}>
            <line className="grid" x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} />
            <text className="tick" x={g.plot.left - 6} y={t.y + 4} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {g.xTicks.map((t) => (
          <text key={`x${t.label}`} className="tick" x={t.x} y={g.height - 8} textAnchor="middle">
            {t.label}
          </text>
        ))}
        <path className="area" d={g.area} />
        <path className="line" d={g.line} />
        {g.projection && (
          <line
            className="projection"
            x1={g.projection.x1}
            y1={g.projection.y1}
            x2={g.projection.x2}
            y2={g.projection.y2}
          />
        )}
        {g.deadlines.map((d) => (
          <g key={`${d.date}${d.label}`} className={d.ahead ? 'deadline ahead' : 'deadline'}>
            <line x1={d.x} x2={d.x} y1={g.plot.top} y2={g.plot.bottom} />
            <text
              x={d.x > g.plot.right - 140 ? d.x - 3 : d.x + 3}
              y={g.plot.top + 10}
              textAnchor={d.x > g.plot.right - 140 ? 'end' : 'start'}
            >
              {d.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        Open findings per day{last ? ` (now ${last.open})` : ''}; vertical lines are ruling phases and waiver
        expiries
        {g.deadlines.length === 0 && before
          ? ` (none in this range: the latest, ${before.label}, has applied since ${before.date})`
          : ''}
        {g.projection
          ? `; dashed: zero ${formatCountdown(daysBetween(today, g.projection.date))} at the current pace (${g.projection.date})`
          : ''}
        .
      </figcaption>
    </figure>
  );
}
