/**
 * The Figures page's period picker: a financial year, and the whole of it, one of its
 * quarters or one of its months, as the `from` and `to` the API takes
 * (`GET /reports/figures`, figures.md section 1), and the period's name in words as
 * the annual report writes it ("2016/17", "April to June 2016", "May 2016").
 */
import { daysInMonth } from '../../../workflows/calendar/local-date.js';
import { longDate, monthName } from './dates.js';

export interface Period {
  readonly from: string;
  readonly to: string;
}

/** The whole year, a quarter (`Q1` is April to June) or a month (`05` is May). */
export type Part = 'year' | 'Q1' | 'Q2' | 'Q3' | 'Q4' | string;

const two = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) =>
  `${year}-${two(month)}-${two(daysInMonth(year, month))}`;

/** The calendar year a month of the financial year starting in `start` falls in. */
const yearOfMonth = (start: number, month: number) => (month >= 4 ? start : start + 1);

/** The financial year a date falls in, by the year it starts (2017-02-01 is in 2016/17). */
export const financialYearOf = (date: string): number => {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '04-01' ? year : year - 1;
};

/** "2016/17". */
export const financialYearName = (start: number): string => `${start}/${two((start + 1) % 100)}`;

/** The parts a financial year can be shown by, in its order, each with its name. */
export function partsOf(start: number): { value: Part; label: string }[] {
  const quarters = [1, 2, 3, 4].map((q) => {
    const { from, to } = periodOf(start, `Q${q}`);
    return { value: `Q${q}`, label: `Quarter ${q}: ${periodName({ from, to })}` };
  });
  const months = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].map((m) => ({
    value: two(m),
    label: `${monthName(m)} ${yearOfMonth(start, m)}`,
  }));
  return [{ value: 'year', label: 'The whole year' }, ...quarters, ...months];
}

/** The dates of a part of the financial year starting in `start`. */
export function periodOf(start: number, part: Part): Period {
  const quarter = /^Q([1-4])$/.exec(part);
  if (quarter) {
    const first = 4 + 3 * (Number(quarter[1]) - 1);
    const month = ((first - 1) % 12) + 1;
    const year = yearOfMonth(start, month);
    return { from: `${year}-${two(month)}-01`, to: lastDay(year, month + 2) };
  }
  const month = Number(part);
  if (/^\d{2}$/.test(part) && month >= 1 && month <= 12) {
    const year = yearOfMonth(start, month);
    return { from: `${year}-${two(month)}-01`, to: lastDay(year, month) };
  }
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` };
}

/** The picker's answers for a period it can show, or undefined for one it cannot. */
export function pickerOf(period: Period): { start: number; part: Part } | undefined {
  const start = financialYearOf(period.from);
  const part = partsOf(start).find((p) => {
    const dates = periodOf(start, p.value);
    return dates.from === period.from && dates.to === period.to;
  });
  return part ? { start, part: part.value } : undefined;
}

/**
 * A period in words: a financial year as "2016/17", a quarter as "April to June 2016"
 * (or "January to March 2017"), a month as "May 2016", any other dates in full.
 */
export function periodName({ from, to }: Period): string {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  const wholeMonths = fd === 1 && to === lastDay(ty, tm);
  if (wholeMonths && fm === 4 && ty === fy + 1 && tm === 3) return financialYearName(fy);
  if (wholeMonths && fy === ty && fm === tm) return `${monthName(fm)} ${fy}`;
  if (wholeMonths && fy === ty) return `${monthName(fm)} to ${monthName(tm)} ${fy}`;
  if (wholeMonths) return `${monthName(fm)} ${fy} to ${monthName(tm)} ${ty}`;
  return `${longDate(from)} to ${longDate(to)}`;
}

/** Financial years to choose from, latest first: from the one `today` is in back to 2010/11. */
export function financialYears(today: string, earliest = 2010): number[] {
  const latest = financialYearOf(today);
  return Array.from({ length: Math.max(0, latest - earliest + 1) }, (_, i) => latest - i);
}
