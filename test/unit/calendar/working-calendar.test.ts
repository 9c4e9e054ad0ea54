import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  CalendarRangeError,
  dayOfWeek,
  englandAndWales,
  workingCalendar,
} from '../../../workflows/calendar/index.js';

const RANGE = '(2010-01-01 to 2030-12-31)';

/** Working days in (from, to], counted one day at a time: a slow, obvious oracle. */
function countWorkingDays(from: string, to: string): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (englandAndWales.isWorkingDay(day)) count++;
  }
  return count;
}

const dateIn2010To2029 = fc
  .date({
    min: new Date('2010-01-01T00:00:00Z'),
    max: new Date('2029-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((instant) => instant.toISOString().slice(0, 10));

// Going back needs a working day on or before d inside the data: the first is 2010-01-04.
const dateFromFirstWorkingDay = fc
  .date({
    min: new Date('2010-01-04T00:00:00Z'),
    max: new Date('2029-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((instant) => instant.toISOString().slice(0, 10));

describe('englandAndWales.isWorkingDay', () => {
  it.each([
    ['2017-01-02', false, 'New Year substitute Monday'],
    ['2017-01-03', true, 'ordinary Tuesday'],
    ['2017-01-07', false, 'Saturday'],
    ['2017-01-08', false, 'Sunday'],
    ['2017-04-14', false, 'Good Friday'],
    ['2017-04-17', false, 'Easter Monday'],
    ['2011-04-29', false, 'Royal wedding'],
    ['2012-05-28', true, 'last Monday in May 2012, spring holiday moved'],
    ['2012-06-04', false, 'moved spring bank holiday'],
    ['2012-06-05', false, 'Diamond Jubilee'],
    ['2020-05-04', true, 'first Monday in May 2020, early May holiday moved'],
    ['2020-05-08', false, 'VE day early May bank holiday'],
    ['2022-05-30', true, 'last Monday in May 2022, spring holiday moved'],
    ['2022-06-02', false, 'moved spring bank holiday'],
    ['2022-06-03', false, 'Platinum Jubilee'],
    ['2022-09-19', false, 'State Funeral'],
    ['2023-05-08', false, 'Coronation'],
    ['2010-01-01', false, 'first covered day, a holiday'],
    ['2030-12-31', true, 'last covered day'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    // act
    const result = englandAndWales.isWorkingDay(date);
    // assess
    expect(result).toBe(expected);
  });

  it.each(['2009-12-31', '2009-06-15', '2031-01-01'])('%s is outside coverage', (date) => {
    // act
    const act = () => englandAndWales.isWorkingDay(date);
    // assess
    expect(act).toThrow(CalendarRangeError);
    expect(act).toThrow(`${date} is outside the bank-holiday data ${RANGE}`);
  });

  it('refuses an invalid date with an ordinary error, not a range error', () => {
    // act
    let error: unknown;
    try {
      englandAndWales.isWorkingDay('2017-02-29');
    } catch (caught) {
      error = caught;
    }
    // assess
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CalendarRangeError);
    expect(String(error)).toContain('2017-02-29');
  });

  it('covers exactly 2010-01-01 to 2030-12-31', () => {
    // act
    const { first, last } = englandAndWales;
    // assess
    expect([first, last]).toEqual(['2010-01-01', '2030-12-31']);
  });
});

describe('englandAndWales.addWorkingDays', () => {
  it.each([
    // worked examples from the design
    ['2017-01-02', 20, '2017-01-30', 'starts on a substitute day, which is not counted'],
    ['2017-04-10', 15, '2017-05-04', 'Easter and early May skipped'],
    ['2017-12-19', 5, '2017-12-28', 'Christmas and Boxing Day skipped'],
    ['2017-12-28', 5, '2018-01-05', 'New Year skipped'],
    // Easter
    ['2017-04-13', 1, '2017-04-18', 'Thursday before Good Friday'],
    ['2017-04-13', -1, '2017-04-12', 'Easter week, backwards'],
    ['2017-04-18', -1, '2017-04-13', 'Tuesday after Easter Monday, backwards'],
    ['2024-03-28', 1, '2024-04-02', 'Easter in March'],
    // Christmas and New Year, with substitute days
    ['2010-12-24', 1, '2010-12-29', 'Christmas on Saturday: two substitute days'],
    ['2010-12-29', -1, '2010-12-24', 'two substitute days, backwards'],
    ['2015-12-24', 1, '2015-12-29', 'Boxing Day on Saturday: substitute Monday'],
    ['2016-12-23', 1, '2016-12-28', 'Christmas on Sunday: substitute Tuesday'],
    ['2018-01-02', -3, '2017-12-27', 'back over New Year and a weekend'],
    ['2010-12-31', 1, '2011-01-04', 'New Year on Saturday: substitute Monday'],
    ['2011-01-04', -1, '2010-12-31', 'New Year substitute, backwards'],
    ['2021-12-31', 1, '2022-01-04', 'New Year 2022 on Saturday'],
    ['2022-12-30', 1, '2023-01-03', 'New Year 2023 on Sunday'],
    ['2027-12-24', 1, '2027-12-29', 'Christmas 2027 on Saturday'],
    // one-off days
    ['2011-04-28', 1, '2011-05-03', 'Royal wedding then early May'],
    ['2011-04-21', 4, '2011-05-03', 'Easter, Royal wedding and early May'],
    ['2011-05-03', -1, '2011-04-28', 'Royal wedding, backwards'],
    ['2012-05-25', 1, '2012-05-28', 'last Monday in May 2012 was a working day'],
    ['2012-06-01', 1, '2012-06-06', 'moved spring holiday and Diamond Jubilee'],
    ['2012-06-06', -1, '2012-06-01', 'Diamond Jubilee, backwards'],
    ['2020-05-01', 1, '2020-05-04', 'first Monday in May 2020 was a working day'],
    ['2020-05-07', 1, '2020-05-11', 'VE day Friday'],
    ['2020-05-11', -1, '2020-05-07', 'VE day Friday, backwards'],
    ['2022-05-27', 1, '2022-05-30', 'last Monday in May 2022 was a working day'],
    ['2022-06-01', 1, '2022-06-06', 'Platinum Jubilee Thursday and Friday'],
    ['2022-06-06', -2, '2022-05-31', 'Platinum Jubilee, backwards'],
    ['2022-09-16', 1, '2022-09-20', 'State Funeral Monday'],
    ['2022-09-20', -1, '2022-09-16', 'State Funeral, backwards'],
    ['2023-05-05', 1, '2023-05-09', 'Coronation Monday'],
    ['2023-04-28', 5, '2023-05-09', 'early May and Coronation in one span'],
    ['2023-05-09', -5, '2023-04-28', 'early May and Coronation, backwards'],
    // weekends and holidays as start dates
    ['2017-01-06', 1, '2017-01-09', 'Friday to Monday'],
    ['2017-01-07', 1, '2017-01-09', 'Saturday start'],
    ['2017-01-08', 1, '2017-01-09', 'Sunday start'],
    ['2017-01-07', -1, '2017-01-06', 'Saturday start, backwards'],
    ['2017-01-08', -1, '2017-01-06', 'Sunday start, backwards'],
    ['2017-01-02', 1, '2017-01-03', 'bank holiday start'],
    ['2017-04-17', -1, '2017-04-13', 'bank holiday start, backwards'],
    ['2017-12-25', 1, '2017-12-27', 'Christmas Day start'],
    // zero
    ['2017-01-07', 0, '2017-01-07', 'zero from a Saturday is the Saturday'],
    ['2017-01-02', 0, '2017-01-02', 'zero from a holiday is the holiday'],
    // edges of coverage: the start date itself is never examined
    ['2030-12-20', 5, '2030-12-31', 'reaches the last covered day'],
    ['2009-12-31', 1, '2010-01-04', 'starts the day before coverage'],
    ['2031-01-01', -1, '2030-12-31', 'starts the day after coverage'],
  ])('%s %+i working days = %s (%s)', (date, n, expected) => {
    // act
    const result = englandAndWales.addWorkingDays(date, n);
    // assess
    expect(result).toBe(expected);
  });

  it.each([
    ['2030-12-20', 10, '2031-01-01'],
    ['2030-12-31', 1, '2031-01-01'],
    ['2009-06-01', 1, '2009-06-02'],
    ['2009-06-01', -1, '2009-05-31'],
    ['2010-01-05', -2, '2009-12-31'],
    ['2031-06-01', -1, '2031-05-31'],
  ])('%s %+i working days needs %s, outside coverage', (date, n, missing) => {
    // act
    let error: unknown;
    try {
      englandAndWales.addWorkingDays(date, n);
    } catch (caught) {
      error = caught;
    }
    // assess
    expect(error).toBeInstanceOf(CalendarRangeError);
    expect((error as CalendarRangeError).date).toBe(missing);
    expect((error as CalendarRangeError).message).toBe(
      `${missing} is outside the bank-holiday data ${RANGE}`,
    );
  });

  it.each([
    ['2017-02-29', 1],
    ['2017-1-01', 1],
    ['2017-01-03', 1.5],
    ['2017-01-03', Number.NaN],
  ])('refuses %s %+d', (date, n) => {
    // act
    const act = () => englandAndWales.addWorkingDays(date, n);
    // assess
    expect(act).toThrow(RangeError);
  });

  it('lands n working days after d, on a working day, for random d and n', () => {
    fc.assert(
      fc.property(dateIn2010To2029, fc.integer({ min: 0, max: 60 }), (date, n) => {
        // act
        const result = englandAndWales.addWorkingDays(date, n);
        // assess
        if (n === 0) {
          expect(result).toBe(date);
          return;
        }
        expect(englandAndWales.isWorkingDay(result)).toBe(true);
        expect(result > date).toBe(true);
        expect(countWorkingDays(date, result)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('going back by n from a forward result lands on or before d, and on d if d is working', () => {
    fc.assert(
      fc.property(dateFromFirstWorkingDay, fc.integer({ min: 1, max: 60 }), (date, n) => {
        // prepare
        const forward = englandAndWales.addWorkingDays(date, n);
        // act
        const back = englandAndWales.addWorkingDays(forward, -n);
        // assess
        expect(back <= date).toBe(true);
        if (englandAndWales.isWorkingDay(date)) expect(back).toBe(date);
        else expect(englandAndWales.isWorkingDay(back)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('treats exactly the weekdays that are not bank holidays as working days', () => {
    // prepare
    const holidays = new Set(englandAndWales.bankHolidays().map((h) => h.date));
    fc.assert(
      fc.property(dateIn2010To2029, (date) => {
        // act
        const result = englandAndWales.isWorkingDay(date);
        // assess
        expect(result).toBe(dayOfWeek(date) <= 5 && !holidays.has(date));
      }),
      { numRuns: 500 },
    );
  });
});

describe('workingCalendar with closure days', () => {
  const shutdown = ['2017-12-27', '2017-12-28', '2017-12-29'];

  it.each([
    ['2017-12-22', 1, '2018-01-02', '2017-12-27'],
    ['2017-12-19', 5, '2018-01-03', '2017-12-28'],
    ['2018-01-02', -1, '2017-12-22', '2017-12-29'],
  ])(
    '%s %+i working days = %s with a Christmas shutdown (%s without)',
    (date, n, withClosures, without) => {
      // prepare
      const calendar = workingCalendar({ closureDays: shutdown });
      // act
      const result = calendar.addWorkingDays(date, n);
      // assess
      expect(result).toBe(withClosures);
      expect(englandAndWales.addWorkingDays(date, n)).toBe(without);
    },
  );

  it('makes closure days non-working without touching the shared calendar', () => {
    // prepare
    const calendar = workingCalendar({ closureDays: shutdown });
    // act
    const closed = shutdown.map((d) => calendar.isWorkingDay(d));
    const shared = shutdown.map((d) => englandAndWales.isWorkingDay(d));
    // assess
    expect(closed).toEqual([false, false, false]);
    expect(shared).toEqual([true, true, true]);
  });

  it('ignores closures on days that are already not working, and outside coverage', () => {
    // prepare
    const calendar = workingCalendar({ closureDays: ['2017-12-25', '2017-12-30', '2035-01-02'] });
    // act
    const result = calendar.addWorkingDays('2017-12-19', 5);
    // assess
    expect(result).toBe('2017-12-28');
  });

  it('keeps the bank holidays out of the closure list', () => {
    // prepare
    const calendar = workingCalendar({ closureDays: shutdown });
    // act
    const listed = calendar.bankHolidays().map((h) => h.date);
    // assess
    expect(listed).not.toContain('2017-12-27');
    expect(listed).toEqual(englandAndWales.bankHolidays().map((h) => h.date));
  });

  it.each(['2017-02-29', '2017-13-01', '2017-1-01', 'tomorrow', ''])(
    'rejects the closure day %j with an error naming it',
    (bad) => {
      // act
      let error: unknown;
      try {
        workingCalendar({ closureDays: ['2017-12-27', bad] });
      } catch (caught) {
        error = caught;
      }
      // assess
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(CalendarRangeError);
      expect((error as Error).message).toContain(JSON.stringify(bad));
    },
  );

  it('with no options behaves like englandAndWales', () => {
    // prepare
    const calendar = workingCalendar();
    // act
    const result = calendar.addWorkingDays('2017-12-19', 5);
    // assess
    expect(result).toBe(englandAndWales.addWorkingDays('2017-12-19', 5));
    expect(calendar.first).toBe('2010-01-01');
  });
});
