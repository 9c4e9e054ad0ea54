/**
 * Instants and London wall-clock time. The only time-zone knowledge used is the UTC
 * offset that ICU (via Intl) reports for Europe/London; everything else is arithmetic.
 */
import {
  digits,
  fromDayNumber,
  type LocalDate,
  MS_PER_DAY,
  parseDayNumber,
  toDayNumber,
} from './local-date.js';

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Epoch millis of an instant string, or NaN when it is not a valid one. */
function parseInstant(value: string): number {
  if (typeof value !== 'string') return Number.NaN;
  const m = INSTANT.exec(value);
  if (m === null) return Number.NaN;
  const day = parseDayNumber(value.slice(0, 10));
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(`${m[7]}00`.slice(0, 3));
  const offsetHours = m[9] === undefined ? 0 : Number(m[9]);
  const offsetMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (Number.isNaN(day) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  if (offsetHours > 23 || offsetMinutes > 59) return Number.NaN;
  const offset = (m[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * MS_PER_MINUTE;
  return (
    day * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis - offset
  );
}

/**
 * Whether `value` is an ISO 8601 date-time with an explicit offset ('Z' or ±hh:mm) and a
 * real date and time. Without an offset a time is ambiguous, so such values are refused.
 * Fractions of a second may have up to 9 digits; they are truncated to milliseconds.
 */
export function isInstant(value: string): boolean {
  return !Number.isNaN(parseInstant(value));
}

/** Epoch milliseconds, for ordering and comparing instants written with different offsets. */
export function toEpochMillis(instant: string): number {
  const ms = parseInstant(instant);
  if (Number.isNaN(ms))
    throw new RangeError(`Not an ISO 8601 instant with offset: ${JSON.stringify(instant)}`);
  return ms;
}

// Created once, on first use: constructing a DateTimeFormat loads the zone's rules
// (milliseconds, a large part of a cold start), using one costs far less.
let offsetFormat: Intl.DateTimeFormat | undefined;

/** 'GMT', 'GMT+01:00' or 'GMT-00:01:15' (local mean time, before 1847) to milliseconds. */
function parseGmtOffset(text: string): number {
  if (text === 'GMT' || text === 'UTC') return 0;
  const sign = text.charCodeAt(3) === 45 || text.charCodeAt(3) === 0x2212 ? -1 : 1;
  const hours = digits(text, 4, 2);
  const minutes = digits(text, 7, 2);
  const seconds = text.length > 9 ? digits(text, 10, 2) : 0;
  if (hours < 0 || minutes < 0 || seconds < 0)
    throw new Error(`Unexpected offset from Intl: ${text}`);
  return sign * ((hours * 60 + minutes) * MS_PER_MINUTE + seconds * 1000);
}

function intlOffset(ms: number): number {
  offsetFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    timeZoneName: 'longOffset',
  });
  for (const part of offsetFormat.formatToParts(ms)) {
    if (part.type === 'timeZoneName') return parseGmtOffset(part.value);
  }
  throw new Error('Intl gave no time-zone offset for Europe/London');
}

// Since 1900 London has only changed offset on the hour (UTC), so one lookup per UTC hour
// answers every instant in it. The cache is bounded by being cleared when it fills up.
const CACHE_FROM = Date.UTC(1900, 0, 1);
const CACHE_LIMIT = 100_000;
const offsetCache = new Map<number, number>();

/** London's UTC offset in milliseconds at an instant. */
function londonOffset(ms: number): number {
  if (ms < CACHE_FROM) return intlOffset(ms);
  const hour = Math.floor(ms / MS_PER_HOUR);
  let offset = offsetCache.get(hour);
  if (offset === undefined) {
    offset = intlOffset(hour * MS_PER_HOUR);
    if (offsetCache.size >= CACHE_LIMIT) offsetCache.clear();
    offsetCache.set(hour, offset);
  }
  return offset;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatTime(msOfDay: number): string {
  const seconds = Math.floor(msOfDay / 1000);
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/**
 * The London date and wall-clock time ('HH:MM:SS', fractions dropped) of an instant,
 * because statutory days and "same time of day" rules are about what clocks in England showed.
 */
export function londonDateTime(instant: string): { date: LocalDate; time: string } {
  const ms = toEpochMillis(instant);
  const local = ms + londonOffset(ms);
  const day = Math.floor(local / MS_PER_DAY);
  return { date: fromDayNumber(day), time: formatTime(local - day * MS_PER_DAY) };
}

/** The London calendar date of an instant: the date an event "happened on" in England. */
export function londonDate(instant: string): LocalDate {
  const ms = toEpochMillis(instant);
  return fromDayNumber(Math.floor((ms + londonOffset(ms)) / MS_PER_DAY));
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function formatOffset(offset: number): string {
  if (offset % MS_PER_MINUTE !== 0) {
    throw new RangeError(
      'London offsets before 1848 (local mean time) cannot be written as ±hh:mm',
    );
  }
  const minutes = Math.abs(offset) / MS_PER_MINUTE;
  return `${offset < 0 ? '-' : '+'}${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/**
 * The instant when London clocks show `time` ('HH:MM' or 'HH:MM:SS') on `date`, written
 * with London's offset ('+00:00' or '+01:00', never 'Z') so people reading it see local time.
 * A time skipped when clocks go forward moves on by the gap (01:30 becomes 02:30 BST); a
 * time that happens twice when clocks go back means its first occurrence (BST).
 */
export function londonInstant(date: LocalDate, time: string): string {
  const day = toDayNumber(date);
  const m = TIME.exec(time);
  const hour = m === null ? -1 : Number(m[1]);
  const minute = m === null ? -1 : Number(m[2]);
  const second = m?.[3] === undefined ? 0 : Number(m[3]);
  if (hour < 0 || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`Not a wall-clock time (HH:MM or HH:MM:SS): ${JSON.stringify(time)}`);
  }
  // The wall-clock reading as if it were UTC; the instant is wall - offset(instant).
  const wall = day * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000;
  // London never changes offset twice within a day, so the offsets a day either side are
  // the only candidates.
  const before = londonOffset(wall - MS_PER_DAY);
  const after = londonOffset(wall + MS_PER_DAY);
  const fitsBefore = londonOffset(wall - before) === before;
  const fitsAfter = after !== before && londonOffset(wall - after) === after;
  let instant: number;
  if (fitsBefore && fitsAfter) {
    // An autumn fold: the earlier instant is the one read with the larger offset (BST).
    instant = wall - Math.max(before, after);
  } else if (fitsAfter) {
    instant = wall - after;
  } else {
    // Either unambiguous with the earlier offset, or in a spring gap: reading the time with
    // the offset in force before the gap lands as far past the change as the gap is long.
    instant = wall - before;
  }
  const offset = londonOffset(instant);
  const local = instant + offset;
  const localDay = Math.floor(local / MS_PER_DAY);
  return `${fromDayNumber(localDay)}T${formatTime(local - localDay * MS_PER_DAY)}${formatOffset(offset)}`;
}
