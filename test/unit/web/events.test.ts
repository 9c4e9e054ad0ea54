/**
 * The Record form's kinds of event: the answers a person gives made into the event the
 * API takes (fields under the API's names, dates and instants as it writes them), the
 * plain problems found before sending, who sees which kind, the participation codes in
 * words, and the list a retraction picks from. Events written out by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  assemble,
  EVENT_KINDS,
  type EventKind,
  kindsFor,
  NOT_RECORDED,
  newEventId,
  problemText,
  recordedText,
  retractable,
} from '../../../web/src/forms/events.js';
import { PARTICIPATION_CODES, PARTICIPATION_WORDS } from '../../../workflows/participation.js';

const kind = (id: string): EventKind => {
  const found = EVENT_KINDS.find((k) => k.id === id);
  if (!found) throw new Error(`no kind ${id}`);
  return found;
};
const date = (name: string, day: string, month: string, year: string) => ({
  [`${name}.day`]: day,
  [`${name}.month`]: month,
  [`${name}.year`]: year,
});

describe('assemble: answers into the event the API takes', () => {
  it.each([
    [
      'review-held',
      { childId: ' C1 ', ...date('date', '27', '1', '2017'), participation: 'PN1' },
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-27', participation: 'PN1' },
    ],
    [
      // "Not known yet" leaves the optional code out.
      'review-held',
      { childId: 'C1', ...date('date', '27', '1', '2017'), participation: NOT_RECORDED },
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-01-27' },
    ],
    [
      'iro-contact',
      { childId: 'C1', ...date('date', '3', '2', '2017'), method: 'video' },
      { type: 'IroContactWithChild', childId: 'C1', date: '2017-02-03', method: 'video' },
    ],
    [
      'record-shared',
      {
        childId: 'C1',
        ...date('reviewDate', '27', '1', '2017'),
        part: 'decisions',
        ...date('date', '1', '2', '2017'),
      },
      {
        type: 'ReviewRecordShared',
        childId: 'C1',
        reviewDate: '2017-01-27',
        part: 'decisions',
        date: '2017-02-01',
      },
    ],
    [
      // 27 March 2017 is in summer time: 10:00 in London is +01:00.
      'conference-booked',
      {
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        ...date('date', '13', '3', '2017'),
        ...date('at', '27', '3', '2017'),
        'at.time': '10:00',
      },
      {
        type: 'ConferenceBooked',
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-13',
        at: '2017-03-27T10:00:00+01:00',
      },
    ],
    [
      'report-shared',
      { childId: 'C2', conferenceId: 'K1', ...date('at', '23', '3', '2017'), 'at.time': '9.30' },
      { type: 'ReportShared', childId: 'C2', conferenceId: 'K1', at: '2017-03-23T09:30:00+00:00' },
    ],
    [
      // An initial conference asks whether a plan was made, not whether it continues.
      'conference-held',
      {
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        ...date('date', '27', '3', '2017'),
        planMade: 'true',
        planContinues: 'false',
        familyAttended: 'false',
      },
      {
        type: 'ConferenceHeld',
        childId: 'C2',
        conferenceId: 'K1',
        kind: 'initial',
        date: '2017-03-27',
        planMade: true,
        familyAttended: false,
      },
    ],
    [
      'conference-held',
      {
        childId: 'C2',
        conferenceId: 'K2',
        kind: 'review',
        ...date('date', '27', '6', '2017'),
        planContinues: 'true',
        familyAttended: NOT_RECORDED,
      },
      {
        type: 'ConferenceHeld',
        childId: 'C2',
        conferenceId: 'K2',
        kind: 'review',
        date: '2017-06-27',
        planContinues: true,
      },
    ],
    [
      'minutes-shared',
      { childId: 'C2', conferenceId: 'K1', ...date('date', '10', '4', '2017') },
      { type: 'ConferenceMinutesShared', childId: 'C2', conferenceId: 'K1', date: '2017-04-10' },
    ],
    [
      'dispute-raised',
      { childId: 'C3', disputeId: 'D1', ...date('date', '19', '12', '2017'), issue: ' Plan. ' },
      { type: 'DisputeRaised', childId: 'C3', disputeId: 'D1', date: '2017-12-19', issue: 'Plan.' },
    ],
    [
      'dispute-escalated',
      { disputeId: 'D1', ...date('date', '3', '1', '2018'), toStage: '3' },
      { type: 'DisputeEscalated', disputeId: 'D1', date: '2018-01-03', toStage: 3 },
    ],
    [
      'dispute-resolved',
      { disputeId: 'D1', ...date('date', '5', '1', '2018') },
      { type: 'DisputeResolved', disputeId: 'D1', date: '2018-01-05' },
    ],
    [
      // The child's reference finds the log; only the event's id goes to the API.
      'retraction',
      {
        childId: 'C1',
        eventId: 'e-1',
        reason: 'Recorded for the wrong child',
        ...date('date', '2', '2', '2017'),
      },
      {
        type: 'EventRetracted',
        eventId: 'e-1',
        reason: 'Recorded for the wrong child',
        date: '2017-02-02',
      },
    ],
  ])('%s', (id, answers, expected) => {
    expect(assemble(kind(id), answers)).toEqual({ ok: true, event: expected });
  });
});

describe('assemble: plain problems, found before anything is sent', () => {
  it('names every question left unanswered, by the API field', () => {
    expect(assemble(kind('iro-contact'), {})).toEqual({
      ok: false,
      problems: [
        { field: 'childId', reason: 'is required' },
        { field: 'date', reason: 'is required' },
        { field: 'method', reason: 'must be chosen' },
      ],
    });
  });

  it("refuses a reference the API's id rule refuses, naming it, before anything is sent", () => {
    // A zero-width space after C1 looks like C1 on the page; the bidi override reverses it.
    expect(
      assemble(kind('review-held'), { childId: 'C1\u200b', ...date('date', '27', '1', '2017') }),
    ).toEqual({
      ok: false,
      problems: [
        { field: 'childId', reason: expect.stringContaining('may hold only letters, digits') },
      ],
    });
    expect(
      assemble(kind('dispute-raised'), {
        childId: 'C1',
        disputeId: 'D\u202e1',
        issue: 'x',
        ...date('date', '27', '1', '2017'),
      }),
    ).toMatchObject({
      ok: false,
      problems: [{ field: 'disputeId' }],
    });
  });

  it('refuses a date that does not exist', () => {
    const made = assemble(kind('review-held'), {
      childId: 'C1',
      ...date('date', '29', '2', '2017'),
    });
    expect(made).toEqual({
      ok: false,
      problems: [{ field: 'date', reason: 'must be a real date, such as 27 3 2017' }],
    });
  });

  it('asks for the time of a conference as well as its date', () => {
    const made = assemble(kind('report-shared'), {
      childId: 'C2',
      conferenceId: 'K1',
      ...date('at', '23', '3', '2017'),
    });
    expect(made).toEqual({ ok: false, problems: [{ field: 'at', reason: 'needs a time' }] });
  });

  it("refuses a dispute's issue over 10,000 characters, and takes one of exactly 10,000", () => {
    const answers = { childId: 'C3', disputeId: 'D1', ...date('date', '1', '2', '2017') };
    expect(assemble(kind('dispute-raised'), { ...answers, issue: 'x'.repeat(10_001) })).toEqual({
      ok: false,
      problems: [{ field: 'issue', reason: 'must be at most 10,000 characters' }],
    });
    expect(assemble(kind('dispute-raised'), { ...answers, issue: 'x'.repeat(10_000) }).ok).toBe(
      true,
    );
  });

  it('asks whether the plan continues only of a review conference', () => {
    const made = assemble(kind('conference-held'), {
      childId: 'C2',
      conferenceId: 'K2',
      kind: 'review',
      ...date('date', '27', '6', '2017'),
    });
    expect(made).toEqual({
      ok: false,
      problems: [{ field: 'planContinues', reason: 'must be chosen' }],
    });
  });
});

describe('who records what', () => {
  it.each([
    // Disputes are raised, escalated and resolved by IROs and administrators only; a
    // retraction by IROs, managers and administrators; a case audit by managers
    // (functions/shared/access.ts). The 18 kinds that start or end a clock, or close a carer's,
    // secure or short-breaks review, for all.
    [['social-worker'], 25],
    [['manager'], 27],
    [['iro'], 29],
    [['admin'], 29],
  ] as const)('%j may record %i kinds', (roles, count) => {
    expect(kindsFor(roles)).toHaveLength(count);
  });

  it('gives a social worker no dispute and no retraction', () => {
    const ids = kindsFor(['social-worker']).map((k) => k.id);
    expect(ids).not.toContain('dispute-raised');
    expect(ids).not.toContain('retraction');
  });
});

describe('the participation codes in words', () => {
  it('words every SSDA903 code as figures.md does', () => {
    expect(Object.keys(PARTICIPATION_WORDS)).toEqual([...PARTICIPATION_CODES]);
    expect(PARTICIPATION_WORDS.PN0).toBe('The child was under 4 at the time of the review');
    expect(PARTICIPATION_WORDS.PN7).toBe(
      'The child did not attend and their views were not conveyed',
    );
  });

  it('offers each code with its words on the review form, and "not known yet" apart', () => {
    const field = kind('review-held').fields.find((f) => f.name === 'participation');
    expect(field?.kind === 'radios' && field.choices.map((c) => `${c.hint}: ${c.label}`)).toEqual(
      PARTICIPATION_CODES.map((code) => `${code}: ${PARTICIPATION_WORDS[code]}`),
    );
    expect(field?.kind === 'radios' && field.notRecorded).toBe('Not known yet');
  });
});

describe('words for people', () => {
  it.each([
    ['Date of the review', 'is required', 'Date of the review is required'],
    ['Date of the review', 'must be a real date', 'Date of the review must be a real date'],
    [
      "Child's reference",
      'child C9 is not looked after on 2017-01-05',
      "Child's reference: child C9 is not looked after on 2017-01-05",
    ],
    [undefined, 'an event must be a JSON object', 'an event must be a JSON object'],
  ])('%s + %s', (label, reason, expected) => {
    expect(problemText(label, reason)).toBe(expected);
  });

  it('says what was recorded, for whom and when', () => {
    expect(
      recordedText(kind('review-held'), {
        type: 'LacReviewHeld',
        childId: 'C1',
        date: '2017-01-27',
      }),
    ).toBe('Looked-after review held recorded for child C1, 27 January 2017');
    expect(
      recordedText(kind('report-shared'), {
        type: 'ReportShared',
        childId: 'C2',
        conferenceId: 'K1',
        at: '2017-03-23T09:30:00+00:00',
      }),
    ).toBe('Conference report shared recorded for child C2, conference K1, 23 March 2017 at 09:30');
  });
});

describe('retractable: the events a retraction picks from', () => {
  const entry = (
    eventId: string,
    recordedAt: string,
    event: AuditEntry['event'] & Record<string, unknown>,
    more: Partial<AuditEntry> = {},
  ): AuditEntry => ({ eventId, source: 'staff', recordedBy: 'iro', recordedAt, event, ...more });

  it('lists those still counting, latest recorded first, in words with ids and dates only', () => {
    const listed = retractable([
      entry('a', '2017-01-02T09:00:00Z', { type: 'BecameLookedAfter', date: '2017-01-02' }),
      entry(
        'b',
        '2017-01-27T15:00:00Z',
        { type: 'LacReviewHeld', date: '2017-01-27' },
        { retracted: { by: 'iro', at: '2017-01-28T09:00:00Z', reason: 'wrong child' } },
      ),
      entry('c', '2017-01-28T09:00:00Z', { type: 'EventRetracted', date: '2017-01-28' }),
      entry('d', '2017-03-13T11:00:00Z', {
        type: 'ConferenceBooked',
        date: '2017-03-13',
        conferenceId: 'K1',
        kind: 'initial',
        issue: 'never shown',
      }),
    ]);
    expect(listed).toEqual([
      {
        eventId: 'd',
        label: 'Conference booked, conference K1 (initial), 13 March 2017',
        hint: 'Recorded by iro on 13 March 2017 at 11:00',
      },
      {
        eventId: 'a',
        label: 'Became looked after, 2 January 2017',
        hint: 'Recorded by iro on 2 January 2017 at 09:00',
      },
    ]);
  });

  it('puts the later of two recorded at the same instant first, by its place in the log', () => {
    const at = '2017-04-03T09:00:00Z';
    const listed = retractable([
      entry('first', at, { type: 'BecameLookedAfter', date: '2017-01-02' }),
      entry('second', at, { type: 'LacReviewHeld', date: '2017-01-27' }),
    ]);
    expect(listed.map((l) => l.eventId)).toEqual(['second', 'first']);
  });
});

describe('newEventId', () => {
  it('is a version 4 UUID, new each time', () => {
    const [a, b] = [newEventId(), newEventId()];
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).not.toBe(a);
  });
});
