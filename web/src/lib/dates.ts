const DAY_MS = 86_400_000;

/** Whole days from one ISO day to another (negative when `to` lies before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / DAY_MS,
  );
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Today as an ISO day in UTC, the zone the server's dates are in. */
export function todayOf(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** "2026-11-28 14:03 UTC": times in the dashboard are UTC, like the evidence they come from. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.length <= 10 ? iso : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatCountdown(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  if (daysLeft > 1) return `in ${daysLeft} days`;
  if (daysLeft === -1) return 'yesterday';
  return `${-daysLeft} days ago`;
}
