/**
 * A manager's answer to a dispute (`DisputeAnswered`, a local addition to the contract):
 * its fields, that it moves no date and resolves nothing (the IRO's independence), the
 * history it contradicts, the IRO's one email about it, and that email's words.
 *
 * Worked by hand: D1 about C1 raised Wed 29 March 2017; stage 1 (team manager) due 5
 * working days on, Wed 5 April (30, 31 March, 3, 4, 5 April). Unresolved, it moves to
 * stage 2 (service manager) by itself on Thu 6 April, due 5 working days after 5 April:
 * Wed 12 April (6, 7, 10, 11, 12 April).
 */
import { describe, expect, it } from 'vitest';
import { disputeClock } from '../../workflows/clocks.js';
import { type CaseEvent, parseEvent } from '../../workflows/events.js';
import { renderReminder } from '../../workflows/notifications/templates.js';
import { reviewHistory } from '../../workflows/plan.js';
import { DEFAULT_SETTINGS } from '../../workflows/policy.js';
import { clockSchedule } from '../../workflows/schedule.js';

const ANSWER = 'Contact will be reviewed at the next panel on 12 April';
const raised: CaseEvent = {
  type: 'DisputeRaised',
  eventId: 'staff:r-1',
  disputeId: 'D1',
  childId: 'C1',
  date: '2017-03-29',
  issue: 'The plan for contact has drifted',
};
const answered: CaseEvent = {
  type: 'DisputeAnswered',
  eventId: 'staff:a-1',
  disputeId: 'D1',
  date: '2017-04-03',
  answer: ANSWER,
};

describe('the DisputeAnswered event', () => {
  it('takes a dispute, a date and the answer, and nothing about the child', () => {
    const { eventId: _id, ...event } = answered;
    expect(parseEvent(event)).toEqual({ ok: true, event });
    expect(parseEvent({ ...event, childId: 'C1' })).toMatchObject({ ok: false });
  });

  it.each([
    ['no answer', { answer: undefined }, 'answer', 'is required'],
    ['a blank answer', { answer: '   ' }, 'answer', 'must not be empty'],
    [
      '10,001 characters',
      { answer: 'x'.repeat(10_001) },
      'answer',
      'must be at most 10000 characters',
    ],
    ['no dispute', { disputeId: undefined }, 'disputeId', 'is required'],
    ['no such date', { date: '2017-02-30' }, 'date', 'must be a real date written YYYY-MM-DD'],
  ])('refuses %s, naming %s and never repeating the answer', (_, change, field, reason) => {
    const { eventId: _id, ...event } = answered;
    const input = JSON.parse(JSON.stringify({ ...event, ...change }));
    const result = parseEvent(input);
    expect(result).toEqual({ ok: false, problems: [{ field, reason }] });
    expect(JSON.stringify(result)).not.toContain(ANSWER);
  });
});

describe('an answer moves no date and resolves nothing', () => {
  it.each([
    // Stage 1 open, as the team manager answers.
    ['2017-04-03', { stage: 1, due: '2017-04-05', startedOn: '2017-03-29', overdue: false }],
    // Answered or not, stage 1 runs out and the dispute moves on by itself.
    ['2017-04-06', { stage: 2, due: '2017-04-12', startedOn: '2017-04-06', overdue: false }],
    // And again: stage 3 from Thu 13 April, due 5 working days after 12 April with Good
    // Friday and Easter Monday skipped: 13, 18, 19, 20, 21 April.
    ['2017-04-13', { stage: 3, due: '2017-04-21', startedOn: '2017-04-13', overdue: false }],
  ])('on %s the obligations are the same with and without it', (asOf, expected) => {
    // Act
    const without = reviewHistory([raised], asOf);
    const withAnswer = reviewHistory([raised, answered], asOf);
    // Assess: as worked out by hand, and identical.
    expect(withAnswer.problems).toEqual([]);
    expect(withAnswer.obligations).toEqual([
      expect.objectContaining({ kind: 'dispute-stage', subjectId: 'C1', refId: 'D1', ...expected }),
    ]);
    expect(withAnswer.obligations).toEqual(without.obligations);
  });

  it('is refused before the dispute is raised, and after it is resolved', () => {
    const early = { ...answered, date: '2017-03-28' };
    const resolved: CaseEvent = { type: 'DisputeResolved', disputeId: 'D1', date: '2017-03-31' };
    expect(reviewHistory([raised, early], '2017-04-03').problems).toEqual([
      expect.objectContaining({
        type: 'DisputeAnswered',
        field: 'disputeId',
        reason: 'the dispute has not been raised by 2017-03-28',
      }),
    ]);
    expect(reviewHistory([raised, resolved, answered], '2017-04-03').problems).toEqual([
      expect.objectContaining({
        type: 'DisputeAnswered',
        reason: 'the dispute was already resolved on 2017-03-31',
      }),
    ]);
  });
});

describe("the IRO's email about an answer", () => {
  const now = '2017-04-03T10:00:00+01:00';
  const schedule = (events: CaseEvent[]) =>
    clockSchedule(disputeClock('D1'), events, now, DEFAULT_SETTINGS, { startedAt: now, loops: 0 });
  const told = (events: CaseEvent[]) =>
    schedule(events).due.filter((d) => d.step.timing === 'answered');

  it('is due at once, to the IRO, once per answer, naming the stage it stands at', () => {
    const [only, ...more] = told([raised, answered]);
    expect(more).toEqual([]);
    expect(only).toMatchObject({
      role: 'iro',
      key: 'dispute-answered/D1/staff%3Aa-1#iro',
      step: { name: 'answered', action: 'reminder', to: ['iro'] },
      obligation: { kind: 'dispute-stage', refId: 'D1', stage: 1, due: '2017-04-05' },
    });
    // Two answers, two emails, each under its own key.
    const second = { ...answered, eventId: 'staff:a-2' };
    expect(told([raised, answered, second]).map((d) => d.key)).toEqual([
      'dispute-answered/D1/staff%3Aa-1#iro',
      'dispute-answered/D1/staff%3Aa-2#iro',
    ]);
  });

  it('leaves the rest of the plan as it was: what is open and when the clock wakes', () => {
    const { due: _a, ...withAnswer } = schedule([raised, answered]);
    const { due: _b, ...without } = schedule([raised]);
    expect(withAnswer).toEqual(without);
  });

  it('is not sent for an answer taken back, nor once the dispute is resolved', () => {
    const takenBack: CaseEvent = {
      type: 'EventRetracted',
      eventId: 'staff:a-1',
      reason: 'answered the wrong dispute',
      date: '2017-04-03',
    };
    const resolved: CaseEvent = { type: 'DisputeResolved', disputeId: 'D1', date: '2017-04-03' };
    expect(told([raised, answered, takenBack])).toEqual([]);
    expect(told([raised, answered, resolved])).toEqual([]);
  });

  it("says the dispute's and child's references and links to its page, never the answer", () => {
    // Prepare: the answer smuggled onto the obligation, as a careless caller might.
    const obligation = {
      kind: 'dispute-stage',
      subjectId: 'C1',
      refId: 'D1',
      due: '2017-04-05',
      stage: 1,
      overdue: false,
      answer: ANSWER,
    } as const;
    // Act
    const email = renderReminder(
      {
        recipientRole: 'iro',
        obligation,
        action: 'reminder',
        timing: 'answered',
        caseRecordUrl: 'https://cms.example.gov.uk/children/C1',
        trayLink: 'https://tray.example.gov.uk/#/dispute?id=D1',
      },
      { unitName: "Children's Safeguarding Unit" },
    );
    // Assess
    expect(email.subject).toBe('Dispute answered: dispute D1, child C1 - stage 1 (team manager)');
    expect(email.text).toContain(
      'Dispute answered: the team manager has answered dispute D1, child C1, at stage 1.',
    );
    expect(email.text).toContain('Stage to respond by: Wednesday 5 April 2017');
    expect(email.text).toContain('Work tray: https://tray.example.gov.uk/#/dispute?id=D1');
    expect(email.html).toContain('href="https://tray.example.gov.uk/#/dispute?id=D1"');
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toContain(ANSWER);
      expect(part).not.toContain('cms.example.gov.uk');
    }
  });
});
