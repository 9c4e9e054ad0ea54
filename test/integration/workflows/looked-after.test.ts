/**
 * A looked-after child's first year, end to end on the local engines: the synthesized
 * review-cycle state machine, the real handlers and adapters, dynalite and
 * aws-ses-v2-local, with virtual time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipients, startUnit, type Unit } from './support.js';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
});
afterAll(async () => {
  await unit.stop();
});

const board = () => unit.runtime.deps.board.forSubject('C1');

describe("a looked-after child's first year (CPPCR 2010 reg 33, AAR 2005 reg 36)", () => {
  it('starts the review cycle when the child becomes looked after, with nothing sent yet', async () => {
    // Act
    const outcome = await unit.record({
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });

    // Assess
    expect(outcome.status).toBe(201);
    expect(unit.runtime.stepFunctions.running()).toEqual([
      expect.objectContaining({ workflow: 'review-cycle' }),
    ]);
    expect(await board()).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-01-30' }),
    ]);
    expect(await unit.mail()).toEqual([]);
  });

  it("puts the first review in the IRO's and social worker's morning lists 15 working days before it", async () => {
    // Act: 2017-01-09 is 15 working days before 2017-01-30; the list goes at 07:30 (GMT)
    await unit.advanceTo('2017-01-09T07:29:00Z');
    const before = await unit.mail();
    await unit.advanceTo('2017-01-09T08:00:00Z');

    // Assess: one list each, naming the child by reference only
    expect(before).toEqual([]);
    const mail = await unit.mail();
    expect(recipients(mail).sort()).toEqual(['iro', 'social-worker']);
    // The IRO's also says, the same morning, that no young person's link is made yet
    const iro = mail.find((m) => m.to === 'iro@council.example');
    const socialWorker = mail.find((m) => m.to === 'social-worker@council.example');
    expect(iro?.subject).toBe('Morning list for Monday 9 January 2017: 2 new');
    expect(socialWorker?.subject).toBe('Morning list for Monday 9 January 2017: 1 new');
    for (const m of [iro, socialWorker])
      expect(m?.text).toContain(
        '[new] Looked-after child review - child C1 - due Monday 30 January 2017',
      );
    expect(iro?.text).toContain(
      "[new] Review due Monday 30 January 2017: no link made yet for the young person's views - child C1 (as IRO)",
    );
  });

  it('lists it again 5 working days before, and not on the days between', async () => {
    // Act
    await unit.advanceTo('2017-01-20T12:00:00Z');
    const between = (await unit.mail()).length;
    await unit.advanceTo('2017-01-23T08:00:00Z');

    // Assess
    expect(between).toBe(2);
    const lists = (await unit.mail()).slice(2);
    expect(recipients(lists).sort()).toEqual(['iro', 'social-worker']);
    expect(lists[0]?.text).toContain('Due within 5 working days (1)');
  });

  it("moves to the second review, due in 3 months, when the first is held, and lists the review's decisions for the IRO", async () => {
    // Prepare
    await unit.advanceTo('2017-01-27T14:00:00Z');

    // Act: decisions due Fri 3 Feb (30 Jan-3 Feb), the IRO's line 2 working days before, Wed 1 Feb
    await unit.record({ eventId: 'e2', type: 'LacReviewHeld', childId: 'C1', date: '2017-01-27' });
    await unit.advanceTo('2017-02-01T07:29:00Z');
    const before = await unit.mail();
    await unit.advanceTo('2017-02-01T08:00:00Z');

    // Assess: no team manager escalation on 31 January; the record (due Fri 24 Feb) waits too
    expect(await board()).toEqual([
      expect.objectContaining({ kind: 'review-decisions', refId: '2017-01-27', due: '2017-02-03' }),
      expect.objectContaining({ kind: 'review-record', refId: '2017-01-27', due: '2017-02-24' }),
      expect.objectContaining({ kind: 'lac-review', due: '2017-04-27' }),
    ]);
    expect(before).toHaveLength(4);
    const [decisions, ...more] = (await unit.mail()).slice(4);
    expect(more).toEqual([]);
    expect(decisions && recipients([decisions])).toEqual(['iro']);
    expect(decisions?.subject).toBe('Morning list for Wednesday 1 February 2017: 1 new');
    expect(decisions?.text).toContain(
      '[new] Decisions of the review held on Friday 27 January 2017 - child C1 - due Friday 3 February 2017',
    );
  });

  it('closes both records when the full record is shared; nothing more is sent about them', async () => {
    // Act
    await unit.advanceTo('2017-02-02T12:00:00Z');
    await unit.record({
      eventId: 'e2r',
      type: 'ReviewRecordShared',
      childId: 'C1',
      reviewDate: '2017-01-27',
      part: 'record',
      date: '2017-02-02',
    });
    await unit.advanceTo('2017-03-01T09:00:00Z');

    // Assess: no service manager escalation on 4 February, no record reminder on 22 February
    expect(await board()).toEqual([expect.objectContaining({ due: '2017-04-27' })]);
    expect(await unit.mail()).toHaveLength(5);
  });

  it('brings the review forward when a placement order is made, and lists the new date', async () => {
    // Prepare: the second review is held on time, so the next is due 2017-10-20
    await unit.advanceTo('2017-04-20T15:00:00Z');
    await unit.record({ eventId: 'e3', type: 'LacReviewHeld', childId: 'C1', date: '2017-04-20' });
    await unit.record({
      eventId: 'e3r',
      type: 'ReviewRecordShared',
      childId: 'C1',
      reviewDate: '2017-04-20',
      part: 'record',
      date: '2017-04-20',
    });
    expect(await board()).toEqual([expect.objectContaining({ due: '2017-10-20' })]);
    const sentBefore = (await unit.mail()).length;

    // Act: a placement order on 1 June needs a review by 1 September
    await unit.advanceTo('2017-06-01T11:00:00+01:00');
    await unit.record({
      eventId: 'e4',
      type: 'PlacementOrderMade',
      childId: 'C1',
      date: '2017-06-01',
    });
    // 15 working days before Friday 1 September 2017 (28 August a bank holiday) is 10 August.
    await unit.advanceTo('2017-08-10T08:00:00+01:00');

    // Assess
    expect(await board()).toEqual([expect.objectContaining({ due: '2017-09-01' })]);
    const mail = (await unit.mail()).slice(sentBefore);
    expect(recipients(mail).sort()).toEqual(['iro', 'social-worker']);
    expect(mail[0]?.text).toContain('Friday 1 September 2017');
  });

  it('escalates to the team manager the day after a missed review, then to the head of service', async () => {
    // Prepare
    const sentBefore = (await unit.mail()).length;

    // Act: 5 working days before (Fri 25 August); the day after (Sat 2 September) in
    // Monday 4 September's list; 5 working days after (8 September)
    await unit.advanceTo('2017-09-08T09:00:00+01:00');

    // Assess
    const got = recipients((await unit.mail()).slice(sentBefore));
    expect(got.slice(0, 2).sort()).toEqual(['iro', 'social-worker']);
    expect(got.slice(2)).toEqual(['team-manager', 'head-of-service']);
    const subjects = (await unit.mail()).slice(sentBefore + 2).map((m) => m.subject);
    expect(subjects).toEqual([
      'Morning list for Monday 4 September 2017: 1 new, 1 overdue',
      'Morning list for Friday 8 September 2017: 1 new, 1 overdue',
    ]);
  });

  it('ran without a workflow failing, and keeps watching the overdue review', () => {
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
  });
});
