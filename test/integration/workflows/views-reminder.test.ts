/**
 * The young person's views reminder (issue 20): in the allocated IRO's morning list, 15
 * working days before a looked-after review for which no link has been made yet, once,
 * with the child's reference and the tray link. Worked out by hand (2017; Good Friday
 * 14 April and Easter Monday 17 April are bank holidays):
 * - C1 and C2 looked after from Mon 2 January: first reviews due Mon 30 January; 15
 *   working days before is Mon 9 January (the weekends of 7-8, 14-15, 21-22 and 28-29
 *   January left out). Both held Fri 20 January: second reviews due Thu 20 April.
 * - Counting back 15 working days from Thu 20 April: Wed 19, Tue 18 (then Easter Monday,
 *   Good Friday and the weekend left out), Thu 13, Wed 12, Tue 11, Mon 10, Fri 7, Thu 6,
 *   Wed 5, Tue 4, Mon 3, Fri 31 March, Thu 30, Wed 29, Tue 28 March.
 * - A link is made for C2's second review on Wed 1 March: no reminder for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerViews, RateLimiter } from '../../../functions/views.js';
import type { JournalledMail } from '../../../infra/local/engines/mail-page.js';
import { apiEvent, callHandler } from '../api/support.js';
import { STAFF, startUnit, type Unit } from './support.js';

const REMINDER = 'no link made yet for the young person';

let unit: Unit;
let mail: readonly JournalledMail[];
beforeAll(async () => {
  unit = await startUnit({
    startAt: '2017-01-02T09:00:00Z',
    subjects: ['C1', 'C2'],
    journalMail: true,
  });
  for (const childId of ['C1', 'C2']) {
    await unit.record({
      eventId: `lac-${childId}`,
      type: 'BecameLookedAfter',
      childId,
      date: '2017-01-02',
    });
  }
  await unit.advanceTo('2017-01-20T16:00:00Z');
  for (const childId of ['C1', 'C2']) {
    await unit.record({
      eventId: `held-${childId}`,
      type: 'LacReviewHeld',
      childId,
      date: '2017-01-20',
    });
  }
  await unit.advanceTo('2017-03-01T10:00:00Z');
  const limits = {
    perLink: new RateLimiter(1000, 60_000),
    perAddress: new RateLimiter(1000, 60_000),
  };
  const made = await callHandler(
    unit,
    (e, d) => answerViews(e, d, limits),
    apiEvent(
      'POST /children/{childId}/views-links',
      { roles: ['iro'], sub: STAFF.iro },
      { path: { childId: 'C2' } },
    ),
  );
  expect(made.body.reviewDue).toBe('2017-04-20');
  await unit.advanceTo('2017-04-21T12:00:00+01:00');
  mail = unit.runtime.mail.entries();
}, 120_000);
afterAll(async () => {
  await unit.stop();
});

const who = (m: JournalledMail) => (m.to[0] ?? '').replace('@council.example', '');
const day = (m: JournalledMail) => m.sentAt.slice(0, 10);
/** Each reminder line: recipient, day and the line itself. */
const reminders = () =>
  mail.flatMap((m) =>
    m.text
      .split('\n')
      .filter((line) => line.includes(REMINDER))
      .map((line) => `${who(m)} ${day(m)} ${line}`),
  );

describe("the IRO's reminder that no link was made for the young person's views", () => {
  it('comes 15 working days before each review without a link, once, to the IRO only', () => {
    expect(reminders()).toEqual([
      "iro 2017-01-09 - [new] Review due Monday 30 January 2017: no link made yet for the young person's views - child C1 (as IRO)",
      "iro 2017-01-09 - [new] Review due Monday 30 January 2017: no link made yet for the young person's views - child C2 (as IRO)",
      "iro 2017-03-28 - [new] Review due Thursday 20 April 2017: no link made yet for the young person's views - child C1 (as IRO)",
    ]);
  });

  it("carries the tray link to the child's page, and never a name", () => {
    const list = mail.find((m) => who(m) === 'iro' && day(m) === '2017-03-28');
    const text = list?.text ?? '';
    const at = text.indexOf(REMINDER);
    expect(text.slice(at).split('\n')[1]).toBe('  http://localhost:3000/#/child?id=C1');
    expect(text).not.toContain('The iro');
  });
});
