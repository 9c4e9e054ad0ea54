/**
 * The edges of counting that no fixture sat on, each worked by hand: a period of one
 * day and one of ten years, a child who ceased on the period's last day, a record due
 * on that day, a second plan exactly 24 months after the first ended, and a record's
 * obligations on their due day. Each test fails when its comparison is moved by one.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { unitFigures } from '../../../workflows/figures/figures.js';
import { choosePeriod } from '../../../workflows/figures/period.js';
import { plan } from '../../../workflows/plan.js';
import { FY2016, fx } from './fixtures.js';

const figuresOf = (events: readonly CaseEvent[]) => unitFigures(events, FY2016, {});

describe('the period a report asks for', () => {
  it('takes a period of one day: `to` on `from` is not before it', () => {
    expect(choosePeriod({ from: '2017-03-31', to: '2017-03-31' }, '2017-06-01')).toEqual({
      ok: true,
      period: { from: '2017-03-31', to: '2017-03-31' },
      years: 3,
    });
    expect(choosePeriod({ from: '2017-03-31', to: '2017-03-30' }, '2017-06-01')).toEqual({
      ok: false,
      problems: [{ field: 'to', reason: 'must not be before from' }],
    });
  });

  it('sets up to ten years side by side, and refuses eleven', () => {
    expect(choosePeriod({ years: '10' }, '2017-06-01')).toMatchObject({ ok: true, years: 10 });
    expect(choosePeriod({ years: '11' }, '2017-06-01')).toEqual({
      ok: false,
      problems: [{ field: 'years', reason: 'must be a whole number from 1 to 10' }],
    });
  });
});

describe('a child who ceased on the period’s last day', () => {
  // X and Y: looked after from Monday 2016-01-04; first review due 20 working days on,
  // 2016-02-01 (held 01-29); second due 2016-04-29 (held 04-20); third due 2016-10-20
  // (held 10-18): all on time. X ceased on `to`, 2017-03-31; Y's next review is due
  // 2017-04-18, after `to`.
  const reviewed = (childId: string) => [
    fx.became(childId, '2016-01-04'),
    fx.review(childId, '2016-01-29'),
    fx.review(childId, '2016-04-20'),
    fx.review(childId, '2016-10-18'),
  ];
  const { figures } = figuresOf([...reviewed('X'), fx.ceased('X', '2017-03-31'), ...reviewed('Y')]);

  it('is not looked after on `to` (L1): Y alone', () => {
    expect(figures.L1).toEqual({ count: 1 });
  });

  it('is not in L5’s denominator: Y alone, reviewed in time', () => {
    expect(figures.L5).toEqual({ numerator: 1, denominator: 1 });
  });
});

describe('a record due on the period’s last day', () => {
  // Z's review on Friday 2017-03-24: decisions due 5 working days on, Friday 2017-03-31
  // (27, 28, 29, 30, 31 March), which is `to`.
  const held = [fx.became('Z', '2017-03-01'), fx.review('Z', '2017-03-24')];

  it('counts in L8 when still not shared on `to`: 0 of 1', () => {
    expect(figuresOf(held).figures.L8.decisions).toEqual({ numerator: 0, denominator: 1 });
  });

  it('is on time when shared on its due day: 1 of 1', () => {
    const shared = [...held, fx.shared('Z', '2017-03-24', 'decisions', '2017-03-31')];
    expect(figuresOf(shared).figures.L8.decisions).toEqual({ numerator: 1, denominator: 1 });
  });

  it('counts minutes due on `to` in C11', () => {
    // An initial conference on Friday 2017-03-03: minutes due 20 working days on,
    // 2017-03-31 (6-10, 13-17, 20-24, 27-31 March).
    const events = [
      fx.strategy('P', '2017-02-20'),
      fx.booked('P', 'K1', 'initial', '2017-02-21', '2017-03-03T10:00:00Z'),
      fx.initial('P', 'K1', '2017-03-03', true),
    ];
    expect(figuresOf(events).figures.C11).toEqual({ numerator: 0, denominator: 1 });
  });
});

describe('a second plan exactly 24 months after the first ended (C7)', () => {
  it('is within 24 months: previous end + 24 months is not before this start', () => {
    // First plan 2014-01-20 to 2014-06-10; the second starts 2016-06-10, 24 months on.
    const events = [
      fx.initial('Q', 'K1', '2014-01-20', true),
      fx.planEnded('Q', '2014-06-10'),
      fx.strategy('Q', '2016-05-27'),
      fx.initial('Q', 'K2', '2016-06-10', true),
    ];
    expect(figuresOf(events).figures.C7).toEqual({ started: 1, ever: 1, within24Months: 1 });
  });
});

describe('a review’s record obligations', () => {
  // A review on Friday 2017-03-24: decisions due Friday 2017-03-31; the full record 20
  // working days on, 2017-04-25 (27-31 March: 5, 3-7 April: 10, 10-13 April: 14, Good
  // Friday 14 and Easter Monday 17 skipped, 18-21 April: 18, 24 and 25 April: 20).
  const held = [fx.became('Z', '2017-03-01'), fx.review('Z', '2017-03-24')];
  const records = (events: readonly CaseEvent[], asOf: string) =>
    plan(events, asOf)
      .filter((o) => o.kind === 'review-decisions' || o.kind === 'review-record')
      .map(({ kind, due, overdue }) => ({ kind, due, overdue }));

  it('are not overdue on their due day, and are the day after', () => {
    expect(records(held, '2017-03-31')).toEqual([
      { kind: 'review-decisions', due: '2017-03-31', overdue: false },
      { kind: 'review-record', due: '2017-04-25', overdue: false },
    ]);
    expect(records(held, '2017-04-03')).toContainEqual({
      kind: 'review-decisions',
      due: '2017-03-31',
      overdue: true,
    });
  });

  it('stay closed when the decisions are shared after the full record', () => {
    const events = [
      ...held,
      fx.shared('Z', '2017-03-24', 'record', '2017-03-29'),
      fx.shared('Z', '2017-03-24', 'decisions', '2017-03-30'),
    ];
    expect(records(events, '2017-05-01')).toEqual([]);
  });
});
