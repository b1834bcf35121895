// Dates in interdict are ISO days (YYYY-MM-DD) in UTC: rulings, phases, contracts and waivers are
// dated that way, and the evidence's times are UTC.
export const DAY_MS = 86_400_000;

/** The UTC day of a time, as YYYY-MM-DD. */
export function isoDay(time: Date | number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Today's date in UTC as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return isoDay(now);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}

/** Whole days from `from` to `to` (ISO days, or times whose day counts); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayStart(to) - dayStart(from)) / DAY_MS);
}

/** The ISO day `n` days after `day` (before it when `n` is negative). */
export function addDays(day: string, n: number): string {
  return isoDay(dayStart(day) + n * DAY_MS);
}

function dayStart(day: string): number {
  return Date.parse(`${day.slice(0, 10)}T00:00:00Z`);
}
