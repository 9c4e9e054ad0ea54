import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import data from '../../../workflows/calendar/bank-holidays-england-and-wales.json' with {
  type: 'json',
};
import { dayOfWeek, englandAndWales, isLocalDate } from '../../../workflows/calendar/index.js';

const YEARS = Array.from({ length: 21 }, (_, i) => 2010 + i);

/** Years with more than the usual eight bank holidays, and why. */
const EXTRA: Readonly<Record<number, { count: number; why: string }>> = {
  2011: { count: 9, why: 'Royal wedding' },
  2012: { count: 9, why: 'spring holiday moved and Diamond Jubilee added' },
  2022: { count: 10, why: 'spring holiday moved, Platinum Jubilee and State Funeral added' },
  2023: { count: 9, why: 'Coronation' },
};

const shipped = englandAndWales.bankHolidays();
const datesIn = (year: number): string[] =>
  shipped.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date);

describe('bank-holidays-england-and-wales.json', () => {
  it('is the england-and-wales division for 2010 to 2030', () => {
    // act
    const { division, firstYear, lastYear } = data;
    // assess
    expect({ division, firstYear, lastYear }).toEqual({
      division: 'england-and-wales',
      firstYear: 2010,
      lastYear: 2030,
    });
  });

  it('lists real dates in strictly ascending order, with GOV.UK-style notes', () => {
    // act
    const dates = data.events.map((e) => e.date);
    const notes = new Set(data.events.map((e) => e.notes));
    // assess
    expect(dates.every(isLocalDate)).toBe(true);
    expect(dates.every((d, i) => i === 0 || (dates[i - 1] ?? '') < d)).toBe(true);
    expect([...notes].sort()).toEqual(['', 'Extra bank holiday', 'Substitute day']);
  });

  it('is what englandAndWales.bankHolidays() serves', () => {
    // act
    const served = shipped.map((h) => ({ date: h.date, title: h.title }));
    // assess
    expect(served).toEqual(data.events.map((e) => ({ date: e.date, title: e.title })));
  });

  it.each(
    YEARS.map(
      (year) => [year, EXTRA[year]?.count ?? 8, EXTRA[year]?.why ?? 'a normal year'] as const,
    ),
  )('%i has %i bank holidays (%s)', (year, expected) => {
    // act
    const count = datesIn(year).length;
    // assess
    expect(count).toBe(expected);
  });

  it('puts every bank holiday on a weekday', () => {
    // act
    const onWeekends = shipped.filter((h) => dayOfWeek(h.date) > 5);
    // assess
    expect(onWeekends).toEqual([]);
  });

  it.each([
    [2010, ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28']],
    [2011, ['01-03', '04-22', '04-25', '04-29', '05-02', '05-30', '08-29', '12-26', '12-27']],
    [2012, ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26']],
    [2015, ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28']],
    [2016, ['01-01', '03-25', '03-28', '05-02', '05-30', '08-29', '12-26', '12-27']],
    [2017, ['01-02', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26']],
    [2020, ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28']],
    [2021, ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28']],
    [
      2022,
      ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
    ],
    [2023, ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26']],
    [2027, ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28']],
    [2028, ['01-03', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26']],
  ])('%i is exactly as published', (year, expected) => {
    // act
    const dates = datesIn(year);
    // assess
    expect(dates).toEqual(expected.map((md) => `${year}-${md}`));
  });

  it.each([
    ['2011-04-29', 'Royal wedding'],
    ['2012-06-05', 'Queen’s Diamond Jubilee'],
    ['2020-05-08', 'Early May bank holiday (VE day)'],
    ['2022-06-02', 'Spring bank holiday'],
    ['2022-06-03', 'Platinum Jubilee bank holiday'],
    ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
  ])('names %s "%s"', (date, title) => {
    // act
    const found = shipped.find((h) => h.date === date);
    // assess
    expect(found?.title).toBe(title);
  });
});

describe('shipped list compared with the date-holidays package', () => {
  // date-holidays (GB, ENG) lists the nominal day even when it falls on a weekend (e.g.
  // Christmas Day on Saturday 2010-12-25) next to its substitute ("Christmas Day (substitute
  // day)", substitute: true). A day off only exists on a weekday, so keep public holidays on
  // Monday to Friday; its observances (Mother's Day, Easter Sunday...) are not days off.
  const holidays = new Holidays('GB', 'ENG');
  const theirDays = (year: number): string[] =>
    holidays
      .getHolidays(year)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10))
      .filter((d) => dayOfWeek(d) <= 5)
      .sort();

  const differences = YEARS.map((year) => {
    const ours = datesIn(year);
    const theirs = theirDays(year);
    return {
      year,
      onlyShipped: ours.filter((d) => !theirs.includes(d)),
      onlyDateHolidays: theirs.filter((d) => !ours.includes(d)),
    };
  }).filter((d) => d.onlyShipped.length > 0 || d.onlyDateHolidays.length > 0);

  it('differs only in 2011 and 2012, where date-holidays is wrong', () => {
    // act
    const years = differences.map((d) => d.year);
    // assess
    expect(years).toEqual([2011, 2012]);
  });

  it('misses the 2011 Royal wedding and keeps 2012-05-28 instead of the moved 2012-06-04', () => {
    // GOV.UK: 29 April 2011 was an extra bank holiday for the Royal wedding, and in 2012
    // the spring bank holiday moved from Monday 28 May to Monday 4 June (next to the
    // Diamond Jubilee on 5 June). date-holidays 3.37 has neither change; the shipped list
    // follows GOV.UK.
    // act
    const detail = differences.map(({ year, onlyShipped, onlyDateHolidays }) => ({
      year,
      onlyShipped,
      onlyDateHolidays,
    }));
    // assess
    expect(detail).toEqual([
      { year: 2011, onlyShipped: ['2011-04-29'], onlyDateHolidays: [] },
      { year: 2012, onlyShipped: ['2012-06-04'], onlyDateHolidays: ['2012-05-28'] },
    ]);
  });
});
