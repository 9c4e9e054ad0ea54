/**
 * Dates as people type and read them on the forms: a GOV.UK date input's day, month and
 * year made into the API's `YYYY-MM-DD`, a time of day in London made into the instant
 * the API takes, and a date written in words. Pure. The calendar's date and London-time
 * modules are imported by file, not through its index, so its holiday data stays out of
 * the work tray's bundle: the API does the working-day sums.
 */
import { daysInMonth, monthName } from '../../../workflows/calendar/local-date.js';
import {
  londonDateTime as calendarLondonDateTime,
  londonInstant as calendarLondonInstant,
  isInstant,
} from '../../../workflows/calendar/london-time.js';

export { monthName };

export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export type Assembled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

/** Whether the three boxes of a date input are all empty: a date not given. */
export const isBlankDate = (parts: DateParts): boolean =>
  parts.day.trim() === '' && parts.month.trim() === '' && parts.year.trim() === '';

/**
 * A date input's three boxes as `YYYY-MM-DD`: whole numbers, a four-digit year, and a
 * day that the month has (31 April and 29 February 2017 are refused). The reasons name
 * the rule, never the value typed.
 */
export function dateFromParts(parts: DateParts): Assembled<string> {
  const [day, month, year] = [parts.day.trim(), parts.month.trim(), parts.year.trim()];
  const missing = [
    day === '' ? 'a day' : '',
    month === '' ? 'a month' : '',
    year === '' ? 'a year' : '',
  ].filter(Boolean);
  if (missing.length === 3) return { ok: false, reason: 'is required' };
  if (missing.length > 0) return { ok: false, reason: `must include ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, reason: 'must be a real date, such as 27 3 2017' };
  }
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    return { ok: false, reason: 'must be a real date, such as 27 3 2017' };
  }
  return {
    ok: true,
    value: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
  };
}

/** `YYYY-MM-DD` back into a date input's boxes, as a person would type them. */
export function partsOf(date: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

/** A time of day typed as `10:00`, `9:30` or `14.30`, as hours and minutes. */
export function timeOfDay(text: string): Assembled<{ hour: number; minute: number }> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'is required' };
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(trimmed);
  const [hour, minute] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || hour > 23 || minute > 59) {
    return { ok: false, reason: 'must be a time on the 24-hour clock, such as 10:00 or 14:30' };
  }
  return { ok: true, value: { hour, minute } };
}

/**
 * A date and a time of day on a London clock as the API's instant, with London's offset
 * on that day: `2017-03-27` at 10:00 is `2017-03-27T10:00:00+01:00`. The calendar's own
 * rule (workflows/calendar/london-time.ts), which the API reads the instant back with.
 */
export const londonInstant = (date: string, time: { hour: number; minute: number }): string =>
  calendarLondonInstant(
    date,
    `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`,
  );

/** `2017-01-27` as `27 January 2017`; anything else (`2017-13-01` too) as it is. */
export function longDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  const month = match ? monthName(Number(match[2])) : '';
  if (!match || month === '') return date;
  return `${Number(match[3])} ${month} ${match[1]}`;
}

/** An instant as its London date and time: `27 March 2017 at 10:00`. */
export function londonDateTime(instant: string): string {
  if (!isInstant(instant)) return instant;
  const { date, time } = calendarLondonDateTime(instant);
  return `${longDate(date)} at ${time.slice(0, 5)}`;
}
