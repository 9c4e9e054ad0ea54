import { describe, expect, it } from 'vitest';
import {
  clockObligations,
  clocksOf,
  disputeClock,
  executionName,
  protectionClock,
  reportClock,
  reviewsClock,
} from '../../workflows/clocks.js';
import { CASE_EVENT_TYPES, type CaseEvent } from '../../workflows/events.js';
import { renderReminder } from '../../workflows/notifications/templates.js';
import { plan } from '../../workflows/plan.js';
import { councilSettings, DEFAULT_SETTINGS } from '../../workflows/policy.js';
import { clockSchedule, MAX_LOOPS, secondsUntil } from '../../workflows/schedule.js';

const run = { startedAt: '2017-01-02T09:00:00Z', loops: 0 };
const lookedAfter: CaseEvent = { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' };

describe('clockSchedule', () => {
  it("does not wake for a routine reminder or a due date passing: a review's clock sleeps until it must hand over", () => {
    // Act
    const schedule = clockSchedule(
      reviewsClock('C1'),
      [lookedAfter],
      '2017-01-02T09:00:00Z',
      DEFAULT_SETTINGS,
      run,
    );

    // Assess: the reminders of 9 and 23 January and the escalations after 30 January go
    // in the morning lists; the execution wakes only to hand over, 330 days after its start
    expect(schedule.open.map((o) => o.due)).toEqual(['2017-01-30']);
    expect(schedule.due).toEqual([]);
    expect(schedule.wakeAt).toBe('2017-11-28T09:00:00.000Z');
    expect(schedule.handOver).toBe(false);
  });

  it('has nothing due at once for a routine kind, however late it is planned', () => {
    // Act: long past both reminders and the team manager's escalation
    const schedule = clockSchedule(
      reviewsClock('C1'),
      [lookedAfter],
      '2017-02-01T12:00:00Z',
      DEFAULT_SETTINGS,
      run,
    );

    // Assess
    expect(schedule.due).toEqual([]);
    expect(schedule.wakeAt).toBe('2017-11-28T09:00:00.000Z');
  });

  it("still wakes for a conference report's reminders, which go at once", () => {
    // Prepare: the conference is Mon 27 March 10:00 BST; the report is due Thu 23 March
    // 10:00 GMT, the social worker reminded 3 working days before (Mon 20 March 10:00)
    // and 1 working day before (Wed 22 March 10:00)
    const booked: CaseEvent = {
      type: 'ConferenceBooked',
      childId: 'C2',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-13',
      at: '2017-03-27T10:00:00+01:00',
    };

    // Act
    const planned = clockSchedule(
      reportClock('C2', 'K1'),
      [booked],
      '2017-03-13T09:00:00Z',
      DEFAULT_SETTINGS,
      run,
    );
    const later = clockSchedule(
      reportClock('C2', 'K1'),
      [booked],
      '2017-03-22T10:00:00Z',
      DEFAULT_SETTINGS,
      run,
    );

    // Assess
    expect(planned.wakeAt).toBe('2017-03-20T10:00:00+00:00');
    expect(later.due.map((d) => `${d.step.name}:${d.role}`)).toEqual(['reminder-1:social-worker']);
    expect(later.wakeAt).toBe('2017-03-23T10:00:00+00:00');
  });

  it('wakes when a dispute stage runs out, though no step of the stage remains', () => {
    // Prepare: stage 1 due 2017-12-28; its last step was the day before
    const raised: CaseEvent = {
      type: 'DisputeRaised',
      disputeId: 'D1',
      childId: 'C3',
      date: '2017-12-19',
      issue: 'x',
    };

    // Act
    const schedule = clockSchedule(
      disputeClock('D1'),
      [raised],
      '2017-12-27T09:00:00Z',
      DEFAULT_SETTINGS,
      run,
    );

    // Assess: midnight after the due date, London time
    expect(schedule.wakeAt).toBe('2017-12-29T00:00:00+00:00');
  });

  it('wakes on the date of an event recorded ahead of time', () => {
    // Prepare: a report shared "tomorrow" closes the deadline then, not now
    const events: CaseEvent[] = [
      {
        type: 'ConferenceBooked',
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-06-01',
        at: '2017-06-30T10:00:00+01:00',
      },
      { type: 'ReportShared', childId: 'C2', conferenceId: 'K1', at: '2017-06-02T09:00:00+01:00' },
    ];

    // Act
    const schedule = clockSchedule(
      reportClock('C2', 'K1'),
      events,
      '2017-06-01T12:00:00Z',
      DEFAULT_SETTINGS,
      run,
    );

    // Assess
    expect(schedule.open).toHaveLength(1);
    expect(schedule.wakeAt).toBe('2017-06-02T00:00:00+01:00');
  });

  it.each([
    ['an old execution', { startedAt: '2016-02-01T09:00:00Z', loops: 3 }, true],
    ['a long execution', { startedAt: '2017-01-02T09:00:00Z', loops: MAX_LOOPS }, true],
    ['a young one', { startedAt: '2016-12-01T09:00:00Z', loops: 3 }, false],
  ])('hands over %s to a successor', (_, execution, handOver) => {
    const schedule = clockSchedule(
      reviewsClock('C1'),
      [lookedAfter],
      '2017-01-03T09:00:00Z',
      DEFAULT_SETTINGS,
      execution,
    );
    expect(schedule.handOver).toBe(handOver);
  });

  it("sends an automatically escalated stage's start at the council's reminder time, dated the day it started", () => {
    // Prepare: raised Tue 19 Dec 2017, stage 1 due Thu 28 Dec (20-22(3) [25, 26] 27, 28(5));
    // stage 2 starts by itself on Fri 29 Dec. The council sends reminders at 09:30.
    const raised: CaseEvent = {
      type: 'DisputeRaised',
      disputeId: 'D1',
      childId: 'C3',
      date: '2017-12-19',
      issue: 'x',
    };
    const council = councilSettings({ reminderTime: '09:30' });
    if (!council.ok) throw new Error('bad settings');
    const { settings } = council;

    // Act: at midnight, when stage 1 runs out, and at the reminder time
    const atMidnight = clockSchedule(
      disputeClock('D1'),
      [raised],
      '2017-12-29T00:00:00Z',
      settings,
      run,
    );
    const atNineThirty = clockSchedule(
      disputeClock('D1'),
      [raised],
      '2017-12-29T09:30:00Z',
      settings,
      run,
    );

    // Assess: nothing at 00:00; the stage-start at 09:30, to the service manager and the IRO
    expect(atMidnight.open.map((o) => o.stage)).toEqual([2]);
    expect(atMidnight.due).toEqual([]);
    expect(atMidnight.wakeAt).toBe('2017-12-29T09:30:00+00:00');
    expect(atNineThirty.due.map((d) => `${d.step.name}:${d.role}`)).toEqual([
      'stage-start:service-manager',
      'stage-start:iro',
    ]);
    const [first] = atNineThirty.due;
    if (!first) throw new Error('nothing due');
    const email = renderReminder(
      {
        recipientRole: first.role,
        obligation: first.obligation,
        action: first.step.action,
        timing: first.step.timing,
        caseRecordUrl: 'https://cms.example.gov.uk/children/C3',
      },
      { unitName: 'Unit' },
    );
    expect(email.text).toContain('The dispute moved to stage 2 on Friday 29 December 2017');
    expect(email.text).not.toContain('Thursday 28 December');
  });

  it('never waits past the hand-over, even with nothing more to send', () => {
    // Prepare: stage 5 overdue, nothing left to send
    const raised: CaseEvent = {
      type: 'DisputeRaised',
      disputeId: 'D1',
      childId: 'C3',
      date: '2017-01-02',
      issue: 'x',
    };

    // Act
    const schedule = clockSchedule(
      disputeClock('D1'),
      [raised],
      '2017-06-01T09:00:00Z',
      DEFAULT_SETTINGS,
      {
        startedAt: '2017-05-01T00:00:00Z',
        loops: 1,
      },
    );

    // Assess: 330 days after the execution started
    expect(schedule.wakeAt).toBe('2018-03-27T00:00:00.000Z');
  });
});

describe('secondsUntil', () => {
  it.each([
    ['2017-01-02T09:00:00Z', '2017-01-02T09:00:10Z', 10],
    ['2017-01-02T09:00:00Z', '2017-01-02T09:00:00.200Z', 1],
    ['2017-01-02T09:00:00Z', '2017-01-01T09:00:00Z', 1],
  ])("from %s to %s is %i (at least 1, Step Functions' smallest timeout)", (from, to, seconds) => {
    expect(secondsUntil(from, to)).toBe(seconds);
  });
});

describe('clocks', () => {
  it('routes conference events to the child protection cycle and to the report deadline', () => {
    const clocks = clocksOf({
      type: 'ReportShared',
      childId: 'C2',
      conferenceId: 'K1',
      at: '2017-06-02T09:00:00Z',
    });
    expect(clocks.map((c) => c.id)).toEqual(['protection/C2', 'report/C2/K1']);
    expect(new Set(clocks.map((c) => c.log))).toEqual(new Set(['protection/C2']));
  });

  it.each<[string, CaseEvent, string[]]>([
    [
      'an IRO contact',
      { type: 'IroContactWithChild', childId: 'C1', date: '2017-01-20', method: 'phone' },
      ['reviews/C1'],
    ],
    [
      "a review's record shared",
      {
        type: 'ReviewRecordShared',
        childId: 'C1',
        reviewDate: '2017-01-27',
        part: 'record',
        date: '2017-02-01',
      },
      ['reviews/C1'],
    ],
    [
      "a conference's minutes (no report clock is waiting on them)",
      { type: 'ConferenceMinutesShared', childId: 'C2', conferenceId: 'K1', date: '2017-12-20' },
      ['protection/C2'],
    ],
  ])('routes %s beside the meetings it records', (_name, event, ids) => {
    expect(clocksOf(event).map((c) => c.id)).toEqual(ids);
  });

  it("reminds about a review's records on the review cycle, a conference's minutes on the protection cycle", () => {
    // Prepare
    const obligations = plan(
      [
        lookedAfter,
        { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-27' },
        {
          type: 'ConferenceHeld',
          childId: 'C1',
          conferenceId: 'K1',
          kind: 'initial',
          date: '2017-01-27',
          planMade: true,
        },
      ],
      '2017-01-27',
    );

    // Act
    const kindsOf = (clock: ReturnType<typeof reviewsClock>) =>
      clockObligations(clock, obligations)
        .map((o) => o.kind)
        .sort();

    // Assess
    expect(kindsOf(reviewsClock('C1'))).toEqual([
      'lac-review',
      'review-decisions',
      'review-record',
    ]);
    expect(kindsOf(protectionClock('C1'))).toEqual([
      'conference-minutes',
      'cp-plan-duration-check',
      'cp-review',
    ]);
    expect(kindsOf(reportClock('C1', 'K1'))).toEqual([]);
  });

  it("names executions within Step Functions' rules, whatever the ids hold", () => {
    const name = executionName(reviewsClock('Child 12/ü'.repeat(10)), 'event-1');
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(name).toBe(executionName(reviewsClock('Child 12/ü'.repeat(10)), 'event-1'));
    expect(name).not.toBe(executionName(reviewsClock('Child 12/ü'.repeat(10)), 'event-2'));
  });
});

describe('clocksOf', () => {
  it('routes every event type of the contract to a clock', () => {
    // A retraction is stored in the log of the event it takes back, found by its eventId.
    const samples = CASE_EVENT_TYPES.filter((type) => type !== 'EventRetracted').map((type) => ({
      type,
      childId: 'C1',
      carerId: 'F1',
      disputeId: 'D1',
      conferenceId: 'K1',
    }));
    for (const sample of samples) {
      expect(clocksOf(sample as unknown as CaseEvent).length).toBeGreaterThan(0);
    }
  });

  it('wakes first, for every event type, the clock named as the log the event is stored in', () => {
    // The plan step keeps a log's figures from its own clock's plans alone (clock-steps.ts):
    // right only while every event of the log wakes that clock.
    const samples = CASE_EVENT_TYPES.filter((type) => type !== 'EventRetracted').map((type) => ({
      type,
      childId: 'C1',
      carerId: 'F1',
      disputeId: 'D1',
      conferenceId: 'K1',
    }));
    for (const sample of samples) {
      const [first, ...others] = clocksOf(sample as unknown as CaseEvent);
      expect(first.id, sample.type).toBe(first.log);
      for (const other of others) expect(other.log, sample.type).toBe(first.log);
    }
  });
});
