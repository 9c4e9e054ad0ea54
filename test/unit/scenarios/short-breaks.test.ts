/**
 * Short breaks (CPPCR 2010 reg 48; timescales.md 3.6): a child placed in a series of
 * short breaks is not looked after; the case is first reviewed within 3 months of the
 * first break, then at most every 6 months, until the arrangement ends. Expected dates
 * are worked by hand with the corresponding-date rule of timescales.md 1.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { HistoryError, plan } from '../../../workflows/plan.js';
import { ev, openOf } from './support.js';

const C = 'SB1';
const started = (date: string): CaseEvent => ({ type: 'ShortBreaksStarted', childId: C, date });
const ended = (date: string): CaseEvent => ({ type: 'ShortBreaksEnded', childId: C, date });

describe('short-breaks-review (CPPCR 2010 reg 48)', () => {
  it.each([
    ['2019-01-31', '2019-04-30'],
    ['2019-11-30', '2020-02-29'],
    ['2019-05-02', '2019-08-02'],
  ])('first short break on %s: first review within 3 months, by %s', (on, due) => {
    expect(openOf([started(on)], on, 'short-breaks-review')).toEqual([
      { kind: 'short-breaks-review', subjectId: C, due, overdue: false },
    ]);
  });

  it('a child with two reviews: each next review within 6 months of the last', () => {
    // Started 2019-02-04; reviews 2019-04-26 (within 3 months: by 2019-05-04) and
    // 2019-10-21 (within 6 months of 04-26: by 2019-10-26); next by 2020-04-21.
    const events = [
      started('2019-02-04'),
      ev.lacReview(C, '2019-04-26'),
      ev.lacReview(C, '2019-10-21'),
    ];

    expect(openOf(events, '2019-04-26', 'short-breaks-review')).toEqual([
      { kind: 'short-breaks-review', subjectId: C, due: '2019-10-26', overdue: false },
    ]);
    expect(openOf(events, '2020-04-22', 'short-breaks-review')).toEqual([
      { kind: 'short-breaks-review', subjectId: C, due: '2020-04-21', overdue: true },
    ]);
    // Not looked after: no regulation 33 clock.
    expect(openOf(events, '2019-10-21', 'lac-review')).toEqual([]);
  });

  it('the arrangement ending closes the clock, and a review after it is refused', () => {
    const events = [started('2019-02-04'), ended('2019-03-01')];
    expect(openOf(events, '2019-03-01', 'short-breaks-review')).toEqual([]);
    expect(() => plan([...events, ev.lacReview(C, '2019-03-05')], '2019-03-05')).toThrow(
      HistoryError,
    );
  });

  it('becoming looked after during an arrangement runs the two clocks side by side', () => {
    // Breaks from 2019-02-04; looked after from Mon 2019-03-04 (first review within 20
    // working days: 5-8 Mar (4), 11-15 (9), 18-22 (14), 25-29 (19), 1 Apr (20) = 2019-04-01).
    const events = [started('2019-02-04'), ev.becameLookedAfter(C, '2019-03-04')];
    expect(openOf(events, '2019-03-04', 'short-breaks-review')).toEqual([
      { kind: 'short-breaks-review', subjectId: C, due: '2019-05-04', overdue: false },
    ]);
    expect(openOf(events, '2019-03-04', 'lac-review')).toEqual([
      { kind: 'lac-review', subjectId: C, due: '2019-04-01', overdue: false },
    ]);
  });

  it('a second start while an arrangement runs, or an end with none, is a contradiction', () => {
    expect(() => plan([started('2019-02-04'), started('2019-03-04')], '2019-03-04')).toThrow(
      HistoryError,
    );
    expect(() => plan([ended('2019-03-04')], '2019-03-04')).toThrow(HistoryError);
  });
});
