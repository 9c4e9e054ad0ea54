/**
 * Calendar dates as 'YYYY-MM-DD' strings, with arithmetic done on day numbers
 * (days since 1970-01-01) so that nothing depends on the host's time zone.
 */

/**
 * A calendar date in England, 'YYYY-MM-DD'. Plain strings so that dates survive
 * JSON untouched and compare correctly with `<`.
 */
export type LocalDate = string;

export const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to the given proleptic Gregorian date (Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link daysFromCivil}: packs year, month and day as `year * 10000 + month * 100 + day`. */
function civilFromDays(dayNumber: number): number {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of `length` ASCII digits starting at `start`, or -1 if any is not a digit. */
export function digits(value: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Day number of a valid 'YYYY-MM-DD' string, or NaN when it is not one. */
export function parseDayNumber(value: string): number {
  if (typeof value !== 'string' || value.length !== 10) return Number.NaN;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return Number.NaN;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return Number.NaN;
  }
  return daysFromCivil(year, month, day);
}

/** Day number of `date`; throws a RangeError naming the value when it is not a real date. */
export function toDayNumber(date: LocalDate): number {
  const n = parseDayNumber(date);
  if (Number.isNaN(n))
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** 'YYYY-MM-DD' for a packed year/month/day; throws when the year has no four-digit form. */
export function formatYmd(year: number, month: number, day: number): LocalDate {
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} cannot be written as YYYY`);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function fromDayNumber(dayNumber: number): LocalDate {
  const packed = civilFromDays(dayNumber);
  return formatYmd(Math.floor(packed / 10_000), Math.floor(packed / 100) % 100, packed % 100);
}

export function requireInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

/**
 * Whether `value` is exactly 'YYYY-MM-DD' and names a real date. Validates input at
 * the edges so that the arithmetic below never has to guess.
 */
export function isLocalDate(value: string): boolean {
  return !Number.isNaN(parseDayNumber(value));
}

/** Calendar-day offsets ("within 28 days"), independent of the host time zone. */
export function addDays(date: LocalDate, n: number): LocalDate {
  requireInteger(n, 'Number of days');
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * Month offsets by the corresponding-date rule used in the regulations: the same day of
 * the month, or that month's last day when it is shorter (31 August + 6 months = 28/29 February).
 */
export function addMonths(date: LocalDate, n: number): LocalDate {
  requireInteger(n, 'Number of months');
  toDayNumber(date);
  const year = digits(date, 0, 4);
  const monthIndex = year * 12 + digits(date, 5, 2) - 1 + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  const day = Math.min(digits(date, 8, 2), daysInMonth(targetYear, targetMonth));
  return formatYmd(targetYear, targetMonth, day);
}

/** ISO weekday, 1 = Monday .. 7 = Sunday, because working days are defined by it. */
export function dayOfWeek(date: LocalDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

/** ISO weekday of a day number (day 0, 1970-01-01, was a Thursday). */
export function weekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** The months' names in English, January first: the emails and the work tray write dates with them. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** The month's name (1 = January); empty for a number that is no month. */
export const monthName = (month: number): string => MONTH_NAMES[month - 1] ?? '';
