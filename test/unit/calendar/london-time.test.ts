import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  englandAndWales,
  isInstant,
  londonDate,
  londonDateTime,
  londonInstant,
  toEpochMillis,
} from '../../../workflows/calendar/index.js';

const HOUR = 3_600_000;

/** Writes epoch millis with a given offset in minutes, using Date only (independent oracle). */
function writeInstant(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

describe('isInstant', () => {
  it.each([
    '2017-03-27T10:00:00+01:00',
    '2017-03-27T10:00:00Z',
    '2017-03-27T10:00Z',
    '2017-03-27T10:00:00.123Z',
    '2017-03-27T10:00:00.123456+00:00',
    '2017-03-27T10:00:00+05:30',
    '2017-03-27T10:00:00-08:00',
    '2016-02-29T23:59:59Z',
  ])('accepts %s', (value) => {
    // act
    const result = isInstant(value);
    // assess
    expect(result).toBe(true);
  });

  it.each([
    ['2017-03-27T10:00:00', 'no offset'],
    ['2017-03-27', 'a date'],
    ['2017-02-29T10:00:00Z', 'no such date'],
    ['2017-03-27T24:00:00Z', 'hour 24'],
    ['2017-03-27T10:60:00Z', 'minute 60'],
    ['2017-03-27T10:00:60Z', 'second 60'],
    ['2017-03-27 10:00:00Z', 'space instead of T'],
    ['2017-03-27T10:00:00+0100', 'offset without colon'],
    ['2017-03-27T10:00:00+24:00', 'offset hour 24'],
    ['2017-03-27T10:00:00z', 'lower-case z'],
    ['2017-03-27T10Z', 'hour only'],
    ['2017-03-27T10:00:00.Z', 'empty fraction'],
  ])('rejects %s (%s)', (value) => {
    // act
    const result = isInstant(value);
    // assess
    expect(result).toBe(false);
  });
});

describe('toEpochMillis', () => {
  it.each([
    ['2017-03-27T10:00:00+01:00', Date.UTC(2017, 2, 27, 9)],
    ['2017-03-27T10:00:00Z', Date.UTC(2017, 2, 27, 10)],
    ['2017-03-27T10:00+05:30', Date.UTC(2017, 2, 27, 4, 30)],
    ['2017-03-27T20:00:00-08:00', Date.UTC(2017, 2, 28, 4)],
    ['2017-03-27T10:00:00.5Z', Date.UTC(2017, 2, 27, 10, 0, 0, 500)],
    ['2017-03-27T10:00:00.123456Z', Date.UTC(2017, 2, 27, 10, 0, 0, 123)],
    ['2017-03-27T10:00:00.999999999Z', Date.UTC(2017, 2, 27, 10, 0, 0, 999)],
  ])('%s is %i', (instant, expected) => {
    // act
    const result = toEpochMillis(instant);
    // assess
    expect(result).toBe(expected);
  });

  it('refuses a date-time without an offset', () => {
    // act
    const act = () => toEpochMillis('2017-03-27T10:00:00');
    // assess
    expect(act).toThrow(/2017-03-27T10:00:00/);
  });
});

describe('londonDateTime and londonDate', () => {
  it.each([
    // clocks go forward 2017-03-26 at 01:00 GMT
    ['2017-03-26T00:59:59Z', '2017-03-26', '00:59:59'],
    ['2017-03-26T01:00:00Z', '2017-03-26', '02:00:00'],
    // clocks go back 2017-10-29 at 01:00 GMT (02:00 BST)
    ['2017-10-29T00:59:59Z', '2017-10-29', '01:59:59'],
    ['2017-10-29T01:00:00Z', '2017-10-29', '01:00:00'],
    ['2022-03-27T00:30:00Z', '2022-03-27', '00:30:00'],
    ['2022-03-27T01:30:00Z', '2022-03-27', '02:30:00'],
    ['2022-10-30T00:30:00Z', '2022-10-30', '01:30:00'],
    ['2022-10-30T01:30:00Z', '2022-10-30', '01:30:00'],
    // dates roll over at London midnight, not UTC midnight
    ['2017-06-30T23:30:00Z', '2017-07-01', '00:30:00'],
    ['2017-12-31T23:30:00Z', '2017-12-31', '23:30:00'],
    // other offsets
    ['2017-06-01T05:00:00+05:30', '2017-06-01', '00:30:00'],
    ['2017-01-01T00:15:00+05:30', '2016-12-31', '18:45:00'],
    ['2017-06-01T20:00:00-05:00', '2017-06-02', '02:00:00'],
    ['2017-03-27T10:00:00+01:00', '2017-03-27', '10:00:00'],
    ['2017-03-27T10:00+01:00', '2017-03-27', '10:00:00'],
    ['2017-03-27T09:00:00.999Z', '2017-03-27', '10:00:00'],
  ])('%s is %s %s in London', (instant, date, time) => {
    // act
    const result = londonDateTime(instant);
    const dateOnly = londonDate(instant);
    // assess
    expect(result).toEqual({ date, time });
    expect(dateOnly).toBe(date);
  });

  it('refuses an invalid instant', () => {
    // act
    const act = () => londonDate('2017-02-29T10:00:00Z');
    // assess
    expect(act).toThrow(RangeError);
  });
});

describe('londonInstant', () => {
  it.each([
    ['2017-03-23', '10:00:00', '2017-03-23T10:00:00+00:00', 'GMT'],
    ['2017-03-27', '10:00', '2017-03-27T10:00:00+01:00', 'BST'],
    ['2017-07-01', '00:00', '2017-07-01T00:00:00+01:00', 'BST midnight'],
    ['2017-03-26', '00:30', '2017-03-26T00:30:00+00:00', 'before the spring change'],
    ['2017-03-26', '01:00', '2017-03-26T02:00:00+01:00', 'start of the spring gap'],
    ['2017-03-26', '01:30', '2017-03-26T02:30:00+01:00', 'in the spring gap'],
    ['2017-03-26', '01:59:59', '2017-03-26T02:59:59+01:00', 'end of the spring gap'],
    ['2017-03-26', '02:00', '2017-03-26T02:00:00+01:00', 'after the spring gap'],
    ['2017-10-29', '00:59', '2017-10-29T00:59:00+01:00', 'before the autumn fold'],
    ['2017-10-29', '01:00', '2017-10-29T01:00:00+01:00', 'start of the autumn fold'],
    ['2017-10-29', '01:30', '2017-10-29T01:30:00+01:00', 'in the autumn fold'],
    ['2017-10-29', '01:59:59', '2017-10-29T01:59:59+01:00', 'end of the autumn fold'],
    ['2017-10-29', '02:00', '2017-10-29T02:00:00+00:00', 'after the autumn fold'],
    ['2022-03-27', '01:30', '2022-03-27T02:30:00+01:00', '2022 spring gap'],
    ['2022-10-30', '01:30', '2022-10-30T01:30:00+01:00', '2022 autumn fold'],
    ['2022-10-30', '02:30', '2022-10-30T02:30:00+00:00', 'after the 2022 fold'],
  ])('%s %s in London is %s (%s)', (date, time, expected) => {
    // act
    const result = londonInstant(date, time);
    // assess
    expect(result).toBe(expected);
  });

  it.each([
    ['2017-03-26', '01:30', '2017-03-26T01:30:00Z'],
    ['2017-10-29', '01:30', '2017-10-29T00:30:00Z'],
    ['2017-10-29', '02:30', '2017-10-29T02:30:00Z'],
  ])('%s %s is the instant %s', (date, time, utc) => {
    // act
    const result = toEpochMillis(londonInstant(date, time));
    // assess
    expect(result).toBe(Date.parse(utc));
  });

  it.each([
    ['2017-02-29', '10:00'],
    ['2017-03-27', '24:00'],
    ['2017-03-27', '9:00'],
    ['2017-03-27', '10:00:60'],
    ['2017-03-27', '10:00+01:00'],
  ])('refuses %s %s', (date, time) => {
    // act
    const act = () => londonInstant(date, time);
    // assess
    expect(act).toThrow(RangeError);
  });

  it('gives the conference report deadline: same London time, 2 working days before', () => {
    // prepare
    const conference = '2017-03-27T10:00:00+01:00';
    // act
    const due = londonInstant(
      englandAndWales.addWorkingDays(londonDate(conference), -2),
      londonDateTime(conference).time,
    );
    // assess
    expect(due).toBe('2017-03-23T10:00:00+00:00');
  });

  it('round-trips londonDateTime to the same instant, except the second pass through a fold', () => {
    const offsets = [0, 60, -60, 330, -480, 345, 600];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1980, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }),
        fc.constantFrom(...offsets),
        (seconds, offset) => {
          // prepare
          const ms = seconds * 1000;
          const instant = writeInstant(ms, offset);
          const wall = londonDateTime(instant);
          const hourEarlier = londonDateTime(writeInstant(ms - HOUR, 0));
          const secondPassThroughFold =
            hourEarlier.date === wall.date && hourEarlier.time === wall.time;
          // act
          const back = londonInstant(wall.date, wall.time);
          // assess
          expect(toEpochMillis(instant)).toBe(ms);
          expect(back).toMatch(/\+0[01]:00$/);
          expect(toEpochMillis(back)).toBe(secondPassThroughFold ? ms - HOUR : ms);
          expect(londonDateTime(back)).toEqual(wall);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('round-trips instants inside the 2017 and 2022 autumn folds (first pass)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(Date.UTC(2017, 9, 29, 0), Date.UTC(2022, 9, 30, 0)),
        fc.integer({ min: 0, max: 3599 }),
        (start, second) => {
          // prepare
          const ms = start + second * 1000;
          const wall = londonDateTime(writeInstant(ms, 0));
          // act
          const back = toEpochMillis(londonInstant(wall.date, wall.time));
          // assess
          expect(back).toBe(ms);
        },
      ),
    );
  });
});
