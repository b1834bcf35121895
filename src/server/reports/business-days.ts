/**
 * Business days as the FAR counts them: weekdays that are not U.S. federal holidays (5 U.S.C. 6103),
 * with a holiday on a Saturday observed the Friday before and one on a Sunday the Monday after.
 * Dates are ISO days (YYYY-MM-DD), counted in UTC so the answer does not depend on the server's zone.
 */
import { DAY_MS, isoDay } from '../../core/dates.js';

function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The n-th given weekday (0 = Sunday) of a month, or the last one when n is -1. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  if (n === -1) {
    const last = new Date(Date.UTC(year, month + 1, 0));
    const back = (last.getUTCDay() - weekday + 7) % 7;
    return isoDay(last.getTime() - back * DAY_MS);
  }
  const first = new Date(Date.UTC(year, month, 1));
  const ahead = (weekday - first.getUTCDay() + 7) % 7;
  return isoDay(first.getTime() + (ahead + (n - 1) * 7) * DAY_MS);
}

function observed(year: number, month: number, day: number): string {
  const ms = Date.UTC(year, month, day);
  const weekday = new Date(ms).getUTCDay();
  if (weekday === 6) return isoDay(ms - DAY_MS);
  if (weekday === 0) return isoDay(ms + DAY_MS);
  return isoDay(ms);
}

const holidayCache = new Map<number, Set<string>>();

/** Federal holidays of a year as observed; Juneteenth from 2021, when it became one. */
export function listFederalHolidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set([
    observed(year, 0, 1),
    nthWeekday(year, 0, 1, 3),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 4, 1, -1),
    ...(year >= 2021 ? [observed(year, 5, 19)] : []),
    observed(year, 6, 4),
    nthWeekday(year, 8, 1, 1),
    nthWeekday(year, 9, 1, 2),
    observed(year, 10, 11),
    nthWeekday(year, 10, 4, 4),
    observed(year, 11, 25),
  ]);
  // New Year's Day of the next year can be observed on December 31 of this one.
  const nextNewYear = observed(year + 1, 0, 1);
  if (nextNewYear.startsWith(String(year))) days.add(nextNewYear);
  holidayCache.set(year, days);
  return days;
}

export function isBusinessDay(day: string): boolean {
  const weekday = new Date(toMs(day)).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !listFederalHolidays(Number(day.slice(0, 4))).has(day);
}

/**
 * The day `n` business days after `day` (the day itself does not count, as in "within 3 business
 * days of identification").
 * @example addBusinessDays('2026-11-25', 3) // '2026-12-01' (Thanksgiving and the weekend skipped)
 */
export function addBusinessDays(day: string, n: number): string {
  let ms = toMs(day);
  let left = n;
  while (left > 0) {
    ms += DAY_MS;
    if (isBusinessDay(isoDay(ms))) left--;
  }
  return isoDay(ms);
}

/** Business days from `from` to `to`: positive when `to` lies ahead, negative when it has passed. */
export function countBusinessDays(from: string, to: string): number {
  if (from === to) return 0;
  const sign = to > from ? 1 : -1;
  let ms = toMs(from);
  const end = toMs(to);
  let n = 0;
  while (ms !== end) {
    ms += sign * DAY_MS;
    if (isBusinessDay(isoDay(ms))) n += sign;
  }
  return n;
}
