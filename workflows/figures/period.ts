/**
 * The periods a report covers (figures.md sections 1 and 6): the financial year by
 * default, the same length of time before it for the years side by side, and the
 * months of a period for the month-by-month series.
 */
import { addDays, addMonths, isLocalDate, type LocalDate } from '../calendar/index.js';

/** Both dates inclusive. */
export interface Period {
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** A month of a period, clipped to it: `month` is `YYYY-MM`. */
export interface PeriodMonth extends Period {
  readonly month: string;
}

const lastDayOfMonth = (date: LocalDate): LocalDate =>
  addDays(addMonths(`${date.slice(0, 7)}-01`, 1), -1);

/**
 * The last complete financial year (1 April to 31 March) before `today`: the one that
 * ended on the last 31 March strictly before it, so a year still running on its last
 * day is not reported as if it were over.
 */
export function lastFinancialYear(today: LocalDate): Period {
  const year = Number(today.slice(0, 4));
  const endYear = today > `${year}-03-31` ? year : year - 1;
  return { from: `${endYear - 1}-04-01`, to: `${endYear}-03-31` };
}

/** Whole calendar months from `from` to `to`, or undefined when the period is not whole months. */
function wholeMonths(period: Period): number | undefined {
  if (!period.from.endsWith('-01') || lastDayOfMonth(period.to) !== period.to) return undefined;
  const months = (date: LocalDate) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  return months(period.to) - months(period.from) + 1;
}

const dayNumber = (date: LocalDate): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * The `count` periods of the same length just before `period`, nearest first. A period
 * of whole months steps back by months (a financial year by a year, leap days and all);
 * any other period steps back by its number of days.
 */
export function earlierPeriods(period: Period, count: number): Period[] {
  const months = wholeMonths(period);
  const days = dayNumber(period.to) - dayNumber(period.from) + 1;
  const earlier: Period[] = [];
  for (let n = 1; n <= count; n++) {
    earlier.push(
      months === undefined
        ? { from: addDays(period.from, -n * days), to: addDays(period.to, -n * days) }
        : {
            from: addMonths(period.from, -n * months),
            to: lastDayOfMonth(addMonths(period.from, -(n - 1) * months - 1)),
          },
    );
  }
  return earlier;
}

/** The calendar months the period touches, each clipped to the period. */
export function monthsOf(period: Period): PeriodMonth[] {
  const months: PeriodMonth[] = [];
  let start = period.from;
  while (start <= period.to) {
    const end = lastDayOfMonth(start);
    let to = end;
    if (to > period.to) to = period.to;
    months.push({ month: start.slice(0, 7), from: start, to });
    start = addDays(end, 1);
  }
  return months;
}

/** The most periods a report sets side by side. */
export const MAX_YEARS = 10;

/** A report's period as asked for: `cli report`'s options, or the API's query parameters. */
export interface PeriodRequest {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly years?: string | undefined;
}

export type PeriodField = 'from' | 'to' | 'years';

/** The period and years to report, or one problem per broken rule, each naming its field. */
export type PeriodChoice =
  | { readonly ok: true; readonly period: Period; readonly years: number }
  | {
      readonly ok: false;
      readonly problems: readonly { readonly field: PeriodField; readonly reason: string }[];
    };

/**
 * Checks a requested period: `from` and `to` real dates given together, `to` not before
 * `from`, `years` a whole number from 1 to {@link MAX_YEARS} (default 3, the annual
 * report's). Without dates, the last complete financial year before `today`. `name`
 * writes a field as the caller shows it (`--from` on the command line). The reasons
 * never repeat the value sent.
 */
export function choosePeriod(
  request: PeriodRequest,
  today: LocalDate,
  name: (field: PeriodField) => string = (field) => field,
): PeriodChoice {
  const problems: { field: PeriodField; reason: string }[] = [];
  const { from, to } = request;
  const given = from !== undefined || to !== undefined;
  const date = (field: 'from' | 'to', other: 'from' | 'to') => {
    const value = request[field];
    if (value !== undefined && isLocalDate(value)) return value;
    problems.push({
      field,
      reason: `must be a real date written YYYY-MM-DD, given with ${name(other)}`,
    });
    return undefined;
  };
  const fromDate = given ? date('from', 'to') : undefined;
  const toDate = given ? date('to', 'from') : undefined;
  if (fromDate !== undefined && toDate !== undefined && toDate < fromDate) {
    problems.push({ field: 'to', reason: `must not be before ${name('from')}` });
  }
  const years = Number(request.years ?? '3');
  if (!/^\d+$/.test(request.years ?? '3') || years < 1 || years > MAX_YEARS) {
    problems.push({ field: 'years', reason: `must be a whole number from 1 to ${MAX_YEARS}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const period =
    fromDate !== undefined && toDate !== undefined
      ? { from: fromDate, to: toDate }
      : lastFinancialYear(today);
  return { ok: true, period, years };
}
