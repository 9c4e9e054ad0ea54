/**
 * The morning list end to end on the local engines (architecture.md, "Who hears what,
 * and when"): one email per person per working day at 07:30 London, only when something
 * is new; nothing on a weekend or bank holiday; the at-once kinds still at once.
 *
 * The unit, worked out by hand (2017; Good Friday 14 April and Easter Monday 17 April
 * are bank holidays; BST from 26 March):
 * - C1 looked after from Mon 2 January: first review due Mon 30 January, its lines on
 *   Mon 9 January (15 working days before) and Mon 23 January (5 before). The review is
 *   held on Fri 20 January, so nothing about the 30 January date is listed on the 23rd.
 *   The second review is due Thu 20 April: lines on Tue 28 March and Tue 11 April; the
 *   team manager's the day after, Fri 21 April.
 * - C2 looked after from Tue 3 January, first review held Fri 13 January (recorded that
 *   day, so none of its lines ever fell due while it was open): second review due Thu
 *   13 April, lines on Thu 23 March and Thu 6 April; the team manager's on Fri 14 April
 *   (Good Friday) comes in Tuesday 18 April's list; the head of service's 5 working days
 *   after, Mon 24 April.
 * - D1, a dispute about C3 raised Wed 1 March and resolved Thu 2 March: the team
 *   manager hears at once that stage 1 started, in its own email, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMorningLists } from '../../../functions/morning-list.js';
import type { JournalledMail } from '../../../infra/local/engines/mail-page.js';
import { startUnit, type Unit } from './support.js';

const ISSUE_TEXT = 'The placement plan ignores what the child said about their sister';

let unit: Unit;
let mail: readonly JournalledMail[];
beforeAll(async () => {
  unit = await startUnit({
    startAt: '2017-01-02T09:00:00Z',
    subjects: ['C1', 'C2', 'C3'],
    journalMail: true,
  });
  await unit.record({
    eventId: 'c1',
    type: 'BecameLookedAfter',
    childId: 'C1',
    date: '2017-01-02',
  });
  await unit.advanceTo('2017-01-13T12:00:00Z');
  await unit.record({
    eventId: 'c2',
    type: 'BecameLookedAfter',
    childId: 'C2',
    date: '2017-01-03',
  });
  await unit.record({ eventId: 'c2h', type: 'LacReviewHeld', childId: 'C2', date: '2017-01-13' });
  await unit.record({
    eventId: 'c2r',
    type: 'ReviewRecordShared',
    childId: 'C2',
    reviewDate: '2017-01-13',
    part: 'record',
    date: '2017-01-13',
  });
  await unit.advanceTo('2017-01-20T16:00:00Z');
  await unit.record({ eventId: 'c1h', type: 'LacReviewHeld', childId: 'C1', date: '2017-01-20' });
  await unit.record({
    eventId: 'c1r',
    type: 'ReviewRecordShared',
    childId: 'C1',
    reviewDate: '2017-01-20',
    part: 'record',
    date: '2017-01-20',
  });
  await unit.advanceTo('2017-03-01T10:00:00Z');
  await unit.record({
    eventId: 'd1',
    type: 'DisputeRaised',
    disputeId: 'D1',
    childId: 'C3',
    date: '2017-03-01',
    issue: ISSUE_TEXT,
  });
  await unit.advanceTo('2017-03-02T10:00:00Z');
  await unit.record({
    eventId: 'd1r',
    type: 'DisputeResolved',
    disputeId: 'D1',
    date: '2017-03-02',
  });
  await unit.advanceTo('2017-04-25T12:00:00+01:00');
  mail = unit.runtime.mail.entries();
}, 120_000);
afterAll(async () => {
  await unit.stop();
});

const isList = (m: JournalledMail) => m.subject.startsWith('Morning list for ');
const who = (m: JournalledMail) => (m.to[0] ?? '').replace('@council.example', '');
/** The London date a mail went out on (every instant here is at or after 06:30 UTC, so the UTC date is London's). */
const day = (m: JournalledMail) => m.sentAt.slice(0, 10);

describe('the morning list', () => {
  it('sends each person at most one routine email a working day, and only these, on these days', () => {
    const lists = mail.filter(isList).map((m) => `${who(m)} ${day(m)}`);
    expect(lists.sort()).toEqual(
      [
        'iro 2017-01-09',
        'iro 2017-03-23',
        'iro 2017-03-28',
        'iro 2017-04-06',
        'iro 2017-04-11',
        'social-worker 2017-01-09',
        'social-worker 2017-03-23',
        'social-worker 2017-03-28',
        'social-worker 2017-04-06',
        'social-worker 2017-04-11',
        'team-manager 2017-04-18',
        'team-manager 2017-04-21',
        'head-of-service 2017-04-24',
      ].sort(),
    );
    // Nothing but the lists and the one at-once email.
    expect(mail.filter((m) => !isList(m)).map((m) => `${who(m)} ${day(m)}`)).toEqual([
      'team-manager 2017-03-01',
    ]);
  });

  it('goes at 07:30 London: GMT in winter, BST in summer', () => {
    const sent = mail.filter(isList).map((m) => m.sentAt);
    expect(sent).toContain('2017-01-09T07:30:00.000Z');
    expect(sent).toContain('2017-04-18T06:30:00.000Z');
  });

  it("brings a bank holiday's escalation to the next working day, and leaves out what closed before the morning", () => {
    const tm = mail.find((m) => isList(m) && who(m) === 'team-manager');
    expect(tm?.subject).toBe('Morning list for Tuesday 18 April 2017: 1 new, 1 overdue');
    expect(tm?.text).toContain(
      'Overdue (1)\n- [new] Looked-after child review - child C2 - was due Thursday 13 April 2017 (as team manager, escalated to you)',
    );
    // C1's first review was held on Friday 20 January: Monday's list never came.
    expect(
      mail.some((m) => m.text.includes('Monday 30 January 2017') && day(m) > '2017-01-09'),
    ).toBe(false);
  });

  it('lists each item once, under its most urgent heading, most urgent first, with a link to the work tray', () => {
    const iro = mail.find((m) => isList(m) && who(m) === 'iro' && day(m) === '2017-04-11');
    expect(iro?.text).toContain(
      [
        'Due within 5 working days (2)',
        '- Looked-after child review - child C2 - due Thursday 13 April 2017 (as IRO)',
        '  http://localhost:3000/#/child?id=C2',
        '- [new] Looked-after child review - child C1 - due Thursday 20 April 2017 (as IRO)',
        '  http://localhost:3000/#/child?id=C1',
      ].join('\n'),
    );
    const hos = mail.find((m) => isList(m) && who(m) === 'head-of-service');
    expect(hos?.text.match(/child C2/g)).toHaveLength(1);
  });

  it("tells the team manager at once, and once, that the dispute's stage 1 started", () => {
    const started = mail.filter((m) => !isList(m));
    expect(started).toHaveLength(1);
    expect(started[0]?.sentAt).toBe('2017-03-01T10:00:00.000Z');
    expect(started[0]?.subject).toContain('Stage started');
  });

  it('sends nothing more when the same morning is run again (a retried schedule), and nothing on a bank holiday', async () => {
    // Act
    const again = await sendMorningLists({ date: '2017-04-24' }, unit.runtime.deps);
    const goodFriday = await sendMorningLists({ date: '2017-04-14' }, unit.runtime.deps);

    // Assess
    expect(again).toMatchObject({ listDay: true, sent: 0 });
    expect(goodFriday).toMatchObject({ listDay: false, sent: 0 });
    expect(unit.runtime.mail.entries()).toHaveLength(mail.length);
  });

  it("never carries a dispute's text in any email", () => {
    expect(mail.filter((m) => m.text.includes('placement plan'))).toEqual([]);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
