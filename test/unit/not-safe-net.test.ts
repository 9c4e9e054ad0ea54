/**
 * The safety net under a young person's "I don't feel safe" (workflows/schedule.ts):
 * the views request sends the email at once; the child's workflow wakes at the end of
 * that day and makes sure it went, to the IRO and the social worker, keyed as the
 * request keys it. Dates by hand: looked after from Monday 20 February 2017, so the
 * first review is due 20 working days later, Monday 20 March 2017; the views are shared
 * on Thursday 2 March 2017, and that day ends at 00:00 GMT on Friday 3 March.
 */
import { describe, expect, it } from 'vitest';
import { reviewsClock } from '../../workflows/clocks.js';
import type { CaseEvent } from '../../workflows/events.js';
import { renderReminder } from '../../workflows/notifications/templates.js';
import { DEFAULT_SETTINGS } from '../../workflows/policy.js';
import { clockSchedule } from '../../workflows/schedule.js';

const lookedAfter: CaseEvent = {
  type: 'BecameLookedAfter',
  eventId: 'lac-C1',
  childId: 'C1',
  date: '2017-02-20',
};
const views = (feelsSafe: 'yes' | 'no' | 'not-said'): CaseEvent => ({
  type: 'ChildViewsShared',
  eventId: `views-${feelsSafe}`,
  childId: 'C1',
  date: '2017-03-02',
  reviewDue: '2017-03-20',
  feelsSafe,
  attend: 'yes',
  words: 'SECRET WORDS',
});
const scheduleAt = (now: string, events: CaseEvent[]) =>
  clockSchedule(reviewsClock('C1'), events, now, DEFAULT_SETTINGS, { startedAt: now, loops: 0 });
const net = (now: string, events: CaseEvent[]) =>
  scheduleAt(now, events).due.filter((d) => d.step.timing === 'not-safe');

describe('the safety net under "I don\'t feel safe"', () => {
  it("wakes the child's workflow at the end of the day it was said, and not before", () => {
    const during = scheduleAt('2017-03-02T10:00:00Z', [lookedAfter, views('no')]);
    expect(during.due.filter((d) => d.step.timing === 'not-safe')).toEqual([]);
    expect(during.wakeAt).toBe('2017-03-03T00:00:00+00:00');
  });

  it('is due from then to the IRO and the social worker, keyed by child and review', () => {
    const due = net('2017-03-03T00:00:00Z', [lookedAfter, views('no')]);
    expect(due.map((d) => [d.role, d.key])).toEqual([
      ['iro', 'child-safety/C1/2017-03-20/iro'],
      ['social-worker', 'child-safety/C1/2017-03-20/social-worker'],
    ]);
    expect(due[0]?.obligation).toMatchObject({ kind: 'lac-review', due: '2017-03-20' });
  });

  it('is not due when the young person feels safe or would rather not say, nor once it is taken back', () => {
    const at = '2017-03-06T09:00:00Z';
    expect(net(at, [lookedAfter, views('yes')])).toEqual([]);
    expect(net(at, [lookedAfter, views('not-said')])).toEqual([]);
    const takenBack: CaseEvent = {
      type: 'EventRetracted',
      eventId: 'views-no',
      date: '2017-03-02',
      reason: 'recorded in error',
    };
    expect(net(at, [lookedAfter, views('no'), takenBack])).toEqual([]);
  });

  it("says what the views request says, with the child's page and never their words", () => {
    const [first] = net('2017-03-03T00:00:00Z', [lookedAfter, views('no')]);
    if (!first) throw new Error('nothing due');
    const email = renderReminder(
      {
        recipientRole: first.role,
        obligation: first.obligation,
        action: first.step.action,
        timing: first.step.timing,
        caseRecordUrl: 'https://cms.example.gov.uk/children/C1',
        trayLink: 'https://tray.example/#/child?id=C1',
      },
      { unitName: 'The unit' },
    );
    expect(email.subject).toBe('Young person C1 has said they do not feel safe');
    expect(email.text).toContain(
      'Please act today. Their page: https://tray.example/#/child?id=C1',
    );
    for (const body of [email.text, email.html]) expect(body).not.toContain('SECRET');
  });
});
