/**
 * Dates as Windows writes them in the server's short-date locale: `6/5/2024 9:14:03 AM` (en-US),
 * `05.06.2024 09:14:03` (de-DE, ru-RU), `05/06/2024 09:14:03` (en-GB, es-ES), `2024-06-05 09:14:03`
 * (sv-SE, ISO), `2024/06/05 오후 9:14:03` (ko-KR). Day/month or month/day with '/' or '-' cannot be
 * told from one date: the caller settles the order from the file (a field above 12).
 */
export type DateOrder = 'mdy' | 'dmy';

export interface LocalDateTime {
  /** The text as written, for when the date cannot be settled. */
  text: string;
  year: number;
  /** First and second numeric fields when the year is last (their order may be unsettled). */
  first: number;
  second: number;
  /** Settled by the text alone: year first, or dots (day first in every locale that uses them). */
  order?: DateOrder;
  /** Seconds since midnight, undefined when the AM/PM designator is not one we know. */
  seconds?: number;
}

const DATE = /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})\.?$/;
const TIME = /^(\d{1,2}):(\d{2}):(\d{2})(?:[.,]\d+)?$/;
/** 12-hour designators Windows locales use, before or after the time. */
const AM = new Set(['am', 'a.m.', '上午', '午前', '오전', 'ص', 'πμ']);
const PM = new Set(['pm', 'p.m.', '下午', '午後', '오후', 'م', 'μμ']);

/**
 * Reads a date and time; an error message when the text holds no readable date.
 * @example readLocalDateTime('6/5/2024 9:14:03 AM') // { year: 2024, first: 6, second: 5, seconds: 33243, … }
 */
export function readLocalDateTime(text: string): LocalDateTime | string {
  let date: RegExpExecArray | null = null;
  let time: RegExpExecArray | null = null;
  let designator: string | undefined;
  for (const token of text.trim().split(/\s+/)) {
    if (!date && (date = DATE.exec(token))) continue;
    if (!time && (time = TIME.exec(token))) continue;
    designator = token.toLowerCase();
  }
  if (!date) return `no date in ${JSON.stringify(text)}`;
  const [, a, separator, b, c] = date;
  let year: number;
  let first: number;
  let second: number;
  let order: DateOrder | undefined;
  if (a!.length === 4) {
    year = Number(a);
    first = Number(b); // year, month, day: no locale writes year, day, month
    second = Number(c);
    order = 'mdy';
  } else {
    if (c!.length !== 2 && c!.length !== 4) return `no year in ${JSON.stringify(text)}`;
    year = c!.length === 2 ? 2000 + Number(c) : Number(c);
    first = Number(a);
    second = Number(b);
    if (separator === '.') order = 'dmy';
    else if (first > 12 && second > 12) return `${JSON.stringify(date[0])} is no date in either order`;
  }
  const seconds = time ? secondsOf(time, designator) : undefined;
  if (typeof seconds === 'string') return seconds;
  return { text: text.trim(), year, first, second, order, seconds };
}

function secondsOf(time: RegExpExecArray, designator: string | undefined): number | string | undefined {
  let hours = Number(time[1]);
  const minutes = Number(time[2]);
  const seconds = Number(time[3]);
  if (minutes > 59 || seconds > 59) return `no valid time in ${JSON.stringify(time[0])}`;
  if (designator !== undefined) {
    const pm = PM.has(designator);
    if (!pm && !AM.has(designator)) return undefined;
    if (hours < 1 || hours > 12) return `hour ${hours} with ${designator}`;
    hours = (hours % 12) + (pm ? 12 : 0);
  } else if (hours > 23) return `no valid time in ${JSON.stringify(time[0])}`;
  return hours * 3600 + minutes * 60 + seconds;
}

/**
 * What an unsettled date says about the file's order: 'dmy' when the first field is above 12,
 * 'mdy' for the second, else nothing (a self-settled date says nothing about the others).
 */
export function orderEvidence(dt: LocalDateTime): DateOrder | undefined {
  if (dt.order) return undefined;
  if (dt.first > 12 && dt.second <= 12) return 'dmy';
  if (dt.second > 12 && dt.first <= 12) return 'mdy';
  return undefined;
}

/** The order to read this date in: its own, the file's, or any when both fields are equal. */
export function orderFor(dt: LocalDateTime, fileOrder: DateOrder | undefined): DateOrder | undefined {
  return dt.order ?? fileOrder ?? (dt.first === dt.second ? 'mdy' : undefined);
}

/**
 * The ISO date (YYYY-MM-DD) and local date-time (no offset: the log does not say its zone) in
 * the given order; an error message when no such day exists.
 */
export function toIsoLocal(dt: LocalDateTime, order: DateOrder): { date: string; time?: string } | string {
  const [month, day] = order === 'mdy' ? [dt.first, dt.second] : [dt.second, dt.first];
  const probe = new Date(Date.UTC(dt.year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCDate() !== day || probe.getUTCMonth() !== month - 1)
    return `${JSON.stringify(dt.text)} is no calendar date (read as ${order === 'mdy' ? 'month/day' : 'day/month'})`;
  const date = `${String(dt.year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
  if (dt.seconds === undefined) return { date };
  const s = dt.seconds;
  return {
    date,
    time: `${date}T${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
