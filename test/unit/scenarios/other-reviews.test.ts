/**
 * Reviews the unit chairs besides looked-after reviews (timescales.md 3.3): secure
 * accommodation (1 month, then 3) and foster carers (12 months). Expected dates are
 * the corresponding-date rule of timescales.md 1, worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { HistoryError, plan } from '../../../workflows/plan.js';
import { ev, openOf } from './support.js';

const C = 'C4';
const F = 'F1';

describe('secure-review (Children (Secure Accommodation) Regulations 1991 reg 15)', () => {
  it.each([
    ['2019-01-31', '2019-02-28'],
    ['2020-01-31', '2020-02-29'],
    ['2023-01-29', '2023-02-28'],
    ['2019-03-31', '2019-04-30'],
    ['2019-12-31', '2020-01-31'],
    ['2019-12-24', '2020-01-24'],
  ])(
    'Secure Accommodation Regs 1991 reg 15: placed on %s: first review within 1 month, by %s',
    (placed, due) => {
      const events = [ev.securePlaced(C, placed)];

      expect(openOf(events, placed, 'secure-review')).toEqual([
        { kind: 'secure-review', subjectId: C, due, overdue: false },
      ]);
    },
  );

  it.each([
    [['2019-02-08'], '2019-05-08'],
    [['2019-02-08', '2019-05-31'], '2019-08-31'],
    [['2019-02-08', '2019-05-07', '2019-08-06', '2019-11-30'], '2020-02-29'],
    [['2019-02-08', '2019-11-29', '2020-11-30'], '2021-02-28'],
    [['2019-02-08', '2019-03-31'], '2019-06-30'],
  ])(
    'Secure Accommodation Regs 1991 reg 15: placed 2019-01-10, reviews %j: next within 3 months, by %s',
    (reviews, due) => {
      const events = [
        ev.securePlaced(C, '2019-01-10'),
        ...reviews.map((r) => ev.secureReview(C, r)),
      ];

      expect(openOf(events, reviews.at(-1) ?? '2019-01-10', 'secure-review')).toEqual([
        { kind: 'secure-review', subjectId: C, due, overdue: false },
      ]);
    },
  );

  it('Secure Accommodation Regs 1991 reg 15: the first review unheld after a month is overdue', () => {
    const events = [ev.securePlaced(C, '2019-01-31')];

    expect(openOf(events, '2019-03-01', 'secure-review')).toEqual([
      { kind: 'secure-review', subjectId: C, due: '2019-02-28', overdue: true },
    ]);
  });

  it('Secure Accommodation Regs 1991 reg 15: leaving closes the review obligation', () => {
    const events = [
      ev.securePlaced(C, '2019-01-10'),
      ev.secureReview(C, '2019-02-08'),
      ev.secureLeft(C, '2019-03-01'),
    ];

    expect(openOf(events, '2019-12-31', 'secure-review')).toEqual([]);
  });

  it('Secure Accommodation Regs 1991 reg 15: a new placement after leaving starts at 1 month again', () => {
    const events = [
      ev.securePlaced(C, '2019-01-10'),
      ev.secureReview(C, '2019-02-08'),
      ev.secureLeft(C, '2019-03-01'),
      ev.securePlaced(C, '2019-08-31'),
    ];

    expect(openOf(events, '2019-08-31', 'secure-review')).toEqual([
      { kind: 'secure-review', subjectId: C, due: '2019-09-30', overdue: false },
    ]);
  });

  it.each([
    ['a review for a child not in secure accommodation', [ev.secureReview(C, '2019-02-08')]],
    [
      'a review after the child left',
      [
        ev.securePlaced(C, '2019-01-10'),
        ev.secureLeft(C, '2019-02-01'),
        ev.secureReview(C, '2019-02-08'),
      ],
    ],
  ])('timescales.md 2: %s throws a HistoryError', (_name, events) => {
    expect(() => plan(events, '2019-12-31')).toThrow(HistoryError);
  });
});

describe('foster-carer-review (Fostering Services (England) Regulations 2011 reg 28)', () => {
  it.each([
    ['2016-02-29', '2017-02-28', 'approved on 29 February'],
    ['2019-02-28', '2020-02-28', 'the same day a year on, not the month end'],
    ['2019-03-01', '2020-03-01', 'across a leap day'],
    ['2017-12-31', '2018-12-31', 'New Year’s Eve'],
  ])(
    'Fostering Services Regs 2011 reg 28: approved on %s: first review by %s (%s)',
    (approved, due) => {
      const events = [ev.carerApproved(F, approved)];

      expect(openOf(events, approved, 'foster-carer-review')).toEqual([
        { kind: 'foster-carer-review', subjectId: F, due, overdue: false },
      ]);
    },
  );

  it.each([
    [['2020-02-29'], '2021-02-28'],
    [['2020-02-29', '2021-02-28'], '2022-02-28'],
    [['2019-11-15', '2020-11-10', '2023-02-28'], '2024-02-28'],
    [['2024-02-29'], '2025-02-28'],
  ])(
    'Fostering Services Regs 2011 reg 28: approved 2019-03-01, reviews %j: next by %s',
    (reviews, due) => {
      const events = [
        ev.carerApproved(F, '2019-03-01'),
        ...reviews.map((r) => ev.carerReview(F, r)),
      ];

      expect(openOf(events, reviews.at(-1) ?? '2019-03-01', 'foster-carer-review')).toEqual([
        { kind: 'foster-carer-review', subjectId: F, due, overdue: false },
      ]);
    },
  );

  it('Fostering Services Regs 2011 reg 28: a review not held within a year is overdue', () => {
    const events = [ev.carerApproved(F, '2019-02-28')];

    expect(openOf(events, '2020-02-29', 'foster-carer-review')).toEqual([
      { kind: 'foster-carer-review', subjectId: F, due: '2020-02-28', overdue: true },
    ]);
  });

  it('Fostering Services Regs 2011 reg 28: the end of approval closes the review obligation', () => {
    const events = [ev.carerApproved(F, '2019-03-01'), ev.carerEnded(F, '2019-09-01')];

    expect(openOf(events, '2020-06-01', 'foster-carer-review')).toEqual([]);
  });

  it('Fostering Services Regs 2011 reg 28: carers have separate clocks', () => {
    const events = [
      ev.carerApproved('F1', '2019-03-01'),
      ev.carerApproved('F2', '2020-02-29'),
      ev.carerReview('F1', '2020-02-20'),
    ];

    expect(openOf(events, '2020-03-01', 'foster-carer-review')).toEqual([
      { kind: 'foster-carer-review', subjectId: 'F1', due: '2021-02-20', overdue: false },
      { kind: 'foster-carer-review', subjectId: 'F2', due: '2021-02-28', overdue: false },
    ]);
  });

  it('timescales.md 2: a review for a carer never approved throws a HistoryError', () => {
    expect(() => plan([ev.carerReview(F, '2019-02-08')], '2019-12-31')).toThrow(HistoryError);
  });
});
