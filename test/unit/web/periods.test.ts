/**
 * The Figures page's period picker: a financial year's whole, quarters and months as
 * the dates the API takes, and periods named as the annual report names them. Dates
 * worked out by hand from the calendar.
 */
import { describe, expect, it } from 'vitest';
import {
  financialYearOf,
  financialYears,
  partsOf,
  periodName,
  periodOf,
  pickerOf,
} from '../../../web/src/forms/periods.js';

describe('periodOf: the parts of financial year 2016/17', () => {
  it.each([
    ['year', '2016-04-01', '2017-03-31'],
    ['Q1', '2016-04-01', '2016-06-30'],
    ['Q2', '2016-07-01', '2016-09-30'],
    ['Q3', '2016-10-01', '2016-12-31'],
    // The fourth quarter is in the next calendar year.
    ['Q4', '2017-01-01', '2017-03-31'],
    ['04', '2016-04-01', '2016-04-30'],
    ['12', '2016-12-01', '2016-12-31'],
    // February 2017 has 28 days.
    ['02', '2017-02-01', '2017-02-28'],
  ])('%s is %s to %s', (part, from, to) => {
    expect(periodOf(2016, part)).toEqual({ from, to });
  });

  it('February 2016, in 2015/16, has 29 days', () => {
    expect(periodOf(2015, '02')).toEqual({ from: '2016-02-01', to: '2016-02-29' });
  });
});

describe('pickerOf', () => {
  it.each([
    [
      { from: '2016-04-01', to: '2017-03-31' },
      { start: 2016, part: 'year' },
    ],
    [
      { from: '2017-01-01', to: '2017-03-31' },
      { start: 2016, part: 'Q4' },
    ],
    [
      { from: '2016-05-01', to: '2016-05-31' },
      { start: 2016, part: '05' },
    ],
  ])('shows %j as %j', (period, expected) => {
    expect(pickerOf(period)).toEqual(expected);
  });

  it('cannot show a period that is not a year, quarter or month', () => {
    expect(pickerOf({ from: '2016-04-02', to: '2016-05-31' })).toBeUndefined();
  });
});

describe('periodName', () => {
  it.each([
    [{ from: '2016-04-01', to: '2017-03-31' }, '2016/17'],
    [{ from: '1999-04-01', to: '2000-03-31' }, '1999/00'],
    [{ from: '2016-04-01', to: '2016-06-30' }, 'April to June 2016'],
    [{ from: '2016-11-01', to: '2017-01-31' }, 'November 2016 to January 2017'],
    [{ from: '2016-05-01', to: '2016-05-31' }, 'May 2016'],
    [{ from: '2016-05-02', to: '2016-05-31' }, '2 May 2016 to 31 May 2016'],
  ])('%j is %s', (period, expected) => {
    expect(periodName(period)).toBe(expected);
  });

  it('lists the parts of a year, quarters named by their months', () => {
    const parts = partsOf(2016);
    expect(parts.slice(0, 5).map((p) => p.label)).toEqual([
      'The whole year',
      'Quarter 1: April to June 2016',
      'Quarter 2: July to September 2016',
      'Quarter 3: October to December 2016',
      'Quarter 4: January to March 2017',
    ]);
    // Then the twelve months, April 2016 to March 2017.
    expect(parts.slice(5).map((p) => p.label)).toHaveLength(12);
    expect(parts[5]?.label).toBe('April 2016');
    expect(parts.at(-1)?.label).toBe('March 2017');
  });
});

describe('financial years', () => {
  it.each([
    ['2017-03-31', 2016],
    ['2017-04-01', 2017],
    ['2017-01-02', 2016],
  ])('%s is in the year starting %i', (date, start) => {
    expect(financialYearOf(date)).toBe(start);
  });

  it('offers the years from the current one back to 2010/11', () => {
    // Today 2013-05-01 is in 2013/14: 2013, 2012, 2011, 2010.
    expect(financialYears('2013-05-01')).toEqual([2013, 2012, 2011, 2010]);
  });
});
