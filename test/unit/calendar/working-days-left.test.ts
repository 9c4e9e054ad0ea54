/**
 * Working days left before an obligation falls due, as the work tray shows them, and
 * the day a dispute escalates by itself: worked by hand against the 2017 calendar.
 */
import { describe, expect, it } from 'vitest';
import {
  CalendarRangeError,
  englandAndWales,
  workingCalendar,
} from '../../../workflows/calendar/index.js';
import { automaticEscalationOn } from '../../../workflows/disputes/rules.js';
import { workingDaysBetween, workingDaysLeft } from '../../../workflows/obligations.js';

describe('workingDaysLeft', () => {
  it.each([
    // [due, today, expected, the working]
    ['2017-03-08', '2017-03-06', 2, 'Tue 7, Wed 8'],
    ['2017-03-06', '2017-03-06', 0, 'due today'],
    ['2017-03-13', '2017-03-10', 1, 'Fri to Mon: only Mon 13'],
    ['2017-03-13', '2017-03-11', 1, 'from a Saturday: Mon 13'],
    ['2017-04-18', '2017-04-13', 1, 'Good Friday 14 and Easter Monday 17 skipped: Tue 18'],
    ['2017-03-01', '2017-03-06', -3, 'overdue by Thu 2, Fri 3, Mon 6'],
    ['2017-03-03', '2017-03-04', -1, 'a Friday deadline on the Saturday: at least 1'],
    ['2017-03-03', '2017-03-06', -1, 'the Friday deadline on Monday: Mon 6'],
    [
      '2017-03-23T10:00:00+00:00',
      '2017-03-21',
      2,
      'an instant counts by its London date: Wed 22, Thu 23',
    ],
  ])('due %s on %s: %i (%s)', (due, today, expected) => {
    expect(workingDaysLeft(due, today, englandAndWales)).toBe(expected);
  });

  it("counts the council's closure days out", () => {
    // Mon 6 to Wed 8 March with Tue 7 closed: only Wed 8.
    const closed = workingCalendar({ closureDays: ['2017-03-07'] });
    expect(workingDaysLeft('2017-03-08', '2017-03-06', closed)).toBe(1);
  });

  it('gives nothing outside the bank-holiday data rather than a guess', () => {
    expect(workingDaysLeft('2031-01-10', '2030-12-20', englandAndWales)).toBeUndefined();
    expect(workingDaysLeft('2009-12-20', '2010-01-10', englandAndWales)).toBeUndefined();
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2017-03-01', '2017-03-06', 3, 'Thu 2, Fri 3, Mon 6'],
    ['2017-03-06', '2017-03-06', 0, 'the same day'],
    ['2017-03-06', '2017-03-01', 0, 'backwards'],
  ])('after %s up to %s: %i (%s)', (from, to, expected) => {
    expect(workingDaysBetween(from, to, englandAndWales)).toBe(expected);
  });
});

describe('WorkingCalendar.workingDaysAfter', () => {
  it('counts as a day-by-day count does, from every week of 2016 and 2017, 0 to 40 days on', () => {
    // Prepare: each day from 2016-01-01, and the day 0 to 40 days later.
    const dayByDay = (from: string, to: string) => {
      let n = 0;
      for (let d = new Date(`${from}T00:00:00Z`); ; ) {
        d.setUTCDate(d.getUTCDate() + 1);
        const day = d.toISOString().slice(0, 10);
        if (day > to) return n;
        if (englandAndWales.isWorkingDay(day)) n++;
      }
    };
    const start = new Date('2016-01-01T00:00:00Z');
    for (let i = 0; i < 730; i += 7) {
      const from = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      for (let span = 0; span <= 40; span += 3) {
        const to = new Date(start.getTime() + (i + span) * 86_400_000).toISOString().slice(0, 10);
        // Act and assess
        expect(englandAndWales.workingDaysAfter(from, to)).toBe(dayByDay(from, to));
      }
    }
  });

  it.each([
    [
      '2016-12-23',
      '2017-01-03',
      4,
      'Wed 28, Thu 29, Fri 30 Dec, Tue 3 Jan (Mon 26, Tue 27, Mon 2 holidays)',
    ],
    ['2017-03-06', '2017-03-06', 0, 'nothing after a day up to itself'],
    ['2009-12-31', '2010-01-05', 2, 'from the day before the data: Fri 1 a holiday; Mon 4, Tue 5'],
  ])('after %s up to %s: %i (%s)', (from, to, expected) => {
    expect(englandAndWales.workingDaysAfter(from, to)).toBe(expected);
  });

  it('refuses a day outside the bank-holiday data', () => {
    expect(() => englandAndWales.workingDaysAfter('2030-12-20', '2031-01-10')).toThrow(
      CalendarRangeError,
    );
    expect(() => englandAndWales.workingDaysAfter('2009-12-20', '2010-01-10')).toThrow(
      CalendarRangeError,
    );
  });
});

describe('automaticEscalationOn', () => {
  it.each([
    [1, '2017-03-08', '2017-03-09'],
    [4, '2017-12-29', '2017-12-30'],
    [5, '2017-03-13', undefined],
  ] as const)('stage %i due %s escalates on %s', (stage, due, expected) => {
    expect(automaticEscalationOn(stage, due)).toBe(expected);
  });
});
