/**
 * Looked-after reviews (timescales.md 3.1): CPPCR 2010 reg 33 and AAR 2005 reg 36.
 * Every expected date below was worked out by hand from the spec and a printed
 * calendar; the working-day counts are written out where they cross holidays.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { HistoryError, plan } from '../../../workflows/plan.js';
import { ev, openOf, openOn } from './support.js';

const C = 'C1';
const lacDue = (events: readonly CaseEvent[], asOf: string) =>
  openOf(events, asOf, 'lac-review', C);

describe('lac-review: first review within 20 working days', () => {
  it.each([
    // Wed 20 Apr 2011: 21(1) [22 GF, 25 EM] 26-28(4) [29 royal wedding, 2 May] 3-6 May(8)
    // 9-13(13) 16-20(18) 23(19) 24(20)
    ['2011-04-20', '2011-05-24', 'Easter 2011, the royal wedding and early May'],
    // Tue 20 Dec 2011: 21-23(3) [26, 27 Dec substitute] 28-30(6) [2 Jan 2012 substitute]
    // 3-6 Jan(10) 9-13(15) 16-20(20)
    ['2011-12-20', '2012-01-20', 'Christmas 2011 substitute days'],
    // Fri 25 May 2012: 28 May is a working day (spring holiday moved) 28-31 May, 1 Jun(5)
    // [4, 5 Jun] 6-8(8) 11-15(13) 18-22(18) 25(19) 26(20)
    ['2012-05-25', '2012-06-26', 'the 2012 jubilee days (4 and 5 June)'],
    // Fri 24 Apr 2020: 27 Apr-1 May(5) 4-7 May(9) [8 May VE day] 11-15(14) 18-22(19)
    // [25 May] 26(20); 4 May 2020 is a working day
    ['2020-04-24', '2020-05-26', 'the moved early May holiday of 2020'],
    // Fri 20 May 2022: 23-27(5) 30, 31 May, 1 Jun(8) [2, 3 Jun] 6-10(13) 13-17(18) 20(19) 21(20);
    // 30 May 2022 is a working day
    ['2022-05-20', '2022-06-21', 'the 2022 platinum jubilee (2 and 3 June)'],
    // Fri 9 Sep 2022: 12-16(5) [19 Sep state funeral] 20-23(9) 26-30(14) 3-7 Oct(19) 10(20)
    ['2022-09-09', '2022-10-10', 'the state funeral of 19 September 2022'],
    // Fri 21 Apr 2023: 24-28(5) [1 May] 2-5(9) [8 May coronation] 9-12(13) 15-19(18) 22(19) 23(20)
    ['2023-04-21', '2023-05-23', 'early May and the coronation (8 May 2023)'],
    // Sat 24 Dec 2016: [26, 27 Dec] 28-30(3) [2 Jan] 3-6(7) 9-13(12) 16-20(17) 23-25(20)
    ['2016-12-24', '2017-01-25', 'a start on a Saturday over Christmas 2016'],
    // Wed 23 Dec 2015: 24(1) [25, 28 Dec substitute] 29-31(4) [1 Jan] 4-8 Jan(9) 11-15(14)
    // 18-22(19) 25(20)
    ['2015-12-23', '2016-01-25', 'the Boxing Day substitute of 2015'],
    // Wed 22 Dec 2021: 23, 24(2) [27, 28 Dec] 29-31(5) [3 Jan 2022] 4-7(9) 10-14(14) 17-21(19) 24(20)
    ['2021-12-22', '2022-01-24', 'Christmas 2021 (both substitutes) and 3 January 2022'],
    // Wed 24 Mar 2027: 25(1) [26 GF, 29 EM] 30, 31, 1, 2 Apr(5) 5-9(10) 12-16(15) 19-23(20)
    ['2027-03-24', '2027-04-23', 'Easter 2027'],
  ])('CPPCR 2010 reg 33: looked after from %s, first review due %s (%s)', (start, due) => {
    // prepare
    const events = [ev.becameLookedAfter(C, start)];
    // act
    const open = lacDue(events, start);
    // assess
    expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due, overdue: false }]);
  });

  it('CPPCR 2010 reg 33: the first review is not overdue on its due date, and is the day after', () => {
    const events = [ev.becameLookedAfter(C, '2011-04-20')];

    const onDue = lacDue(events, '2011-05-24');
    const dayAfter = lacDue(events, '2011-05-25');

    expect(onDue).toMatchObject([{ due: '2011-05-24', overdue: false }]);
    expect(dayAfter).toMatchObject([{ due: '2011-05-24', overdue: true }]);
  });

  it('CPPCR 2010 reg 33: a review dated after the as-of date is not considered', () => {
    const events = [ev.becameLookedAfter(C, '2022-09-09'), ev.lacReview(C, '2022-10-05')];

    const open = lacDue(events, '2022-10-04');

    expect(open).toMatchObject([{ due: '2022-10-10', overdue: false }]);
  });
});

describe('lac-review: second review within 3 months, later ones within 6 (corresponding date)', () => {
  it.each([
    ['2018-10-01', ['2018-11-30'], '2019-02-28', '3 months, no 30 February 2019'],
    ['2019-10-07', ['2019-11-30'], '2020-02-29', '3 months into a leap February'],
    ['2023-11-01', ['2023-11-29'], '2024-02-29', '29 February 2024 exists'],
    ['2020-11-02', ['2020-11-30'], '2021-02-28', '3 months, February 2021 not leap'],
    ['2021-03-08', ['2021-03-31'], '2021-06-30', '3 months, no 31 June'],
    ['2021-05-04', ['2021-05-31'], '2021-08-31', '3 months, 31 August exists'],
    ['2019-05-01', ['2019-05-31', '2019-08-31'], '2020-02-29', '6 months into a leap February'],
    ['2016-06-01', ['2016-06-15', '2016-08-31'], '2017-02-28', '6 months, February 2017'],
    ['2019-11-04', ['2019-11-29', '2020-02-29'], '2020-08-29', '6 months from 29 February'],
    ['2021-09-01', ['2021-09-20', '2021-12-31'], '2022-06-30', '6 months from New Year’s Eve'],
    ['2023-07-03', ['2023-07-28', '2023-08-30'], '2024-02-29', '6 months, no 30 February 2024'],
    [
      '2021-09-01',
      ['2021-09-20', '2021-12-15', '2022-03-31'],
      '2022-09-30',
      'third review: still 6 months',
    ],
  ])(
    'CPPCR 2010 reg 33: looked after from %s, reviews %j: next due %s (%s)',
    (start, reviews, due) => {
      const events = [ev.becameLookedAfter(C, start), ...reviews.map((r) => ev.lacReview(C, r))];

      const open = lacDue(events, reviews.at(-1) ?? start);

      expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due, overdue: false }]);
    },
  );
});

describe('lac-review: adoption triggers (AAR 2005 reg 36)', () => {
  // Two reviews held, the base cycle next due 2018-11-01.
  const twoReviews = [
    ev.becameLookedAfter(C, '2018-01-08'),
    ev.lacReview(C, '2018-02-01'),
    ev.lacReview(C, '2018-05-01'),
  ];

  it.each([
    {
      name: 'placement order with no review since: within 3 months of it',
      events: [...twoReviews, ev.placementOrder(C, '2018-05-31')],
      asOf: '2018-06-01',
      due: '2018-08-31',
      overdue: false,
    },
    {
      name: 'placement order still unreviewed after its 3 months: overdue',
      events: [...twoReviews, ev.placementOrder(C, '2018-05-31')],
      asOf: '2018-09-01',
      due: '2018-08-31',
      overdue: true,
    },
    {
      name: 'placement order then a review: back to 6 months from that review',
      events: [...twoReviews, ev.placementOrder(C, '2018-05-31'), ev.lacReview(C, '2018-06-15')],
      asOf: '2018-06-15',
      due: '2018-12-15',
      overdue: false,
    },
    {
      name: 'a review held on the day of the order counts as on or after it',
      events: [...twoReviews, ev.lacReview(C, '2018-05-31'), ev.placementOrder(C, '2018-05-31')],
      asOf: '2018-06-01',
      due: '2018-11-30',
      overdue: false,
    },
    {
      name: 'placement order later than the base cycle: the earlier base date stands',
      events: [
        ev.becameLookedAfter(C, '2018-01-08'),
        ev.lacReview(C, '2018-02-01'),
        ev.placementOrder(C, '2018-03-15'),
      ],
      asOf: '2018-03-15',
      due: '2018-05-01',
      overdue: false,
    },
    {
      name: 'a review after the order satisfies it: 6 months from that (second) review',
      events: [
        ev.becameLookedAfter(C, '2018-01-08'),
        ev.lacReview(C, '2018-02-01'),
        ev.placementOrder(C, '2018-03-15'),
        ev.lacReview(C, '2018-04-20'),
      ],
      asOf: '2018-04-20',
      due: '2018-10-20',
      overdue: false,
    },
    {
      name: 'placement order on 30 November: 3 months is 29 February 2020',
      events: [
        ev.becameLookedAfter(C, '2019-06-03'),
        ev.lacReview(C, '2019-06-28'),
        ev.lacReview(C, '2019-09-27'),
        ev.placementOrder(C, '2019-11-30'),
      ],
      asOf: '2019-12-02',
      due: '2020-02-29',
      overdue: false,
    },
  ])('AAR 2005 reg 36: $name', ({ events, asOf, due, overdue }) => {
    const open = lacDue(events, asOf);

    expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due, overdue }]);
  });

  // One review held (2016-01-29): the base cycle next due 2016-04-29.
  const placed = [
    ev.becameLookedAfter(C, '2016-01-04'),
    ev.lacReview(C, '2016-01-29'),
    ev.placedForAdoption(C, '2016-02-15'),
  ];
  // Two reviews held by 2017-12-01: base next due 2018-06-01.
  const placedAtChristmas = [
    ev.becameLookedAfter(C, '2017-09-04'),
    ev.lacReview(C, '2017-09-29'),
    ev.lacReview(C, '2017-12-01'),
    ev.placedForAdoption(C, '2017-12-20'),
  ];

  it.each([
    {
      // 15 Feb + 14 days = 29 Feb (2016 is leap), + 14 more = 14 Mar
      name: 'placed for adoption, no review since: 28 days, across 29 February 2016',
      events: placed,
      asOf: '2016-02-15',
      due: '2016-03-14',
    },
    {
      // 20 Dec + 11 = 31 Dec, + 17 = 17 Jan
      name: 'placed for adoption at Christmas: 28 calendar days, holidays irrelevant',
      events: placedAtChristmas,
      asOf: '2017-12-21',
      due: '2018-01-17',
    },
    {
      name: 'one review since placement: the next within 3 months of it (not the 6-month base)',
      events: [...placed, ev.lacReview(C, '2016-03-10')],
      asOf: '2016-03-10',
      due: '2016-06-10',
    },
    {
      name: 'two reviews since placement: the trigger is spent, 6 months from the last',
      events: [...placed, ev.lacReview(C, '2016-03-10'), ev.lacReview(C, '2016-06-08')],
      asOf: '2016-06-08',
      due: '2016-12-08',
    },
    {
      name: 'a review on the day of placement is the one review since it',
      events: [...placedAtChristmas, ev.lacReview(C, '2017-12-20')],
      asOf: '2017-12-20',
      due: '2018-03-20',
    },
    {
      // order 2018-05-31 -> 2018-08-31; placed 2018-07-16 + 28 = 2018-08-13
      name: 'placement order and placement both unreviewed: the earlier (28 days) wins',
      events: [
        ...twoReviews,
        ev.placementOrder(C, '2018-05-31'),
        ev.placedForAdoption(C, '2018-07-16'),
      ],
      asOf: '2018-07-16',
      due: '2018-08-13',
    },
    {
      name: 'then one review: order satisfied, 3 months from the review since placement',
      events: [
        ...twoReviews,
        ev.placementOrder(C, '2018-05-31'),
        ev.placedForAdoption(C, '2018-07-16'),
        ev.lacReview(C, '2018-08-10'),
      ],
      asOf: '2018-08-10',
      due: '2018-11-10',
    },
  ])('AAR 2005 reg 36: $name', ({ events, asOf, due }) => {
    const open = lacDue(events, asOf);

    expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due, overdue: false }]);
  });
});

describe('lac-review: ReviewBroughtForward (CPPCR 2010 reg 33(3))', () => {
  // One review on 2019-02-01: base next due 2019-05-01.
  const base = [ev.becameLookedAfter(C, '2019-01-07'), ev.lacReview(C, '2019-02-01')];

  it.each([
    {
      name: 'brought forward to a date before the base: due on reviewBy',
      events: [...base, ev.broughtForward(C, '2019-03-01', '2019-03-20')],
      asOf: '2019-03-01',
      due: '2019-03-20',
      overdue: false,
    },
    {
      name: 'brought forward and not held by reviewBy: overdue',
      events: [...base, ev.broughtForward(C, '2019-03-01', '2019-03-20')],
      asOf: '2019-03-21',
      due: '2019-03-20',
      overdue: true,
    },
    {
      name: 'brought forward "to" a date after the base: the base is earlier and stands',
      events: [...base, ev.broughtForward(C, '2019-03-01', '2019-06-01')],
      asOf: '2019-03-01',
      due: '2019-05-01',
      overdue: false,
    },
    {
      name: 'the review is held: 6 months from it (second review held)',
      events: [
        ...base,
        ev.broughtForward(C, '2019-03-01', '2019-03-20'),
        ev.lacReview(C, '2019-03-19'),
      ],
      asOf: '2019-03-19',
      due: '2019-09-19',
      overdue: false,
    },
    {
      name: 'a review on the very day it was brought forward satisfies it',
      events: [
        ...base,
        ev.broughtForward(C, '2019-03-01', '2019-03-20'),
        ev.lacReview(C, '2019-03-01'),
      ],
      asOf: '2019-03-02',
      due: '2019-09-01',
      overdue: false,
    },
    {
      // 20 working days from Mon 7 Jan 2019: 8-11(4) 14-18(9) 21-25(14) 28 Jan-1 Feb(19) 4 Feb(20)
      name: 'brought forward before the first review: earlier than 20 working days',
      events: [
        ev.becameLookedAfter(C, '2019-01-07'),
        ev.broughtForward(C, '2019-01-10', '2019-01-21'),
      ],
      asOf: '2019-01-10',
      due: '2019-01-21',
      overdue: false,
    },
  ])('CPPCR 2010 reg 33: $name', ({ events, asOf, due, overdue }) => {
    const open = lacDue(events, asOf);

    expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due, overdue }]);
  });
});

describe('lac-review: the episode ends, and a new one begins', () => {
  const episode = [
    ev.becameLookedAfter(C, '2019-01-07'),
    ev.lacReview(C, '2019-01-31'),
    ev.lacReview(C, '2019-04-30'),
  ];

  it.each([
    ['an adoption order', ev.adoptionOrder(C, '2019-06-03')],
    ['ceasing to be looked after', ev.ceased(C, '2019-06-03')],
  ])(
    'CPPCR 2010 reg 33: %s closes the review obligation; the held reviews still need their records',
    (_name, end) => {
      const events = [...episode, end];

      const open = openOn(events, '2019-12-31');

      // Thu 31 Jan 2019: Feb 1(1) 4-7(5); Feb 1(1) 4-8(6) 11-15(11) 18-22(16) 25-28(20)
      // Tue 30 Apr 2019: May 1-3(3) [6 May] 7, 8(5); 9, 10(7) 13-17(12) 20-24(17) [27 May] 28-30(20)
      expect(open).toEqual([
        {
          kind: 'review-decisions',
          subjectId: C,
          refId: '2019-01-31',
          due: '2019-02-07',
          overdue: true,
        },
        {
          kind: 'review-decisions',
          subjectId: C,
          refId: '2019-04-30',
          due: '2019-05-08',
          overdue: true,
        },
        {
          kind: 'review-record',
          subjectId: C,
          refId: '2019-01-31',
          due: '2019-02-28',
          overdue: true,
        },
        {
          kind: 'review-record',
          subjectId: C,
          refId: '2019-04-30',
          due: '2019-05-30',
          overdue: true,
        },
      ]);
    },
  );

  it('CPPCR 2010 reg 33: re-entry to care is a new episode: 20 working days again', () => {
    // Mon 1 Jul 2019: 2-5(4) 8-12(9) 15-19(14) 22-26(19) 29(20); no holidays
    const events = [...episode, ev.ceased(C, '2019-06-03'), ev.becameLookedAfter(C, '2019-07-01')];

    const open = lacDue(events, '2019-07-01');

    expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due: '2019-07-29', overdue: false }]);
  });

  it('CPPCR 2010 reg 33: in the new episode the first review is followed by 3 months, not 6', () => {
    const events = [
      ...episode,
      ev.ceased(C, '2019-06-03'),
      ev.becameLookedAfter(C, '2019-07-01'),
      ev.lacReview(C, '2019-07-25'),
    ];

    const open = lacDue(events, '2019-07-25');

    expect(open).toMatchObject([{ due: '2019-10-25', overdue: false }]);
  });

  it('CPPCR 2010 reg 33: a review brought forward in an ended episode does not carry over', () => {
    // Fri 1 Mar 2019 + 20 wd: 4-8(5) 11-15(10) 18-22(15) 25-29(20)
    const events = [
      ev.becameLookedAfter(C, '2019-01-07'),
      ev.broughtForward(C, '2019-02-01', '2019-02-10'),
      ev.ceased(C, '2019-02-15'),
      ev.becameLookedAfter(C, '2019-03-01'),
    ];

    const open = lacDue(events, '2019-03-01');

    expect(open).toMatchObject([{ due: '2019-03-29', overdue: false }]);
  });

  it('CPPCR 2010 reg 33: ceasing and re-entering on the same day (in that order) starts a new episode', () => {
    // Mon 3 Jun 2019: 4-7(4) 10-14(9) 17-21(14) 24-28(19) 1 Jul(20)
    const events = [...episode, ev.ceased(C, '2019-06-03'), ev.becameLookedAfter(C, '2019-06-03')];

    const open = lacDue(events, '2019-06-03');

    expect(open).toMatchObject([{ due: '2019-07-01', overdue: false }]);
  });

  it('CPPCR 2010 reg 33: each child has its own clock', () => {
    const events = [
      ev.becameLookedAfter('C1', '2022-09-09'),
      ev.becameLookedAfter('C2', '2023-04-21'),
      ev.lacReview('C2', '2023-05-10'),
    ];

    const open = openOn(events, '2023-05-10').filter((o) => o.kind === 'lac-review');

    expect(open).toEqual([
      { kind: 'lac-review', subjectId: 'C1', due: '2022-10-10', overdue: true },
      { kind: 'lac-review', subjectId: 'C2', due: '2023-08-10', overdue: false },
    ]);
  });
});

describe('lac-review: contradictions are rejected', () => {
  it.each([
    ['a review for a child never looked after', [ev.lacReview(C, '2019-02-01')]],
    [
      'a review after the child ceased to be looked after',
      [
        ev.becameLookedAfter(C, '2019-01-07'),
        ev.ceased(C, '2019-03-01'),
        ev.lacReview(C, '2019-03-05'),
      ],
    ],
    [
      'placement for adoption after the adoption order',
      [
        ev.becameLookedAfter(C, '2019-01-07'),
        ev.adoptionOrder(C, '2019-03-01'),
        ev.placedForAdoption(C, '2019-03-05'),
      ],
    ],
    [
      'a review brought forward for a child not looked after',
      [ev.broughtForward(C, '2019-03-01', '2019-03-20')],
    ],
    [
      'a review dated the same day as the start but arriving before it (ties keep arrival order)',
      [ev.lacReview(C, '2019-01-07'), ev.becameLookedAfter(C, '2019-01-07')],
    ],
    [
      'a second BecameLookedAfter while the episode is open',
      [ev.becameLookedAfter(C, '2019-01-07'), ev.becameLookedAfter(C, '2019-02-07')],
    ],
  ])('timescales.md 2: %s throws a HistoryError', (_name, events) => {
    expect(() => plan(events, '2019-12-31')).toThrow(HistoryError);
  });

  it('timescales.md 2: a review that arrives before the start but is dated after it is accepted', () => {
    const events = [ev.lacReview(C, '2019-02-01'), ev.becameLookedAfter(C, '2019-01-07')];

    const open = lacDue(events, '2019-02-01');

    expect(open).toMatchObject([{ due: '2019-05-01', overdue: false }]);
  });
});
