import { describe, expect, it } from 'vitest';
import {
  CASE_EVENT_TYPES,
  eventDate,
  parseEvent,
  parseEventLines,
} from '../../workflows/events.js';

describe('parseEvent', () => {
  it.each([
    { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' },
    { type: 'ReviewBroughtForward', childId: 'C1', date: '2017-01-02', reviewBy: '2017-01-20' },
    { type: 'StrategyDiscussionHeld', childId: 'C1', date: '2017-04-10', section47: false },
    {
      type: 'ConferenceBooked',
      childId: 'C1',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-13',
      at: '2017-03-27T10:00:00+01:00',
    },
    { type: 'ReportShared', childId: 'C1', conferenceId: 'K1', at: '2017-03-22T16:00:00Z' },
    {
      type: 'ConferenceHeld',
      childId: 'C1',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-27',
      planMade: true,
    },
    {
      type: 'ConferenceHeld',
      childId: 'C1',
      conferenceId: 'K2',
      kind: 'review',
      date: '2017-06-27',
      planContinues: false,
      familyAttended: true,
    },
    { type: 'FosterCarerApproved', carerId: 'F1', date: '2017-01-02' },
    { type: 'DisputeRaised', disputeId: 'D1', childId: 'C1', date: '2017-12-19', issue: 'drift' },
    { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-20', toStage: 4, eventId: 'e-9' },
  ])('accepts a well-formed $type', (input) => {
    // Act
    const result = parseEvent(input);

    // Assess
    expect(result).toEqual({ ok: true, event: input });
  });

  it.each([
    [{ childId: 'C1', date: '2017-01-02' }, 'type', 'is required'],
    [
      { type: 'ChildAdopted', childId: 'C1', date: '2017-01-02' },
      'type',
      'is not a known event type',
    ],
    [{ type: 'BecameLookedAfter', childId: 'C1', date: '2017-02-29' }, 'date', 'real date'],
    [{ type: 'BecameLookedAfter', childId: 'C1', date: '02/01/2017' }, 'date', 'YYYY-MM-DD'],
    [{ type: 'BecameLookedAfter', date: '2017-01-02' }, 'childId', 'is required'],
    [{ type: 'BecameLookedAfter', childId: ' ', date: '2017-01-02' }, 'childId', 'empty'],
    [
      { type: 'ReviewBroughtForward', childId: 'C1', date: '2017-03-02', reviewBy: '2017-03-01' },
      'reviewBy',
      'on or after',
    ],
    [
      { type: 'StrategyDiscussionHeld', childId: 'C1', date: '2017-04-10' },
      'section47',
      'required',
    ],
    [
      {
        type: 'ConferenceBooked',
        childId: 'C1',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-13',
        at: '2017-03-27 10:00',
      },
      'at',
      'date-time',
    ],
    [
      {
        type: 'ConferenceBooked',
        childId: 'C1',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-13',
        at: '2017-03-27T10:00:00',
      },
      'at',
      'offset',
    ],
    [
      {
        type: 'ConferenceBooked',
        childId: 'C1',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-13',
        at: '2017-03-10T10:00:00Z',
      },
      'at',
      'before the date it was booked',
    ],
    [
      {
        type: 'ConferenceHeld',
        childId: 'C1',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-27',
      },
      'planMade',
      'required',
    ],
    [
      {
        type: 'ConferenceHeld',
        childId: 'C1',
        conferenceId: 'K1',
        kind: 'review',
        date: '2017-03-27',
        planMade: true,
      },
      'planContinues',
      'required',
    ],
    [
      { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-20', toStage: 6 },
      'toStage',
      '2 to 5',
    ],
    [
      { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-12-20', toStage: 2.5 },
      'toStage',
      'whole',
    ],
    [
      { type: 'DisputeRaised', disputeId: 'D1', childId: 'C1', date: '2017-12-19' },
      'issue',
      'required',
    ],
  ])('rejects %j, naming %s', (input, field, reason) => {
    // Act
    const result = parseEvent(input);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toContainEqual({ field, reason: expect.stringContaining(reason) });
  });

  it('rejects fields the contract does not name, so a typo or personal data is caught', () => {
    // Act
    const result = parseEvent({
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
      childName: 'not for this system',
    });

    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [{ reason: 'unexpected field: the 4th field of the event' }],
    });
  });

  it('reports every problem of an event, not only the first', () => {
    // Act
    const result = parseEvent({ type: 'LacReviewHeld', date: '2017-13-01' });

    // Assess
    expect(result.ok ? [] : result.problems.map((p) => p.field).sort()).toEqual([
      'childId',
      'date',
    ]);
  });

  it('has a schema for every event type of the spec', () => {
    // 31, the young person's ChildViewsShared (issue 20), and the local DisputeAnswered.
    expect(CASE_EVENT_TYPES).toHaveLength(33);
  });
});

describe('parseEventLines', () => {
  it('reads a file that begins with a byte order mark, as a Windows export may (npm start --events)', () => {
    const read = parseEventLines(
      '\uFEFF{"type":"BecameLookedAfter","childId":"C1","date":"2017-01-02"}\r\n',
    );
    expect(read.problems).toEqual([]);
    expect(read.events).toEqual([
      { line: 1, event: { type: 'BecameLookedAfter', childId: 'C1', date: '2017-01-02' } },
    ]);
  });

  it('numbers problems by line, skips blank lines, and keeps the valid events', () => {
    // Prepare
    const text = [
      '{"type":"BecameLookedAfter","childId":"C1","date":"2017-01-02"}',
      '',
      '{"type":"BecameLookedAfter","childId":"Jane Smith", "date":',
      '{"type":"LacReviewHeld","childId":"C1","date":"2017-02-30"}',
      '[1,2]',
      '{"type":"LacReviewHeld","childId":"C1","date":"2017-01-27"}\r',
    ].join('\n');

    // Act
    const { events, problems } = parseEventLines(text);

    // Assess
    expect(events.map((e) => e.line)).toEqual([1, 6]);
    expect(problems).toEqual([
      { line: 3, reason: 'is not valid JSON' },
      { line: 4, field: 'date', reason: expect.stringContaining('real date') },
      { line: 5, reason: 'an event must be a JSON object' },
    ]);
    // The malformed line held a name: it must not be echoed back.
    expect(JSON.stringify(problems)).not.toContain('Jane');
  });
});

describe('eventDate', () => {
  it.each([
    ['2017-03-22T23:30:00Z', '2017-03-22'],
    ['2017-06-22T23:30:00Z', '2017-06-23'],
    ['2017-06-23T00:30:00+01:00', '2017-06-23'],
  ])('dates a shared report by its London date: %s is %s', (at, date) => {
    expect(eventDate({ type: 'ReportShared', childId: 'C1', conferenceId: 'K1', at })).toBe(date);
  });
});
