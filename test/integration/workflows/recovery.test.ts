/**
 * A workflow that fails for good (its retries spent) alerts the duty inbox and stops;
 * the clock's next event starts a successor, so the child's clock is kept again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUTY_INBOX } from '../../../infra/local/runtime.js';
import { startUnit, type Unit } from './support.js';

let unit: Unit;
let boardBroken = false;
beforeAll(async () => {
  unit = await startUnit({
    startAt: '2017-01-02T09:00:00Z',
    subjects: ['C1'],
    adjust: (deps) => ({
      ...deps,
      board: {
        ...deps.board,
        replace: (clockId, obligations, plannedAt, planVersion) =>
          boardBroken
            ? Promise.reject(new Error('the board cannot be written'))
            : deps.board.replace(clockId, obligations, plannedAt, planVersion),
      },
    }),
  });
});
afterAll(async () => {
  await unit.stop();
});

describe('a workflow that fails', () => {
  it('alerts the duty inbox, by clock reference, and stops', async () => {
    // Act: planning keeps failing, past every retry
    boardBroken = true;
    await unit.record({
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });

    // Assess
    const [alert] = await unit.mail();
    expect(alert?.to).toBe(DUTY_INBOX);
    expect(alert?.text).toContain('reviews/C1');
    expect(unit.runtime.stepFunctions.running()).toEqual([]);
    expect(unit.runtime.stepFunctions.failures).toHaveLength(1);
  });

  it("starts a successor with the clock's next event, which keeps the clock again", async () => {
    // Act
    boardBroken = false;
    await unit.advanceTo('2017-01-05T09:00:00Z');
    const outcome = await unit.record({
      eventId: 'e2',
      type: 'ReviewBroughtForward',
      childId: 'C1',
      date: '2017-01-05',
      reviewBy: '2017-01-20',
    });

    // Assess
    expect(outcome.status).toBe(201);
    expect(unit.runtime.stepFunctions.running()).toHaveLength(1);
    expect(await unit.runtime.deps.board.forSubject('C1')).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-01-20' }),
    ]);
  });
});
