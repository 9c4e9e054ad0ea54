/**
 * Each wait has a token of its own: a signal meant for a wait that has ended cannot
 * wake the wait that followed it in the same execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnit, type Unit } from './support.js';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
});
afterAll(async () => {
  await unit.stop();
});

describe('task tokens on the local runner', () => {
  it("refuses a finished wait's token, while the next wait's token wakes it", async () => {
    // Prepare: the first wait parks its token; a review wakes it and a second wait parks
    await unit.record({
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    const first = (await unit.runtime.deps.heads.read('reviews/C1')).token;
    await unit.advanceTo('2017-01-20T09:00:00Z');
    await unit.record({ eventId: 'e2', type: 'LacReviewHeld', childId: 'C1', date: '2017-01-20' });
    const second = (await unit.runtime.deps.heads.read('reviews/C1')).token;

    // Act
    const stale = await unit.runtime.deps.signals.wake(first as string);
    const current = await unit.runtime.deps.signals.wake(second as string);

    // Assess
    expect(first).toBeDefined();
    expect(second).not.toBe(first);
    expect(stale).toBe('gone');
    expect(current).toBe('woken');
  });
});
