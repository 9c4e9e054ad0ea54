import data from './bank-holidays-england-and-wales.json' with { type: 'json' };
import {
  daysFromCivil,
  fromDayNumber,
  type LocalDate,
  parseDayNumber,
  requireInteger,
  toDayNumber,
  weekdayOfDayNumber,
} from './local-date.js';

/**
 * Thrown when a question needs a day the bank-holiday table does not cover: a
 * deadline computed with a guessed holiday list would be silently wrong.
 */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  /** The first day asked about that lies outside the table. */
  readonly date: LocalDate;

  constructor(date: LocalDate, first: LocalDate, last: LocalDate) {
    super(`${date} is outside the bank-holiday data (${first} to ${last})`);
    this.date = date;
  }
}

/** Working-day questions answered against one fixed holiday table (plus local closures). */
export interface WorkingCalendar {
  /** First day covered by the holiday data. */
  readonly first: LocalDate;
  /** Last day covered by the holiday data. */
  readonly last: LocalDate;
  /** Monday to Friday, not a bank holiday and not a closure day. Throws {@link CalendarRangeError} outside coverage. */
  isWorkingDay(date: LocalDate): boolean;
  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0); `date` itself is never
   * counted and never examined, so it may be a weekend, a holiday or just outside coverage.
   * Throws {@link CalendarRangeError} if a day it must examine is outside coverage.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /**
   * The working days after `from` up to and including `to` (0 when `to` is not after
   * `from`), counted from a running total rather than day by day: a list of a thousand
   * obligations asks it once each. `from` itself is never examined. Throws
   * {@link CalendarRangeError} if a day it must count is outside coverage.
   */
  workingDaysAfter(from: LocalDate, to: LocalDate): number;
  /** The shipped bank holidays, oldest first (closure days are not included). */
  bankHolidays(): readonly { date: LocalDate; title: string }[];
}

interface HolidayTable {
  readonly holidays: readonly Readonly<{ date: LocalDate; title: string }>[];
  readonly holidayDays: readonly number[];
  /** Date string of every covered day, by offset from `firstDay`: results never re-format. */
  readonly dateStrings: readonly LocalDate[];
}

const firstDay = daysFromCivil(data.firstYear, 1, 1);
const lastDay = daysFromCivil(data.lastYear, 12, 31);
const first = fromDayNumber(firstDay);
const last = fromDayNumber(lastDay);

function loadTable(): HolidayTable {
  const holidays: Readonly<{ date: LocalDate; title: string }>[] = [];
  const holidayDays: number[] = [];
  let previous = firstDay - 1;
  for (const event of data.events) {
    const day = parseDayNumber(event.date);
    if (Number.isNaN(day) || day <= previous || day > lastDay) {
      throw new Error(`Bank-holiday data is corrupt at ${JSON.stringify(event.date)}`);
    }
    previous = day;
    holidays.push(Object.freeze({ date: event.date, title: event.title }));
    holidayDays.push(day);
  }
  const dateStrings: LocalDate[] = [];
  for (let day = firstDay; day <= lastDay; day++) dateStrings.push(fromDayNumber(day));
  return { holidays: Object.freeze(holidays), holidayDays, dateStrings };
}

/** Built on the first question, not at import: a Lambda's cold start does not pay for it. */
let table: HolidayTable | undefined;
const holidayTable = () => {
  table ??= loadTable();
  return table;
};

/** A calendar's day tables: which days are working days, and how many come before each. */
interface WorkingDays {
  readonly working: Uint8Array;
  /** upTo[i] = working days in [firstDay, firstDay + i - 1]. */
  readonly upTo: Int32Array;
  /** The offsets from `firstDay` of the working days, in order. */
  readonly workingDays: readonly number[];
}

function workingDaysOf(closureDays: readonly LocalDate[]): WorkingDays {
  const size = lastDay - firstDay + 1;
  const working = new Uint8Array(size);
  for (let i = 0; i < size; i++) working[i] = weekdayOfDayNumber(firstDay + i) <= 5 ? 1 : 0;
  for (const day of holidayTable().holidayDays) working[day - firstDay] = 0;
  for (const closure of closureDays) {
    const day = parseDayNumber(closure);
    // Outside coverage a closure cannot matter: every question there throws anyway.
    if (day >= firstDay && day <= lastDay) working[day - firstDay] = 0;
  }
  const upTo = new Int32Array(size + 1);
  const workingDays: number[] = [];
  for (let i = 0; i < size; i++) {
    upTo[i + 1] = (upTo[i] ?? 0) + (working[i] ?? 0);
    if (working[i] === 1) workingDays.push(i);
  }
  return { working, upTo, workingDays };
}

/**
 * Builds a calendar with the authority's own closure days (e.g. a council shutdown
 * between Christmas and New Year) on top of the bank holidays, since deadlines in
 * "working days" are counted in the authority's working days. Closure days are checked
 * here; the day tables are built on the calendar's first question.
 */
export function workingCalendar(options?: { closureDays?: readonly LocalDate[] }): WorkingCalendar {
  const closureDays = options?.closureDays ?? [];
  for (const closure of closureDays) {
    if (Number.isNaN(parseDayNumber(closure))) {
      throw new Error(
        `Closure day is not a calendar date (YYYY-MM-DD): ${JSON.stringify(closure)}`,
      );
    }
  }
  let days: WorkingDays | undefined;
  const tables = () => {
    days ??= workingDaysOf(closureDays);
    return days;
  };

  const outside = (day: number): CalendarRangeError =>
    new CalendarRangeError(fromDayNumber(day), first, last);
  const dateAt = (offset: number) =>
    holidayTable().dateStrings[offset] ?? fromDayNumber(firstDay + offset);

  return Object.freeze({
    first,
    last,
    isWorkingDay(date: LocalDate): boolean {
      const day = toDayNumber(date);
      if (day < firstDay || day > lastDay) throw outside(day);
      return tables().working[day - firstDay] === 1;
    },
    addWorkingDays(date: LocalDate, n: number): LocalDate {
      requireInteger(n, 'Number of working days');
      const day = toDayNumber(date);
      if (n === 0) return date;
      const { upTo, workingDays } = tables();
      if (n > 0) {
        const next = day + 1;
        if (next < firstDay || next > lastDay) throw outside(next);
        const index = (upTo[next - firstDay] ?? 0) + n - 1;
        const offset = workingDays[index];
        if (offset === undefined) throw outside(lastDay + 1);
        return dateAt(offset);
      }
      const previous = day - 1;
      if (previous < firstDay || previous > lastDay) throw outside(previous);
      const index = (upTo[previous - firstDay + 1] ?? 0) + n;
      const offset = index >= 0 ? workingDays[index] : undefined;
      if (offset === undefined) throw outside(firstDay - 1);
      return dateAt(offset);
    },
    workingDaysAfter(from: LocalDate, to: LocalDate): number {
      const start = toDayNumber(from) + 1;
      const end = toDayNumber(to);
      if (end < start) return 0;
      if (start < firstDay) throw outside(start);
      if (end > lastDay) throw outside(end);
      const { upTo } = tables();
      return (upTo[end - firstDay + 1] ?? 0) - (upTo[start - firstDay] ?? 0);
    },
    bankHolidays() {
      return holidayTable().holidays;
    },
  });
}

/** The bank holidays alone: what most callers want. */
export const englandAndWales: WorkingCalendar = workingCalendar();
