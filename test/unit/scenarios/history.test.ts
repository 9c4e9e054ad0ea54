/**
 * The history as a whole (timescales.md 2): the plan is recomputed from the
 * date-ordered history whatever the arrival order, and an event sent twice under one
 * eventId counts once. Expected obligations were worked out by hand (see the other
 * scenario files for the same rules).
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { ev, openOf, openOn, shuffled, withId } from './support.js';

// A unit's caseload, every event on a different date so that arrival order cannot matter.
const caseload: CaseEvent[] = [
  // looked after: one review 2018-02-01 (base 2018-05-01); placement order 2018-03-15
  // (3 months: 2018-06-15, later than the base)
  ev.becameLookedAfter('C1', '2018-01-08'),
  ev.lacReview('C1', '2018-02-01'),
  ev.placementOrder('C1', '2018-03-15'),
  // its decisions shared on time (due Thu 8 Feb); its record, due Thu 1 Mar (Feb 2(1)
  // 5-9(6) 12-16(11) 19-23(16) 26-28(19) Mar 1(20)), not shared
  {
    type: 'ReviewRecordShared',
    childId: 'C1',
    reviewDate: '2018-02-01',
    part: 'decisions',
    date: '2018-02-06',
  },
  // child protection: plan made 2017-11-30, reviewed 2018-02-28 (next by 2018-08-28),
  // 15-month check 2019-02-28; review conference K2 at Mon 26 Mar 2018 10:00 BST needs
  // the report by Thu 22 Mar 10:00 GMT (Fri 23(1), Thu 22(2); BST began 25 Mar 2018)
  ev.strategy('C2', '2017-11-20'),
  ev.booked('C2', 'K1', 'initial', '2017-11-21', '2017-11-30T10:00:00Z'),
  ev.initialHeld('C2', 'K1', '2017-11-30', true),
  { type: 'ConferenceMinutesShared', childId: 'C2', conferenceId: 'K1', date: '2017-12-20' },
  ev.booked('C2', 'R1', 'review', '2018-02-12', '2018-02-28T10:00:00Z'),
  // R1's minutes due Wed 28 Mar: Mar 1, 2(2) 5-9(7) 12-16(12) 19-23(17) 26-28(20); not yet shared
  ev.reviewHeld('C2', 'R1', '2018-02-28', true),
  ev.booked('C2', 'K2', 'review', '2018-03-05', '2018-03-26T10:00:00+01:00'),
  // dispute raised Thu 1 Mar 2018: stage 1 due 8 Mar, 2 due 15 Mar, 3 due 22 Mar
  ev.disputeRaised('D1', 'C3', '2018-03-01'),
  // secure: placed 2018-01-31, reviewed 2018-02-27 -> 2018-05-27
  ev.securePlaced('C4', '2018-01-31'),
  ev.secureReview('C4', '2018-02-27'),
  // foster carer approved 2017-02-28 -> review by 2018-02-28, not held
  ev.carerApproved('F1', '2017-02-28'),
];

const expectedOn20March2018 = [
  { kind: 'conference-minutes', subjectId: 'C2', refId: 'R1', due: '2018-03-28', overdue: false },
  {
    kind: 'conference-report',
    subjectId: 'C2',
    refId: 'K2',
    due: '2018-03-22T10:00:00+00:00',
    overdue: false,
  },
  { kind: 'cp-plan-duration-check', subjectId: 'C2', due: '2019-02-28', overdue: false },
  { kind: 'cp-review', subjectId: 'C2', due: '2018-08-28', overdue: false },
  {
    kind: 'dispute-stage',
    subjectId: 'C3',
    refId: 'D1',
    due: '2018-03-22',
    overdue: false,
    stage: 3,
  },
  { kind: 'foster-carer-review', subjectId: 'F1', due: '2018-02-28', overdue: true },
  { kind: 'lac-review', subjectId: 'C1', due: '2018-05-01', overdue: false },
  { kind: 'review-record', subjectId: 'C1', refId: '2018-02-01', due: '2018-03-01', overdue: true },
  { kind: 'secure-review', subjectId: 'C4', due: '2018-05-27', overdue: false },
];

describe('out-of-order arrival (timescales.md 2)', () => {
  it('timescales.md 3: the caseload in date order gives the hand-computed plan', () => {
    expect(openOn(caseload, '2018-03-20')).toEqual(expectedOn20March2018);
  });

  it.each([1, 42, 99_999])(
    'timescales.md 2: the same events shuffled (seed %i) give the same plan',
    (seed) => {
      const events = shuffled(caseload, seed);

      expect(openOn(events, '2018-03-20')).toEqual(expectedOn20March2018);
    },
  );

  it('timescales.md 2: the same events in reverse arrival order give the same plan', () => {
    expect(openOn([...caseload].reverse(), '2018-03-20')).toEqual(expectedOn20March2018);
  });

  it('timescales.md 2: a late-arriving earlier review replaces the first-review clock', () => {
    // Arrival: the second review before the start and the first review.
    const events = [
      ev.lacReview('C1', '2017-04-20'),
      ev.becameLookedAfter('C1', '2017-01-02'),
      ev.lacReview('C1', '2017-01-27'),
    ];

    expect(openOf(events, '2017-05-01', 'lac-review')).toEqual([
      { kind: 'lac-review', subjectId: 'C1', due: '2017-10-20', overdue: false },
    ]);
  });
});

describe('duplicate eventIds are harmless (timescales.md 2)', () => {
  it('timescales.md 2: every event of the caseload sent twice under its eventId gives the same plan', () => {
    const once = caseload.map((e, i) => withId(`E${i}`, e));
    const events = shuffled([...once, ...once], 7);

    expect(openOn(events, '2018-03-20')).toEqual(expectedOn20March2018);
  });

  it.each([
    {
      // counted twice it would be the second review: 6 months (2017-07-27)
      name: 'a review delivered twice is one review: 3 months, not 6',
      events: [
        ev.becameLookedAfter('C1', '2017-01-02'),
        withId('rev-1', ev.lacReview('C1', '2017-01-27')),
        withId('rev-1', ev.lacReview('C1', '2017-01-27')),
      ],
      asOf: '2017-02-01',
      // and one review to record: Fri 27 Jan + 5 working days is Fri 3 Feb, + 20 Fri 24 Feb
      expected: [
        { kind: 'lac-review', subjectId: 'C1', due: '2017-04-27', overdue: false },
        {
          kind: 'review-decisions',
          subjectId: 'C1',
          refId: '2017-01-27',
          due: '2017-02-03',
          overdue: false,
        },
        {
          kind: 'review-record',
          subjectId: 'C1',
          refId: '2017-01-27',
          due: '2017-02-24',
          overdue: false,
        },
      ],
    },
    {
      name: 'BecameLookedAfter delivered twice is not "already looked after"',
      events: [
        withId('bla-1', ev.becameLookedAfter('C1', '2017-01-02')),
        withId('bla-1', ev.becameLookedAfter('C1', '2017-01-02')),
      ],
      asOf: '2017-01-10',
      expected: [{ kind: 'lac-review', subjectId: 'C1', due: '2017-01-30', overdue: false }],
    },
    {
      name: 'DisputeRaised delivered twice, the repeat arriving after an escalation',
      events: [
        withId('d-1', ev.disputeRaised('D1', 'C3', '2017-12-19')),
        ev.escalated('D1', '2017-12-20', 3),
        withId('d-1', ev.disputeRaised('D1', 'C3', '2017-12-19')),
      ],
      // escalated Wed 20 Dec to stage 3: 21, 22(2) [25, 26] 27-29(5)
      asOf: '2017-12-21',
      expected: [
        {
          kind: 'dispute-stage',
          subjectId: 'C3',
          refId: 'D1',
          due: '2017-12-29',
          overdue: false,
          stage: 3,
        },
      ],
    },
    {
      name: 'a strategy discussion delivered twice is still one enquiry',
      events: [
        withId('sd-1', ev.strategy('C2', '2017-04-10')),
        withId('sd-1', ev.strategy('C2', '2017-04-10')),
      ],
      asOf: '2017-04-11',
      expected: [
        { kind: 'icpc', subjectId: 'C2', due: '2017-05-04', overdue: false },
        { kind: 'icpc-booking-decision', subjectId: 'C2', due: '2017-04-13', overdue: false },
      ],
    },
  ])('timescales.md 2: $name', ({ events, asOf, expected }) => {
    expect(openOn(events, asOf)).toEqual(expected);
  });
});
