/**
 * A clock that outlives Step Functions' one-year limit: a foster carer's annual
 * review. The execution hands over to a successor before 330 days, and the reminders
 * still go out once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipients, startUnit, type Unit } from './support.js';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['F1'] });
});
afterAll(async () => {
  await unit.stop();
});

describe('an annual review outliving an execution (Fostering Services (England) Regulations 2011 reg 28)', () => {
  it('hands the clock to a successor execution, which sends the reminders once', async () => {
    // Prepare
    await unit.record({
      eventId: 'f1',
      type: 'FosterCarerApproved',
      carerId: 'F1',
      date: '2017-01-02',
    });
    const [first] = unit.runtime.stepFunctions.running();

    // Act: past the hand-over (2017-11-29) and the reminders 15 and 5 working days before
    // 2 January 2018 (7 and 21 December, Christmas and New Year skipped)
    await unit.advanceTo('2017-12-21T09:00:00Z');

    // Assess
    const [successor] = unit.runtime.stepFunctions.running();
    expect(first?.name).toBeDefined();
    expect(successor?.name).not.toBe(first?.name);
    expect(unit.runtime.stepFunctions.execution(first?.name ?? '')?.status).toBe('SUCCEEDED');
    expect(recipients(await unit.mail())).toEqual(['reviewing-officer', 'reviewing-officer']);
    expect((await unit.runtime.deps.heads.read('carer/F1')).execution).toBe(successor?.name);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
