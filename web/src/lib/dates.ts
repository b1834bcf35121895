// Day arithmetic is the server's own (src/core/dates.ts), so both count days the same way.
export { addDays, daysBetween, today as todayOf } from '../../../src/core/dates.js';

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
