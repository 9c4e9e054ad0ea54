import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayOfWeek, isLocalDate } from '../../../workflows/calendar/index.js';

const pad2 = (n: number): string => String(n).padStart(2, '0');

describe('isLocalDate', () => {
  it.each(['2016-02-29', '2000-02-29', '2017-12-31', '2017-01-01', '2017-04-30'])(
    'accepts %s',
    (value) => {
      // act
      const result = isLocalDate(value);
      // assess
      expect(result).toBe(true);
    },
  );

  it.each([
    ['2017-02-29', 'not a leap year'],
    ['1900-02-29', 'century that is not a leap year'],
    ['2017-13-01', 'month 13'],
    ['2017-00-10', 'month 0'],
    ['2017-04-31', 'April has 30 days'],
    ['2017-01-00', 'day 0'],
    ['2017-1-01', 'one-digit month'],
    ['2017-01-1', 'one-digit day'],
    ['20170101', 'no separators'],
    ['2017/01/01', 'wrong separators'],
    [' 2017-01-01', 'leading space'],
    ['2017-01-01T00:00', 'a date-time'],
    ['2017-01-1a', 'a letter'],
    ['', 'empty'],
  ])('rejects %s (%s)', (value) => {
    // act
    const result = isLocalDate(value);
    // assess
    expect(result).toBe(false);
  });
});

describe('addDays', () => {
  it.each([
    ['2017-06-01', 28, '2017-06-29'],
    ['2017-12-28', 4, '2018-01-01'],
    ['2016-02-28', 1, '2016-02-29'],
    ['2017-02-28', 1, '2017-03-01'],
    ['2017-03-01', -1, '2017-02-28'],
    ['2017-03-25', 2, '2017-03-27'],
    ['1999-12-31', 1, '2000-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['2017-05-10', 0, '2017-05-10'],
    ['2017-01-01', 365, '2018-01-01'],
    ['2016-01-01', 366, '2017-01-01'],
  ])('%s + %i days = %s', (date, n, expected) => {
    // act
    const result = addDays(date, n);
    // assess
    expect(result).toBe(expected);
  });

  it('refuses an invalid date rather than rolling it over', () => {
    // act
    const act = () => addDays('2017-02-29', 1);
    // assess
    expect(act).toThrow(/2017-02-29/);
  });

  it('refuses a fractional number of days', () => {
    // act
    const act = () => addDays('2017-02-01', 1.5);
    // assess
    expect(act).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it.each([
    ['2016-08-31', 6, '2017-02-28', 'month end into a short February'],
    ['2019-08-31', 6, '2020-02-29', 'month end into a leap February'],
    ['2020-02-29', 12, '2021-02-28', 'leap day into a common year'],
    ['2020-02-29', 48, '2024-02-29', 'leap day into a leap year'],
    ['2017-01-31', 1, '2017-02-28', '31st into February'],
    ['2016-01-31', 1, '2016-02-29', '31st into leap February'],
    ['1900-01-31', 1, '1900-02-28', 'century year is not leap'],
    ['2000-01-31', 1, '2000-02-29', '400-year rule is leap'],
    ['2017-01-31', 3, '2017-04-30', '31st into a 30-day month'],
    ['2017-01-30', 1, '2017-02-28', '30th into February'],
    ['2017-12-31', 2, '2018-02-28', 'across a year end'],
    ['2017-03-31', -1, '2017-02-28', 'backwards into February'],
    ['2017-05-31', -1, '2017-04-30', 'backwards into a 30-day month'],
    ['2017-01-15', -1, '2016-12-15', 'backwards across a year end'],
    ['2017-01-27', 3, '2017-04-27', 'worked example: first review + 3 months'],
    ['2017-04-20', 6, '2017-10-20', 'worked example: later review + 6 months'],
    ['2017-02-28', 0, '2017-02-28', 'zero months'],
    ['2017-02-28', 1, '2017-03-28', 'a short month does not shrink the next'],
  ])('%s + %i months = %s (%s)', (date, n, expected) => {
    // act
    const result = addMonths(date, n);
    // assess
    expect(result).toBe(expected);
  });

  it('never overflows the target month and keeps the day of the month when it exists', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -1200, max: 1200 }),
        (instant, n) => {
          // prepare
          const date = instant.toISOString().slice(0, 10);
          const [year, month, day] = date.split('-').map(Number) as [number, number, number];
          const index = year * 12 + month - 1 + n;
          const targetYear = Math.floor(index / 12);
          const targetMonth = (index % 12) + 1;
          const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
          // act
          const result = addMonths(date, n);
          // assess
          expect(isLocalDate(result)).toBe(true);
          expect(result.slice(0, 7)).toBe(`${targetYear}-${pad2(targetMonth)}`);
          expect(Number(result.slice(8))).toBe(Math.min(day, lastDay));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['2017-01-02', 1],
    ['2017-01-06', 5],
    ['2017-01-07', 6],
    ['2017-01-08', 7],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['2000-02-29', 2],
    ['2030-12-31', 2],
  ])('%s is day %i (1 = Monday)', (date, expected) => {
    // act
    const result = dayOfWeek(date);
    // assess
    expect(result).toBe(expected);
  });

  it('agrees with Date for random dates', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1800-01-01T00:00:00Z'),
          max: new Date('2200-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          // prepare
          const date = instant.toISOString().slice(0, 10);
          const expected = ((instant.getUTCDay() + 6) % 7) + 1;
          // act
          const result = dayOfWeek(date);
          // assess
          expect(result).toBe(expected);
        },
      ),
    );
  });
});
