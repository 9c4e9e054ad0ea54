/**
 * End to end on the local engines: a conference whose report is late, and a dispute
 * that escalates by itself to the head of service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipients, startUnit, type Unit } from './support.js';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-13T09:00:00Z', subjects: ['C2', 'C3'] });
});
afterAll(async () => {
  await unit.stop();
});

const sentSince = async (count: number) => (await unit.mail()).slice(count);

describe('a conference whose report is late (local practice, "48 hours")', () => {
  it('reminds the social worker 3 and 1 working days before the report is due', async () => {
    // Act: Monday 27 March 10:00 BST; the report is due Thursday 23 March 10:00 GMT
    await unit.record({
      eventId: 'k1',
      type: 'ConferenceBooked',
      childId: 'C2',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-13',
      at: '2017-03-27T10:00:00+01:00',
    });
    await unit.advanceTo('2017-03-22T10:00:00Z');

    // Assess
    expect(recipients(await unit.mail())).toEqual(['social-worker', 'social-worker']);
  });

  it('alerts the chair and the team manager at the due time when the report is not shared', async () => {
    // Act
    await unit.advanceTo('2017-03-23T09:59:59Z');
    const early = await sentSince(2);
    await unit.advanceTo('2017-03-23T10:00:00Z');

    // Assess
    expect(early).toEqual([]);
    const alerts = await sentSince(2);
    expect(recipients(alerts).sort()).toEqual(['chair', 'team-manager']);
    expect(alerts[0]?.text).toContain('K1');
  });

  it('closes the report deadline once the report is shared', async () => {
    // Act
    await unit.advanceTo('2017-03-24T09:00:00Z');
    await unit.record({
      eventId: 'k2',
      type: 'ReportShared',
      childId: 'C2',
      conferenceId: 'K1',
      at: '2017-03-24T09:00:00Z',
    });

    // Assess
    expect(await unit.runtime.deps.board.forSubject('C2')).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toEqual([]);
  });
});

describe('a dispute escalating by itself (IRO Handbook 2010 ch. 6)', () => {
  it('tells the team manager when the IRO raises it at stage 1', async () => {
    // Prepare
    await unit.advanceTo('2017-12-19T10:00:00Z');
    const before = (await unit.mail()).length;

    // Act
    await unit.record({
      eventId: 'd1',
      type: 'DisputeRaised',
      disputeId: 'D1',
      childId: 'C3',
      date: '2017-12-19',
      issue: 'The care plan has drifted for six months.',
    });

    // Assess
    const mail = await sentSince(before);
    expect(recipients(mail)).toEqual(['team-manager']);
    expect(mail[0]?.text).not.toContain('drifted');
  });

  it('moves to the service manager, then the head of service, as each stage runs out', async () => {
    // Prepare
    const before = (await unit.mail()).length;

    // Act: stage 1 due 28 December (Christmas skipped), stage 2 due 5 January
    await unit.advanceTo('2018-01-06T09:00:00Z');

    // Assess: a reminder the day before each stage is due, and each new stage's manager
    // told, the IRO who raised it copied
    const mail = await sentSince(before);
    expect(recipients(mail)).toEqual([
      'team-manager',
      'service-manager',
      'iro',
      'service-manager',
      'head-of-service',
      'iro',
    ]);
    // stage 2 started by itself on Friday 29 December, the day after stage 1 fell due
    expect(mail[1]?.subject).toMatch(/^Stage started: Stage 2 /);
    expect(mail[1]?.text).toContain('The dispute moved to stage 2 on Friday 29 December 2017');
    expect(mail[3]?.subject).toMatch(/^Reminder: Stage 2 /);
    expect(mail[3]?.text).toContain('is due by Friday 5 January 2018');
    expect(await unit.runtime.deps.board.disputesAt(3)).toEqual([
      expect.objectContaining({ refId: 'D1', due: '2018-01-12' }),
    ]);
  });

  it('closes when resolved', async () => {
    // Act
    await unit.advanceTo('2018-01-08T11:00:00Z');
    await unit.record({
      eventId: 'd2',
      type: 'DisputeResolved',
      disputeId: 'D1',
      date: '2018-01-08',
    });

    // Assess
    expect(await unit.runtime.deps.board.disputesAt(3)).toEqual([]);
    expect(unit.runtime.stepFunctions.running()).toEqual([]);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
