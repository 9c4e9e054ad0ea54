/**
 * Who gets a morning list, and what it carries, hang on nothing but their own lines: a
 * line told before is in its holder's list whenever they get one, whichever subject
 * their new line comes from and whether another person's list went first (a rerun of a
 * morning a crash cut short). The fault suite, run under load, once saw the team
 * manager's list of a morning differ from the clean run's by one such line.
 *
 * Worked out by hand (2017; no bank holiday between 2 January and 6 February):
 * - C1 looked after from Mon 2 January: first review due Mon 30 January (20 working
 *   days). Never held: the team manager's escalation falls the day after, Tue 31
 *   January (their list that morning, as new); the head of service's 5 working days
 *   after, Mon 6 February.
 * - C2 looked after from Fri 6 January: first review due Fri 3 February. The team
 *   manager's escalation falls on Sat 4 February, so it comes in Monday 6 February's list.
 * So on Monday 6 February C1's only new line is the head of service's, and C1 comes
 * before C2; the team manager's list has C2 as new and C1, told on 31 January, still
 * overdue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientMailError } from '../../../functions/adapters/ses/sending.js';
import { sendMorningLists } from '../../../functions/morning-list.js';
import type { JournalledMail } from '../../../infra/local/engines/mail-page.js';
import { emailOf, startUnit, type Unit } from './support.js';

const isList = (m: JournalledMail) => m.subject.startsWith('Morning list for ');
const who = (m: JournalledMail) => (m.to[0] ?? '').replace('@council.example', '');

const TEAM_MANAGERS_MONDAY = [
  'Morning list for Monday 6 February 2017: 1 new, 2 overdue.',
  '',
  'Overdue (2)',
  '- Looked-after child review - child C1 - was due Monday 30 January 2017 (as team manager, escalated to you)',
  '  http://localhost:3000/#/child?id=C1',
  '- [new] Looked-after child review - child C2 - was due Friday 3 February 2017 (as team manager, escalated to you)',
  '  http://localhost:3000/#/child?id=C2',
].join('\n');

async function twoChildren(): Promise<Unit> {
  const unit = await startUnit({
    startAt: '2017-01-02T09:00:00Z',
    subjects: ['C1', 'C2'],
    journalMail: true,
  });
  await unit.record({
    eventId: 'c1',
    type: 'BecameLookedAfter',
    childId: 'C1',
    date: '2017-01-02',
  });
  await unit.advanceTo('2017-01-06T09:00:00Z');
  await unit.record({
    eventId: 'c2',
    type: 'BecameLookedAfter',
    childId: 'C2',
    date: '2017-01-06',
  });
  return unit;
}

describe("a manager's list on a morning whose first new line is someone else's", () => {
  /** The clock passes Monday 6 February: every list goes at 07:30. */
  let whole: Unit;
  /** Monday's lists run by hand: the team manager's fails the first time, then the schedule's retry. */
  let rerun: Unit;
  beforeAll(async () => {
    whole = await twoChildren();
    await whole.advanceTo('2017-02-06T12:00:00Z');
    rerun = await twoChildren();
    await rerun.advanceTo('2017-02-06T07:00:00Z');
  }, 120_000);
  afterAll(async () => {
    await whole.stop();
    await rerun.stop();
  });
  const mondays = (unit: Unit) =>
    unit.runtime.mail.entries().filter((m) => isList(m) && m.subject.includes('Monday 6 February'));

  it('carries their overdue work of a child whose only new line that morning went to another person', () => {
    const monday = mondays(whole);
    expect(monday.map(who).sort()).toEqual(['head-of-service', 'team-manager']);
    const tm = monday.find((m) => who(m) === 'team-manager');
    expect(tm?.text.startsWith(`${TEAM_MANAGERS_MONDAY}\n\n`)).toBe(true);
    // C1's new line that morning is the head of service's.
    expect(monday.find((m) => who(m) === 'head-of-service')?.subject).toBe(
      'Morning list for Monday 6 February 2017: 1 new, 1 overdue',
    );
  });

  it("is the same list when it is sent on a rerun, after the other person's went", async () => {
    // Prepare: the first run sends the head of service's list; the team manager's fails
    const { deps } = rerun.runtime;
    const teamManagerFails = {
      ...deps,
      morningLists: {
        send: (list: Parameters<typeof deps.morningLists.send>[0]) =>
          list.to === emailOf('team-manager')
            ? Promise.reject(new TransientMailError('Throttling', 3, undefined))
            : deps.morningLists.send(list),
      },
    };
    await expect(sendMorningLists({ date: '2017-02-06' }, teamManagerFails)).rejects.toThrow(
      'sending a morning list failed',
    );

    // Act: the schedule's retry
    const result = await sendMorningLists({ date: '2017-02-06' }, deps);

    // Assess: the head of service's list once; the team manager's as the whole morning gave it
    expect(result).toMatchObject({ sent: 1, busy: 0, failed: 0 });
    const [first, second, ...more] = mondays(rerun);
    expect([first, second, ...more].map((m) => m && who(m))).toEqual([
      'head-of-service',
      'team-manager',
    ]);
    const clean = mondays(whole).find((m) => who(m) === 'team-manager');
    expect(second?.text).toBe(clean?.text);
    expect(first?.text).toBe(mondays(whole).find((m) => who(m) === 'head-of-service')?.text);
  });
});
