import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../workflows/calendar/index.js';
import { type CaseEvent, eventDate } from '../../workflows/events.js';
import { HistoryError, plan, reviewHistory } from '../../workflows/plan.js';

const lookedAfter = (childId: string, date: string): CaseEvent => ({
  type: 'BecameLookedAfter',
  childId,
  date,
});
const review = (childId: string, date: string): CaseEvent => ({
  type: 'LacReviewHeld',
  childId,
  date,
});

describe('plan: contradictions', () => {
  it.each<[string, CaseEvent[], { index: number; field: string; reason: string }]>([
    [
      'a review for a child who is not looked after',
      [review('C1', '2017-01-05')],
      { index: 0, field: 'childId', reason: 'the child is not looked after on 2017-01-05' },
    ],
    [
      'a review after the episode ended',
      [
        lookedAfter('C1', '2017-01-02'),
        { type: 'CeasedLookedAfter', childId: 'C1', date: '2017-02-01' },
        review('C1', '2017-02-02'),
      ],
      { index: 2, field: 'childId', reason: 'not looked after on 2017-02-02' },
    ],
    [
      'becoming looked after twice in one episode',
      [lookedAfter('C1', '2017-01-02'), lookedAfter('C1', '2017-01-09')],
      { index: 1, field: 'childId', reason: 'already looked after, since 2017-01-02' },
    ],
    [
      'a report for a conference never booked',
      [{ type: 'ReportShared', childId: 'C2', conferenceId: 'K9', at: '2017-03-22T09:00:00Z' }],
      { index: 0, field: 'conferenceId', reason: 'the conference was never booked' },
    ],
    [
      'a report for a cancelled conference',
      [
        {
          type: 'ConferenceBooked',
          childId: 'C2',
          conferenceId: 'K1',
          kind: 'initial',
          date: '2017-03-13',
          at: '2017-03-27T10:00:00+01:00',
        },
        { type: 'ConferenceCancelled', childId: 'C2', conferenceId: 'K1', date: '2017-03-14' },
        { type: 'ReportShared', childId: 'C2', conferenceId: 'K1', at: '2017-03-22T09:00:00Z' },
      ],
      { index: 2, field: 'conferenceId', reason: 'was cancelled on 2017-03-14' },
    ],
    [
      'a review conference for a child with no plan',
      [
        {
          type: 'ConferenceHeld',
          childId: 'C2',
          conferenceId: 'K2',
          kind: 'review',
          date: '2017-06-01',
          planContinues: true,
        },
      ],
      { index: 0, field: 'childId', reason: 'no child protection plan to review' },
    ],
    [
      'a conference held as a different kind from its booking',
      [
        {
          type: 'ConferenceBooked',
          childId: 'C2',
          conferenceId: 'K1',
          kind: 'initial',
          date: '2017-03-13',
          at: '2017-03-27T10:00:00+01:00',
        },
        {
          type: 'ConferenceHeld',
          childId: 'C2',
          conferenceId: 'K1',
          kind: 'review',
          date: '2017-03-27',
          planContinues: true,
        },
      ],
      { index: 1, field: 'kind', reason: 'was booked as initial, not review' },
    ],
    [
      'section 47 concluded with no enquiry open',
      [{ type: 'Section47Concluded', childId: 'C2', date: '2017-04-20' }],
      { index: 0, field: 'childId', reason: 'no section 47 enquiry is open' },
    ],
    [
      'a plan ended that never began',
      [{ type: 'CpPlanEnded', childId: 'C2', date: '2017-04-20' }],
      { index: 0, field: 'childId', reason: 'no child protection plan to end' },
    ],
    [
      'a secure review for a child not in secure accommodation',
      [{ type: 'SecureReviewHeld', childId: 'C4', date: '2017-04-20' }],
      { index: 0, field: 'childId', reason: 'not in secure accommodation' },
    ],
    [
      'a review of a carer who is not approved',
      [{ type: 'FosterCarerReviewHeld', carerId: 'F1', date: '2017-04-20' }],
      { index: 0, field: 'carerId', reason: 'the foster carer is not approved' },
    ],
    [
      'a dispute escalated to a stage lower than the one it reached by itself',
      [
        { type: 'DisputeRaised', disputeId: 'D1', childId: 'C3', date: '2017-12-19', issue: 'x' },
        // Stage 1 fell due on 2017-12-28, so on 2018-01-03 the dispute stands at stage 2.
        { type: 'DisputeEscalated', disputeId: 'D1', date: '2018-01-08', toStage: 2 },
      ],
      { index: 1, field: 'toStage', reason: 'already stands at stage 3 on 2018-01-08' },
    ],
    [
      'a dispute escalated after it was resolved',
      [
        { type: 'DisputeRaised', disputeId: 'D1', childId: 'C3', date: '2017-12-19', issue: 'x' },
        { type: 'DisputeResolved', disputeId: 'D1', date: '2017-12-20' },
        { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-21', toStage: 2 },
      ],
      { index: 2, field: 'disputeId', reason: 'already resolved on 2017-12-20' },
    ],
    [
      'a dispute resolved that was never raised',
      [{ type: 'DisputeResolved', disputeId: 'D7', date: '2017-12-20' }],
      { index: 0, field: 'disputeId', reason: 'has not been raised' },
    ],
    [
      'an eventId reused for a different event',
      [
        { ...lookedAfter('C1', '2017-01-02'), eventId: 'e1' },
        { ...review('C1', '2017-01-27'), eventId: 'e1' },
      ],
      { index: 1, field: 'eventId', reason: 'already used by event 1' },
    ],
    [
      'a date past the bank-holiday data',
      [lookedAfter('C1', '2030-12-20')],
      { index: 0, field: 'date', reason: 'outside the bank-holiday data' },
    ],
    [
      'a conference starting past the bank-holiday data, naming its start',
      // Booked on 2030-12-02, in the data; its report is due 2 working days before Thu
      // 2031-01-09 10:00, which needs 2031-01-08 and 2031-01-07: outside the data. The
      // start (`at`) is what cannot be planned, not the booking date.
      [
        {
          type: 'ConferenceBooked',
          childId: 'C2',
          conferenceId: 'K1',
          kind: 'initial',
          date: '2030-12-02',
          at: '2031-01-09T10:00:00Z',
        },
      ],
      { index: 0, field: 'at', reason: 'outside the bank-holiday data' },
    ],
  ])('rejects %s, naming the event and field', (_, events, expected) => {
    // Act
    const { problems } = reviewHistory(events, '2031-06-30');

    // Assess
    expect(problems).toEqual([
      expect.objectContaining({ ...expected, reason: expect.stringContaining(expected.reason) }),
    ]);
    expect(() => plan(events, '2031-06-30')).toThrow(HistoryError);
  });

  it('judges events in date order, so a late-arriving earlier event is no contradiction', () => {
    // Prepare: the review arrives before the event that makes the child looked after.
    const events = [review('C1', '2017-01-27'), lookedAfter('C1', '2017-01-02')];

    // Act
    const obligations = plan(events, '2017-02-01');

    // Assess: Fri 27 Jan 2017 + 5 working days is Fri 3 Feb, + 20 is Fri 24 Feb
    expect(obligations).toEqual([
      expect.objectContaining({ kind: 'review-decisions', due: '2017-02-03' }),
      expect.objectContaining({ kind: 'review-record', due: '2017-02-24' }),
      expect.objectContaining({ kind: 'lac-review', due: '2017-04-27' }),
    ]);
  });

  it('leaves a rejected event out and still reports the others', () => {
    // Prepare
    const events = [
      lookedAfter('C1', '2017-01-02'),
      review('C9', '2017-01-10'),
      { type: 'SecureReviewHeld', childId: 'C1', date: '2017-01-11' } as const,
    ];

    // Act
    const { obligations, problems } = reviewHistory(events, '2017-01-12');

    // Assess: the review rejected for C9 leaves no record due for it either
    expect(problems.map((p) => p.index)).toEqual([1, 2]);
    expect(obligations).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-01-30' }),
    ]);
  });

  it('reads the plan as of a date from only the events dated on or before it', () => {
    // Prepare
    const events = [lookedAfter('C1', '2017-01-02'), review('C1', '2017-01-27')];

    // Act
    const before = plan(events, '2017-01-26');
    const on = plan(events, '2017-01-27');

    // Assess
    expect(before.map((o) => o.due)).toEqual(['2017-01-30']);
    // the review's records (5 and 20 working days: 3 and 24 February) come with it
    expect(on.map((o) => o.due)).toEqual(['2017-02-03', '2017-02-24', '2017-04-27']);
  });
});

/** A valid history for one looked-after child: events on strictly increasing dates. */
const lookedAfterHistory = (childId: string) =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 3000 }),
      steps: fc.array(
        fc.record({
          gap: fc.integer({ min: 1, max: 120 }),
          what: fc.constantFrom('review', 'order', 'adoptive', 'forward', 'cease', 'return'),
        }),
        { maxLength: 12 },
      ),
    })
    .map(({ start, steps }) => {
      let date = addDays('2011-01-01', start);
      let lookedAfterNow = true;
      const events: CaseEvent[] = [lookedAfter(childId, date)];
      for (const { gap, what } of steps) {
        date = addDays(date, gap);
        if (!lookedAfterNow) {
          events.push(lookedAfter(childId, date));
          lookedAfterNow = true;
        } else if (what === 'review') events.push(review(childId, date));
        else if (what === 'order') events.push({ type: 'PlacementOrderMade', childId, date });
        else if (what === 'adoptive') events.push({ type: 'PlacedForAdoption', childId, date });
        else if (what === 'forward') {
          events.push({
            type: 'ReviewBroughtForward',
            childId,
            date,
            reviewBy: addDays(date, gap),
          });
        } else {
          events.push({ type: 'CeasedLookedAfter', childId, date });
          lookedAfterNow = false;
        }
      }
      return events;
    });

const disputeHistory = (disputeId: string) =>
  fc
    .record({
      start: fc.integer({ min: 0, max: 3000 }),
      escalations: fc.array(
        fc.record({ gap: fc.integer({ min: 1, max: 9 }), to: fc.constant(5) }),
        {
          maxLength: 1,
        },
      ),
    })
    .map(({ start, escalations }) => {
      const date = addDays('2011-01-01', start);
      const events: CaseEvent[] = [
        { type: 'DisputeRaised', disputeId, childId: `C-${disputeId}`, date, issue: 'x' },
      ];
      for (const { gap, to } of escalations) {
        events.push({ type: 'DisputeEscalated', disputeId, date: addDays(date, gap), toStage: to });
      }
      return events;
    });

const histories = fc
  .tuple(lookedAfterHistory('C1'), lookedAfterHistory('C2'), disputeHistory('D1'))
  .map((parts) => parts.flat());
const asOf = fc.integer({ min: 0, max: 4500 }).map((n) => addDays('2011-01-01', n));

describe('plan: EventRetracted', () => {
  const started = { ...lookedAfter('C1', '2017-01-02'), eventId: 'e1' } as CaseEvent;
  const reviewed = { ...review('C1', '2017-01-20'), eventId: 'e2' } as CaseEvent;
  const retract = (eventId: string, date: string): CaseEvent => ({
    type: 'EventRetracted',
    eventId,
    reason: 'recorded in error',
    date,
  });

  it('leaves the retracted event out, even read on a date before the retraction', () => {
    // Prepare: looked after Mon 2 Jan 2017, reviewed Fri 20 Jan (in error), retracted 1 Mar.
    // Without the review the first is due 2 Jan + 20 working days = Mon 30 Jan.
    const events = [started, reviewed, retract('e2', '2017-03-01')];

    // Act: read on 25 January, before the retraction was made
    const open = plan(events, '2017-01-25');

    // Assess
    expect(open.map((o) => [o.kind, o.due])).toEqual([['lac-review', '2017-01-30']]);
  });

  it('names a retraction of no event in the history as a problem', () => {
    // Act
    const { problems } = reviewHistory([started, retract('e9', '2017-03-01')]);

    // Assess
    expect(problems).toEqual([
      expect.objectContaining({ index: 1, type: 'EventRetracted', field: 'eventId' }),
    ]);
  });
});

describe('plan: properties', () => {
  it('does not depend on the arrival order of events on different dates', () => {
    fc.assert(
      fc.property(histories, asOf, fc.integer(), (events, date, seed) => {
        // Prepare: shuffle, then restore arrival order among events on the same date.
        const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length }), {
          seed,
          numRuns: 1,
        })[0] as CaseEvent[];
        const sameDateOrder = (e: CaseEvent) => events.indexOf(e);
        shuffled.sort((a, b) =>
          eventDate(a) === eventDate(b) ? sameDateOrder(a) - sameDateOrder(b) : 0,
        );

        // Act / Assess
        expect(plan(shuffled, date)).toEqual(plan(events, date));
      }),
    );
  });

  it('treats a repeated event (same eventId) as harmless', () => {
    fc.assert(
      fc.property(
        histories,
        asOf,
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        (events, date, picks) => {
          // Prepare
          const withIds: CaseEvent[] = events.map((event, i) => ({ ...event, eventId: `e${i}` }));
          const repeated = [...withIds];
          for (const pick of picks)
            repeated.splice(
              pick % (repeated.length + 1),
              0,
              withIds[pick % withIds.length] as CaseEvent,
            );

          // Act / Assess
          expect(plan(repeated, date)).toEqual(plan(withIds, date));
        },
      ),
    );
  });

  it('is deterministic: every obligation is due, and overdue exactly when the date is past', () => {
    fc.assert(
      fc.property(histories, asOf, (events, date) => {
        const obligations = plan(events, date);
        expect(plan(events, date)).toEqual(obligations);
        for (const o of obligations) expect(o.overdue).toBe(date > o.due.slice(0, 10));
      }),
    );
  });
});
