/**
 * The morning list reads only what may be new since its last whole list (a list run
 * that sent or told every new line): lines whose day came after it, and obligations
 * whose board entry changed since. These pin that nothing that fell due is left out by
 * that narrower read. Worked out by hand (2017):
 * - A child looked after from Mon 2 January has a first review due Mon 30 January; its
 *   first lines (15 working days before) fall on Mon 9 January, to the IRO and the
 *   social worker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientMailError } from '../../../functions/adapters/ses/sending.js';
import { listKey, sendMorningLists } from '../../../functions/morning-list.js';
import type { JournalledMail } from '../../../infra/local/engines/mail-page.js';
import { startUnit, type Unit } from './support.js';

const isList = (m: JournalledMail) => m.subject.startsWith('Morning list for ');
const who = (m: JournalledMail) => (m.to[0] ?? '').replace('@council.example', '');
const day = (m: JournalledMail) => m.sentAt.slice(0, 10);

describe('an event recorded late', () => {
  let unit: Unit;
  beforeAll(async () => {
    unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      journalMail: true,
    });
    // Every morning from 3 to 13 January runs, with nothing to send.
    await unit.advanceTo('2017-01-13T12:00:00Z');
    // Recorded on Friday 13 January: its lines fell on Monday 9, before the last list.
    await unit.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    await unit.advanceTo('2017-01-17T12:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await unit.stop();
  });

  it("is in the next working day's list (Monday 16 January), as new, once", () => {
    const lists = unit.runtime.mail.entries().filter(isList);
    expect(lists.map((m) => `${who(m)} ${day(m)}`).sort()).toEqual([
      'iro 2017-01-16',
      'social-worker 2017-01-16',
    ]);
    expect(lists[0]?.text).toContain(
      '- [new] Looked-after child review - child C1 - due Monday 30 January 2017 (as IRO',
    );
  });
});

describe('a morning whose list failed', () => {
  let unit: Unit;
  beforeAll(async () => {
    // The virtual clock stays put: each morning is run by hand, by its date.
    unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      journalMail: true,
    });
    await unit.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
  }, 60_000);
  afterAll(async () => {
    await unit.stop();
  });

  it("brings the failed morning's lines, as new, into the next list that goes, and not again", async () => {
    // Prepare: Friday 6 January went whole (nothing due); Monday 9 January's sends failed.
    const { deps } = unit.runtime;
    const failing = {
      ...deps,
      morningLists: {
        send: () => Promise.reject(new TransientMailError('Throttling', 3, undefined)),
      },
    };
    expect(await sendMorningLists({ date: '2017-01-06' }, deps)).toMatchObject({ sent: 0 });
    await expect(sendMorningLists({ date: '2017-01-09' }, failing)).rejects.toThrow(
      'sending a morning list failed',
    );

    // Act: Tuesday, then Wednesday
    const tuesday = await sendMorningLists({ date: '2017-01-10' }, deps);
    const wednesday = await sendMorningLists({ date: '2017-01-11' }, deps);

    // Assess
    expect(tuesday).toMatchObject({ sent: 2, busy: 0, failed: 0 });
    expect(wednesday).toMatchObject({ sent: 0 });
    const lists = unit.runtime.mail.entries().filter(isList);
    expect(lists.map((m) => `${who(m)} ${m.subject}`).sort()).toEqual([
      // The IRO's: the review's line, and that no link is made yet for the young person's views.
      'iro Morning list for Tuesday 10 January 2017: 2 new',
      'social-worker Morning list for Tuesday 10 January 2017: 1 new',
    ]);
  });
});

describe('a morning list another attempt holds', () => {
  let unit: Unit;
  beforeAll(async () => {
    // C1 looked after from Mon 2 January 2017: the first review is due Mon 30 January,
    // its lines on Mon 9 January (15 working days before), to the IRO and social worker.
    unit = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      sendLeaseSeconds: 2,
    });
    await unit.record({
      eventId: 'c1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
  }, 60_000);
  afterAll(async () => {
    await unit.stop();
  });

  it("is sent the same morning once the dead attempt's lease runs out, by the real clock", async () => {
    // Prepare: a run that died a moment ago left the IRO's list of Monday 9 January taken
    const { deps } = unit.runtime;
    expect(
      await deps.notifications.claim(
        listKey('iro', '2017-01-09'),
        deps.sendLease.now(),
        deps.sendLease.seconds,
        'died',
      ),
    ).toBe('claimed');

    // Act: the schedule's retry of that morning
    const result = await sendMorningLists({ date: '2017-01-09' }, deps);

    // Assess: both lists went, none left held
    expect(result).toMatchObject({ sent: 2, busy: 0 });
    expect((await unit.mail()).map((m) => m.to).sort()).toEqual([
      'iro@council.example',
      'social-worker@council.example',
    ]);
  });
});
