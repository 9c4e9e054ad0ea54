/** The periods a report covers (figures.md sections 1 and 6), worked by hand. */
import { describe, expect, it } from 'vitest';
import {
  choosePeriod,
  earlierPeriods,
  lastFinancialYear,
  monthsOf,
} from '../../../workflows/figures/period.js';

describe('lastFinancialYear', () => {
  it.each([
    // The year ending 31 March 2017 is complete from 1 April 2017.
    ['2017-04-01', '2016-04-01', '2017-03-31'],
    ['2017-12-02', '2016-04-01', '2017-03-31'],
    // On 31 March 2017 that year is still running: the one before is the last complete.
    ['2017-03-31', '2015-04-01', '2016-03-31'],
    ['2017-01-01', '2015-04-01', '2016-03-31'],
  ])('on %s is %s to %s', (today, from, to) => {
    expect(lastFinancialYear(today)).toEqual({ from, to });
  });
});

describe('earlierPeriods', () => {
  it('steps a financial year back by years, 2016 being a leap year', () => {
    expect(earlierPeriods({ from: '2016-04-01', to: '2017-03-31' }, 2)).toEqual([
      { from: '2015-04-01', to: '2016-03-31' },
      { from: '2014-04-01', to: '2015-03-31' },
    ]);
  });

  it('steps whole months back by months, each ending on its month end', () => {
    // December to February (3 months): before it September to November, then June to August.
    expect(earlierPeriods({ from: '2016-12-01', to: '2017-02-28' }, 2)).toEqual([
      { from: '2016-09-01', to: '2016-11-30' },
      { from: '2016-06-01', to: '2016-08-31' },
    ]);
  });

  it('steps any other period back by its number of days', () => {
    // 2017-01-10 to 2017-01-19: 10 days.
    expect(earlierPeriods({ from: '2017-01-10', to: '2017-01-19' }, 1)).toEqual([
      { from: '2016-12-31', to: '2017-01-09' },
    ]);
  });
});

describe('monthsOf', () => {
  it('lists the months a period touches, clipped to it', () => {
    expect(monthsOf({ from: '2016-01-15', to: '2016-03-10' })).toEqual([
      { month: '2016-01', from: '2016-01-15', to: '2016-01-31' },
      { month: '2016-02', from: '2016-02-01', to: '2016-02-29' },
      { month: '2016-03', from: '2016-03-01', to: '2016-03-10' },
    ]);
  });
});

describe('choosePeriod, at its limits', () => {
  it('takes 10 years side by side, the most there are, and refuses 11', () => {
    expect(choosePeriod({ years: '10' }, '2017-06-01')).toMatchObject({ ok: true, years: 10 });
    expect(choosePeriod({ years: '11' }, '2017-06-01')).toEqual({
      ok: false,
      problems: [{ field: 'years', reason: 'must be a whole number from 1 to 10' }],
    });
  });

  it('takes a period of one day (to on from), and refuses to before from', () => {
    expect(choosePeriod({ from: '2017-01-10', to: '2017-01-10' }, '2017-06-01')).toMatchObject({
      ok: true,
      period: { from: '2017-01-10', to: '2017-01-10' },
    });
    expect(choosePeriod({ from: '2017-01-10', to: '2017-01-09' }, '2017-06-01')).toEqual({
      ok: false,
      problems: [{ field: 'to', reason: 'must not be before from' }],
    });
  });
});
