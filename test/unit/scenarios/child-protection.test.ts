/**
 * Child protection (timescales.md 3.2, Working Together to Safeguard Children):
 * the initial conference and the manager's booking decision after a section 47
 * strategy discussion, review conferences, the 15-month check and the "48 hours"
 * conference report. Every expected date was worked out by hand from the spec and a
 * printed calendar; the working-day counts are written out.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import type { ObligationKind } from '../../../workflows/obligations.js';
import { HistoryError, plan } from '../../../workflows/plan.js';
import { ev, openAmong, openOf } from './support.js';

const C = 'C2';

/** This file's kinds; a conference's minutes have their own file (records.test.ts). */
const CHILD_PROTECTION: readonly ObligationKind[] = [
  'icpc',
  'icpc-booking-decision',
  'cp-review',
  'cp-plan-duration-check',
  'conference-report',
];
const openOn = (events: readonly CaseEvent[], asOf: string) =>
  openAmong(events, asOf, CHILD_PROTECTION);

describe('icpc and icpc-booking-decision: 15 and 3 working days from the strategy discussion', () => {
  it.each([
    // Tue 19 Apr 2011: 20, 21(2) [22 GF, 25 EM] 26(3) 27, 28(5) [29 royal wedding, 2 May]
    // 3-6 May(9) 9-13(14) 16(15)
    ['2011-04-19', '2011-04-26', '2011-05-16', 'Easter 2011 and the royal wedding'],
    // Thu 31 May 2012: 1 Jun(1) [4, 5 Jun] 6, 7(3) 8(4) 11-15(9) 18-22(14) 25(15)
    ['2012-05-31', '2012-06-07', '2012-06-25', 'the 2012 jubilee days'],
    // Wed 6 May 2020: 7(1) [8 May VE day] 11, 12(3) 13-15(6) 18-22(11) [25 May] 26-29(15)
    ['2020-05-06', '2020-05-12', '2020-05-29', 'VE day 2020 and the spring holiday'],
    // Wed 1 Jun 2022: [2, 3 Jun] 6-8(3) 9, 10(5) 13-17(10) 20-24(15)
    ['2022-06-01', '2022-06-08', '2022-06-24', 'the platinum jubilee'],
    // Thu 15 Sep 2022: 16(1) [19 Sep funeral] 20, 21(3) 22, 23(5) 26-30(10) 3-7 Oct(15)
    ['2022-09-15', '2022-09-21', '2022-10-07', 'the state funeral'],
    // Thu 4 May 2023: 5(1) [8 May coronation] 9, 10(3) 11, 12(5) 15-19(10) 22-26(15)
    ['2023-05-04', '2023-05-10', '2023-05-26', 'the coronation'],
    // Thu 23 Dec 2021: 24(1) [27, 28 Dec] 29, 30(3) 31(4) [3 Jan] 4-7(8) 10-14(13) 17, 18(15)
    ['2021-12-23', '2021-12-30', '2022-01-18', 'Christmas 2021 substitutes and 3 January'],
    // Sat 30 Mar 2024 (Easter Saturday): [1 Apr EM] 2-4(3) 5(4) 8-12(9) 15-19(14) 22(15)
    ['2024-03-30', '2024-04-04', '2024-04-22', 'a Saturday discussion before Easter Monday'],
    // Wed 23 Dec 2026: 24(1) [25, 28 Dec substitute] 29, 30(3) 31(4) [1 Jan 2027] 4-8(9)
    // 11-15(14) 18(15)
    ['2026-12-23', '2026-12-30', '2027-01-18', 'Christmas 2026 (Boxing Day substitute)'],
  ])(
    'Working Together: strategy discussion on %s: booking decision %s, icpc %s (%s)',
    (discussed, decision, icpc) => {
      const events = [ev.strategy(C, discussed)];

      const open = openOn(events, discussed);

      expect(open).toEqual([
        { kind: 'icpc', subjectId: C, due: icpc, overdue: false },
        { kind: 'icpc-booking-decision', subjectId: C, due: decision, overdue: false },
      ]);
    },
  );

  it('Working Together: a later section 47 discussion does not move the clocks', () => {
    const events = [ev.strategy(C, '2022-09-15'), ev.strategy(C, '2022-09-22')];

    const open = openOn(events, '2022-09-22');

    expect(open).toEqual([
      { kind: 'icpc', subjectId: C, due: '2022-10-07', overdue: false },
      { kind: 'icpc-booking-decision', subjectId: C, due: '2022-09-21', overdue: true },
    ]);
  });

  it('Working Together: a discussion without section 47 enquiries starts no clock', () => {
    const events = [ev.strategy(C, '2022-09-15', false)];

    const open = openOn(events, '2022-09-30');

    expect(open).toEqual([]);
  });

  it('Working Together: the clocks start at the first discussion that initiates section 47', () => {
    const events = [ev.strategy(C, '2022-09-09', false), ev.strategy(C, '2022-09-15', true)];

    const open = openOn(events, '2022-09-15');

    expect(open.map((o) => [o.kind, o.due])).toEqual([
      ['icpc', '2022-10-07'],
      ['icpc-booking-decision', '2022-09-21'],
    ]);
  });

  it('Working Together: an initial booking closes the booking decision; icpc stays', () => {
    const events = [
      ev.strategy(C, '2022-09-15'),
      ev.booked(C, 'K1', 'initial', '2022-09-20', '2022-10-06T10:00:00+01:00'),
    ];

    const open = openOn(events, '2022-09-20').filter((o) => o.kind.startsWith('icpc'));

    expect(open).toEqual([{ kind: 'icpc', subjectId: C, due: '2022-10-07', overdue: false }]);
  });

  it('Working Together: icpc unheld after 15 working days is overdue, and the decision with it', () => {
    const events = [ev.strategy(C, '2022-09-15')];

    const open = openOn(events, '2022-10-08');

    expect(open).toEqual([
      { kind: 'icpc', subjectId: C, due: '2022-10-07', overdue: true },
      { kind: 'icpc-booking-decision', subjectId: C, due: '2022-09-21', overdue: true },
    ]);
  });

  it.each([
    ['an initial conference held with no plan', ev.initialHeld(C, 'K1', '2022-10-06', false)],
    ['section 47 enquiries concluded', ev.s47Concluded(C, '2022-10-06')],
  ])('Working Together: %s closes icpc and the booking decision', (_name, closing) => {
    const events = [ev.strategy(C, '2022-09-15'), closing];

    const open = openOn(events, '2022-10-20');

    expect(open).toEqual([]);
  });

  it('Working Together: a new enquiry after the last one concluded starts new clocks', () => {
    // Mon 3 Oct 2022: 4-6(3) 7(4) 10-14(9) 17-21(14) 24(15)
    const events = [
      ev.strategy(C, '2022-09-15'),
      ev.s47Concluded(C, '2022-09-28'),
      ev.strategy(C, '2022-10-03'),
    ];

    const open = openOn(events, '2022-10-03');

    expect(open).toEqual([
      { kind: 'icpc', subjectId: C, due: '2022-10-24', overdue: false },
      { kind: 'icpc-booking-decision', subjectId: C, due: '2022-10-06', overdue: false },
    ]);
  });

  it('Working Together: a new enquiry after the plan ended starts new clocks', () => {
    // strategy on Wed 1 Jun 2022: counted in the jubilee row above
    const events = [
      ev.strategy(C, '2021-12-23'),
      ev.initialHeld(C, 'K1', '2022-01-14', true),
      ev.cpPlanEnded(C, '2022-04-20'),
      ev.strategy(C, '2022-06-01'),
    ];

    const open = openOn(events, '2022-06-01');

    expect(open).toEqual([
      { kind: 'icpc', subjectId: C, due: '2022-06-24', overdue: false },
      { kind: 'icpc-booking-decision', subjectId: C, due: '2022-06-08', overdue: false },
    ]);
  });
});

/** A section 47 discussion, then an initial conference that makes a plan, all on `c`. */
const planMadeOn = (c: string): CaseEvent[] => [
  ev.strategy(C, c),
  ev.booked(C, 'K1', 'initial', c, `${c}T10:00:00Z`),
  ev.initialHeld(C, 'K1', c, true),
];

describe('cp-review and cp-plan-duration-check', () => {
  it.each([
    ['2018-11-30', '2019-02-28', '2020-02-29'],
    ['2019-11-29', '2020-02-29', '2021-02-28'],
    ['2023-11-30', '2024-02-29', '2025-02-28'],
    ['2016-05-31', '2016-08-31', '2017-08-31'],
    ['2019-03-29', '2019-06-29', '2020-06-29'],
    ['2019-12-31', '2020-03-31', '2021-03-31'],
    ['2020-11-30', '2021-02-28', '2022-02-28'],
  ])(
    'Working Together: plan made at the initial conference on %s: first review by %s (3 months), 15-month check %s',
    (c, review, check) => {
      const events = planMadeOn(c);

      const open = openOn(events, c);

      expect(open).toEqual([
        { kind: 'cp-plan-duration-check', subjectId: C, due: check, overdue: false },
        { kind: 'cp-review', subjectId: C, due: review, overdue: false },
      ]);
    },
  );

  it.each([
    [['2019-02-28'], '2019-08-28'],
    [['2019-02-28', '2019-08-28'], '2020-02-28'],
    [['2019-02-27', '2019-08-31'], '2020-02-29'],
    [['2019-02-27', '2019-08-30', '2020-02-29'], '2020-08-29'],
  ])(
    'Working Together: review conferences %j that continue the plan: next within 6 months, by %s',
    (reviews, due) => {
      const events = [
        ...planMadeOn('2018-11-30'),
        ...reviews.map((r, i) => ev.reviewHeld(C, `R${i}`, r, true)),
      ];

      const open = openOn(events, reviews.at(-1) ?? '2018-11-30');

      expect(open).toEqual([
        { kind: 'cp-plan-duration-check', subjectId: C, due: '2020-02-29', overdue: false },
        { kind: 'cp-review', subjectId: C, due, overdue: false },
      ]);
    },
  );

  it('Working Together: review conference not held within 3 months of the initial: overdue', () => {
    const events = planMadeOn('2018-11-30');

    const open = openOf(events, '2019-03-01', 'cp-review');

    expect(open).toEqual([{ kind: 'cp-review', subjectId: C, due: '2019-02-28', overdue: true }]);
  });

  it('local practice: the 15-month check stays open, overdue, while the plan goes on', () => {
    const events = [
      ...planMadeOn('2018-11-30'),
      ev.reviewHeld(C, 'R1', '2019-02-28', true),
      ev.reviewHeld(C, 'R2', '2019-08-28', true),
      ev.reviewHeld(C, 'R3', '2020-02-27', true),
    ];

    const open = openOn(events, '2020-03-01');

    expect(open).toEqual([
      { kind: 'cp-plan-duration-check', subjectId: C, due: '2020-02-29', overdue: true },
      { kind: 'cp-review', subjectId: C, due: '2020-08-27', overdue: false },
    ]);
  });

  it.each([
    ['a review conference that ends the plan', ev.reviewHeld(C, 'R1', '2019-02-20', false)],
    ['CpPlanEnded', ev.cpPlanEnded(C, '2019-02-20')],
  ])('Working Together: %s closes cp-review and the 15-month check', (_name, ending) => {
    const events = [...planMadeOn('2018-11-30'), ending];

    const open = openOn(events, '2019-06-01');

    expect(open).toEqual([]);
  });
});

describe('conference-report: 2 working days before, same London wall-clock time', () => {
  it.each([
    // Mon 30 Oct 2017 (GMT since 29 Oct): Fri 27(1) Thu 26(2), still BST
    ['2017-10-16', '2017-10-30T10:00:00+00:00', '2017-10-26T10:00:00+01:00'],
    // Tue 18 Apr 2017: [17 EM] [14 GF] Thu 13(1) Wed 12(2)
    ['2017-04-03', '2017-04-18T14:30:00+01:00', '2017-04-12T14:30:00+01:00'],
    // Tue 3 May 2011: [2 May] [29 Apr royal wedding] Thu 28(1) Wed 27(2)
    ['2011-04-18', '2011-05-03T09:30:00+01:00', '2011-04-27T09:30:00+01:00'],
    // Mon 6 Jun 2022: [3, 2 Jun jubilee] Wed 1 Jun(1) Tue 31 May(2)
    ['2022-05-23', '2022-06-06T11:00:00+01:00', '2022-05-31T11:00:00+01:00'],
    // Tue 20 Sep 2022: [19 Sep funeral] Fri 16(1) Thu 15(2)
    ['2022-09-06', '2022-09-20T10:00:00+01:00', '2022-09-15T10:00:00+01:00'],
    // Tue 9 May 2023: [8 May coronation] Fri 5(1) Thu 4(2)
    ['2023-04-25', '2023-05-09T13:00:00+01:00', '2023-05-04T13:00:00+01:00'],
    // Mon 1 Apr 2019 09:00Z = 10:00 BST (BST from 31 Mar): Fri 29(1) Thu 28(2), 10:00 GMT
    ['2019-03-18', '2019-04-01T09:00:00Z', '2019-03-28T10:00:00+00:00'],
    // Tue 29 Dec 2020: [28 Dec substitute] [25 Dec] Thu 24(1) Wed 23(2)
    ['2020-12-14', '2020-12-29T10:00:00Z', '2020-12-23T10:00:00+00:00'],
    // Tue 2 Apr 2024 (BST from 31 Mar): [1 Apr EM] [29 Mar GF] Thu 28(1) Wed 27(2), GMT
    ['2024-03-18', '2024-04-02T10:00:00+01:00', '2024-03-27T10:00:00+00:00'],
    // Wed 6 Jun 2012: [5, 4 Jun] Fri 1(1) Thu 31 May(2)
    ['2012-05-21', '2012-06-06T10:00:00+01:00', '2012-05-31T10:00:00+01:00'],
    // 23:30Z on Mon 2 Jul 2018 is 00:30 BST on Tue 3 Jul (London date counts): Mon 2(1) Fri 29 Jun(2)
    ['2018-06-18', '2018-07-02T23:30:00Z', '2018-06-29T00:30:00+01:00'],
    // Mon 29 Oct 2018 (GMT since 28 Oct): Fri 26(1) Thu 25(2), BST
    ['2018-10-15', '2018-10-29T09:00:00+00:00', '2018-10-25T09:00:00+01:00'],
    // 11:00+02:00 on Mon 27 Mar 2017 = 10:00 BST: Fri 24(1) Thu 23(2), 10:00 GMT
    ['2017-03-13', '2017-03-27T11:00:00+02:00', '2017-03-23T10:00:00+00:00'],
  ])('local practice ("48 hours"): booked %s for %s: report due %s', (bookedOn, at, due) => {
    const events = [ev.strategy(C, bookedOn), ev.booked(C, 'K1', 'initial', bookedOn, at)];

    const open = openOf(events, bookedOn, 'conference-report');

    expect(open).toEqual([
      { kind: 'conference-report', subjectId: C, refId: 'K1', due, overdue: false },
    ]);
  });

  it('local practice ("48 hours"): a review conference needs its report too', () => {
    // Mon 25 Feb 2019: Fri 22(1) Thu 21(2)
    const events = [
      ...planMadeOn('2018-11-30'),
      ev.booked(C, 'R1', 'review', '2019-02-11', '2019-02-25T10:00:00Z'),
    ];

    const open = openOf(events, '2019-02-11', 'conference-report');

    expect(open).toEqual([
      {
        kind: 'conference-report',
        subjectId: C,
        refId: 'R1',
        due: '2019-02-21T10:00:00+00:00',
        overdue: false,
      },
    ]);
  });

  const booked = [
    ev.strategy(C, '2017-03-08'),
    ev.booked(C, 'K1', 'initial', '2017-03-13', '2017-03-27T10:00:00+01:00'),
  ];

  it.each([
    ['2017-03-23', false],
    ['2017-03-24', true],
  ])(
    'local practice: as of %s the report due 2017-03-23T10:00 GMT is overdue: %s',
    (asOf, overdue) => {
      const open = openOf(booked, asOf, 'conference-report');

      expect(open).toEqual([
        {
          kind: 'conference-report',
          subjectId: C,
          refId: 'K1',
          due: '2017-03-23T10:00:00+00:00',
          overdue,
        },
      ]);
    },
  );

  it('local practice: booking again under the same id moves the conference and its report', () => {
    // Mon 3 Apr 2017: Fri 31 Mar(1) Thu 30 Mar(2), BST
    const events = [
      ...booked,
      ev.booked(C, 'K1', 'initial', '2017-03-20', '2017-04-03T10:00:00+01:00'),
    ];

    const open = openOf(events, '2017-03-24', 'conference-report');

    expect(open).toEqual([
      {
        kind: 'conference-report',
        subjectId: C,
        refId: 'K1',
        due: '2017-03-30T10:00:00+01:00',
        overdue: false,
      },
    ]);
  });

  it.each([
    ['ReportShared in time', ev.reportShared(C, 'K1', '2017-03-22T16:00:00+00:00')],
    ['ReportShared late', ev.reportShared(C, 'K1', '2017-03-24T09:00:00+00:00')],
    ['ConferenceCancelled', ev.cancelled(C, 'K1', '2017-03-22')],
    ['the conference being held', ev.initialHeld(C, 'K1', '2017-03-24', true)],
  ])('local practice: %s closes the report obligation', (_name, closing) => {
    const events = [...booked, closing];

    const open = openOf(events, '2017-03-25', 'conference-report');

    expect(open).toEqual([]);
  });

  it('local practice: each booked conference has its own report obligation', () => {
    const events = [
      ...booked,
      ev.strategy('C9', '2017-03-14'),
      ev.booked('C9', 'K9', 'initial', '2017-03-15', '2017-04-18T14:30:00+01:00'),
    ];

    const open = openOf(events, '2017-03-15', 'conference-report');

    expect(open).toEqual([
      {
        kind: 'conference-report',
        subjectId: C,
        refId: 'K1',
        due: '2017-03-23T10:00:00+00:00',
        overdue: false,
      },
      {
        kind: 'conference-report',
        subjectId: 'C9',
        refId: 'K9',
        due: '2017-04-12T14:30:00+01:00',
        overdue: false,
      },
    ]);
  });

  // Thu 8 Jun 2017 10:00 BST: Wed 7(1) Tue 6(2) -> due 2017-06-06T10:00:00+01:00
  const june = [
    ev.strategy(C, '2017-05-22'),
    ev.booked(C, 'K1', 'initial', '2017-05-22', '2017-06-08T10:00:00+01:00'),
  ];

  it.each([
    // 23:30Z on 6 June is 00:30 BST on 7 June: not yet shared on 6 June
    ['2017-06-06T23:30:00Z', '2017-06-06', 1],
    ['2017-06-06T23:30:00Z', '2017-06-07', 0],
    // 23:30Z on 5 June is 00:30 BST on 6 June: not yet shared on 5 June
    ['2017-06-05T23:30:00Z', '2017-06-05', 1],
    ['2017-06-05T23:30:00Z', '2017-06-06', 0],
  ])(
    'timescales.md 2: a report shared at %s counts from its London date (as of %s, %i open)',
    (at, asOf, count) => {
      const events = [...june, ev.reportShared(C, 'K1', at)];

      const open = openOf(events, asOf, 'conference-report');

      expect(open).toHaveLength(count);
    },
  );
});

describe('child protection: contradictions are rejected', () => {
  it.each([
    ['a report for a conference never booked', [ev.reportShared(C, 'K1', '2017-03-22T16:00:00Z')]],
    [
      'a report for a different conference from the one booked',
      [
        ev.strategy(C, '2017-03-08'),
        ev.booked(C, 'K1', 'initial', '2017-03-13', '2017-03-27T10:00:00+01:00'),
        ev.reportShared(C, 'K2', '2017-03-22T16:00:00Z'),
      ],
    ],
    [
      'a report shared before the conference was booked (history is date-ordered)',
      [
        ev.strategy(C, '2017-03-08'),
        ev.booked(C, 'K1', 'initial', '2017-03-13', '2017-03-27T10:00:00+01:00'),
        ev.reportShared(C, 'K1', '2017-03-10T16:00:00Z'),
      ],
    ],
    [
      // Holding a conference with no booking on record is accepted, but that does not
      // book it: no ConferenceBooked K1 is in the history, so its report is for a
      // conference never booked.
      'a report for a conference held but never booked',
      [
        ev.strategy(C, '2017-03-08'),
        ev.initialHeld(C, 'K1', '2017-03-27', true),
        ev.reportShared(C, 'K1', '2017-03-28T09:00:00+01:00'),
      ],
    ],
    ['a plan ended that never began', [ev.cpPlanEnded(C, '2017-03-13')]],
    ['a review conference held with no plan', [ev.reviewHeld(C, 'R1', '2017-03-13', true)]],
  ])('timescales.md 2: %s throws a HistoryError', (_name, events) => {
    expect(() => plan(events, '2017-12-31')).toThrow(HistoryError);
  });
});
