import { addDays, daysBetween } from './dates.js';

export interface HistoryPoint {
  date: string;
  open: number;
}

export interface Deadline {
  date: string;
  label: string;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  line: string;
  area: string;
  points: { x: number; y: number; date: string; open: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  deadlines: { x: number; date: string; label: string; ahead: boolean }[];
  /** Dashed line from today to the day the current pace reaches zero, when it does within the range. */
  projection?: { x1: number; y1: number; x2: number; y2: number; date: string };
  first: string;
  last: string;
}

/** A step at 1, 2, 2.5 or 5 times a power of ten giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 4): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  return Math.max(1, step);
}

/**
 * The day open findings reach zero if they keep falling at the average pace of the last `window`
 * days; undefined when they are not falling.
 */
export function projectZero(history: readonly HistoryPoint[], window = 28): string | undefined {
  if (history.length < 2) return undefined;
  const last = history.at(-1)!;
  if (last.open === 0) return undefined;
  const start = history[Math.max(0, history.length - 1 - window)]!;
  const days = daysBetween(start.date, last.date);
  const drop = start.open - last.open;
  if (days <= 0 || drop <= 0) return undefined;
  return addDays(last.date, Math.ceil(last.open / (drop / days)));
}

/**
 * Geometry of the burn-down chart: open findings per day as a stepped line and area, deadlines as
 * vertical markers, and the projection to zero. The x range runs from the first history day to the
 * latest of today, the last deadline within `aheadDays`, and the projected zero day.
 */
export function layoutBurndown(
  history: readonly HistoryPoint[],
  deadlines: readonly Deadline[],
  o: { width: number; height: number; aheadDays?: number },
): ChartGeometry {
  const plot = { left: 44, top: 12, right: o.width - 12, bottom: o.height - 28 };
  const first = history[0]?.date ?? new Date().toISOString().slice(0, 10);
  const today = history.at(-1)?.date ?? first;
  const horizon = addDays(today, o.aheadDays ?? 90);
  const zero = projectZero(history);
  const ahead = deadlines.filter((d) => d.date > today && d.date <= horizon).map((d) => d.date);
  const lastDay = [today, ...ahead, ...(zero && zero <= horizon ? [zero] : [])].sort().at(-1)!;
  const span = Math.max(1, daysBetween(first, lastDay));
  const max = Math.max(1, ...history.map((h) => h.open));
  const step = niceStep(max);
  const top = Math.ceil(max / step) * step;
  const x = (day: string) => plot.left + (daysBetween(first, day) / span) * (plot.right - plot.left);
  const y = (n: number) => plot.bottom - (n / top) * (plot.bottom - plot.top);

  const points = history.map((h) => ({ x: x(h.date), y: y(h.open), date: h.date, open: h.open }));
  let line = '';
  points.forEach((p, i) => {
    line += i === 0 ? `M${p.x.toFixed(1)},${p.y.toFixed(1)}` : `H${p.x.toFixed(1)}V${p.y.toFixed(1)}`;
  });
  const area = points.length ? `${line}V${plot.bottom}H${points[0]!.x.toFixed(1)}Z` : '';

  const yTicks = [];
  for (let v = 0; v <= top; v += step) yTicks.push({ y: y(v), label: String(v) });
  const xTicks = [];
  const tickEvery = Math.max(1, Math.ceil(span / 6));
  for (let d = 0; d <= span; d += tickEvery) {
    const day = addDays(first, d);
    xTicks.push({ x: x(day), label: day.slice(5) });
  }
  const shown = deadlines
    .filter((d) => d.date >= first && d.date <= lastDay)
    .map((d) => ({ x: x(d.date), date: d.date, label: d.label, ahead: d.date > today }));
  const lastPoint = points.at(-1);
  return {
    width: o.width,
    height: o.height,
    plot,
    line,
    area,
    points,
    xTicks,
    yTicks,
    deadlines: shown,
    ...(zero && zero <= lastDay && lastPoint
      ? { projection: { x1: lastPoint.x, y1: lastPoint.y, x2: x(zero), y2: y(0), date: zero } }
      : {}),
    first,
    last: lastDay,
  };
}
