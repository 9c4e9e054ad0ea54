/**
 * Councils write references with slashes (`DRP/17/09`, `ICPC/1`): every id is encoded
 * wherever it becomes part of a key, a clock id or an execution name, so such ids work
 * end to end through the workflows and the board. And nothing can spin: a runaway
 * execution is stopped on the alert path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DUTY_INBOX } from '../../../infra/local/runtime.js';
import { recipients, startUnit, type Unit } from './support.js';

const CHILD = 'LA/2017/0042';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-13T09:00:00Z', subjects: [CHILD] });
});
afterAll(async () => {
  await unit.stop();
});

describe('ids with slashes', () => {
  it('keeps a conference report clock for conference ICPC/1 and lists it on the board', async () => {
    // Act: booked on Monday 13 March for Monday 27 March 10:00 (BST starts 26 March)
    const outcome = await unit.record({
      eventId: 'k1',
      type: 'ConferenceBooked',
      childId: CHILD,
      conferenceId: 'ICPC/1',
      kind: 'initial',
      date: '2017-03-13',
      at: '2017-03-27T10:00:00+01:00',
    });

    // Assess: the report is due 2 working days before, Thursday 23 March 10:00 (GMT)
    expect(outcome.status).toBe(201);
    expect(await unit.runtime.deps.board.forSubject(CHILD)).toEqual([
      expect.objectContaining({
        kind: 'conference-report',
        subjectId: CHILD,
        refId: 'ICPC/1',
        due: '2017-03-23T10:00:00+00:00',
      }),
    ]);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });

  it('escalates dispute DRP/17/09 on its own when stage 1 passes unanswered', async () => {
    // Prepare: raised Tuesday 14 March; stage 1 due 14 + 5 working days = Tuesday 21 March
    await unit.advanceTo('2017-03-14T09:00:00Z');
    await unit.record({
      eventId: 'd1',
      type: 'DisputeRaised',
      disputeId: 'DRP/17/09',
      childId: CHILD,
      date: '2017-03-14',
      issue: 'The care plan has no date for the move.',
    });

    // Act: stage 2 starts the day after stage 1's due date
    await unit.advanceTo('2017-03-22T12:00:00Z');

    // Assess: stage 2 due 21 March + 5 working days = Tuesday 28 March
    const board = await unit.runtime.deps.board.disputesAt(2);
    expect(board).toEqual([
      expect.objectContaining({ refId: 'DRP/17/09', stage: 2, due: '2017-03-28' }),
    ]);
    expect(recipients(await unit.mail())).toContain('service-manager');
  });

  it('names executions by the clock kind and a hash only, never by an id', () => {
    // Act
    const names = unit.runtime.stepFunctions.running().map((r) => r.name);

    // Assess
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      expect(name).toMatch(/^(reviews|protection|report|dispute|carer)-[0-9a-f]{40}$/);
  });
});

describe('a runaway execution', () => {
  it('is stopped on the alert path, and the duty inbox is told', async () => {
    // Prepare: a runner that allows one task per execution: the plan runs, the park that follows is one too many
    const small = await startUnit({
      startAt: '2017-01-02T09:00:00Z',
      subjects: ['C1'],
      maxTasksPerExecution: 1,
    });
    try {
      // Act
      await small.record({
        eventId: 'e1',
        type: 'BecameLookedAfter',
        childId: 'C1',
        date: '2017-01-02',
      });

      // Assess
      expect(small.runtime.stepFunctions.failures).toEqual([
        expect.objectContaining({ error: expect.stringContaining('The unit was alerted') }),
      ]);
      const [alert] = await small.mail();
      expect(alert?.to).toBe(DUTY_INBOX);
      expect(alert?.text).toContain('RunawayExecution');
      expect(small.runtime.stepFunctions.running()).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});
