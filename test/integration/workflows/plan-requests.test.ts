/**
 * What a plan step costs in DynamoDB requests when it finds nothing to change (issue 17):
 * given what the execution's last plan left (its result, carried by the state machine),
 * it reads the clock's head and history and writes the board's mark, and nothing more;
 * and a successor execution's first plan is given what its predecessor's last plan left.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { planStep } from '../../../functions/shared/clock-steps.js';
import { startUnit, type Unit } from './support.js';

let unit: Unit | undefined;
afterEach(async () => {
  await unit?.stop();
  unit = undefined;
});

/** DynamoDB requests the plan steps made so far, and how many plan steps ran. */
const planSteps = (u: Unit) => ({
  requests: u.runtime.usage.dynamoRequestsBy['plan-step'] ?? 0,
  invocations: u.runtime.usage.functions['plan-step']?.invocations ?? 0,
});

describe('a plan step that finds nothing to change', () => {
  it('given what the last plan left, reads the head and the history and writes the mark alone', async () => {
    // Prepare: a looked-after child's review clock, planned and waiting
    unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
    await unit.record({
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    const { deps, usage } = unit.runtime;
    const head = await deps.heads.read('reviews/C1');
    const input = {
      clockId: 'reviews/C1',
      execution: head.execution ?? '',
      startedAt: '2017-01-02T09:00:00Z',
      loops: 1,
    };
    const first = await planStep(input, deps);
    const board = await deps.board.forSubject('C1');
    const figures = await deps.figures.all();
    const caseloads = await deps.figures.caseloadSubjects();
    const before = usage.dynamoRequests;

    // Act: the same plan again, given what the first left
    const again = await planStep({ ...input, loops: 2, previous: { left: first.left } }, deps);

    // Assess: GetItem of the head, Query of the history, UpdateItem of the board's mark;
    // the same answer, board, figures and caseload item
    expect(usage.dynamoRequests - before).toBe(3);
    expect(again).toEqual({ ...first, loops: 3 });
    expect(first.left.board).toEqual(expect.any(String));
    expect(first.left.figures).toEqual(expect.any(String));
    expect(await deps.board.forSubject('C1')).toEqual(board);
    expect(await deps.figures.all()).toEqual(figures);
    expect(await deps.figures.caseloadSubjects()).toEqual(caseloads);
  });

  it('of a clock planned from another clock’s log, reads no figures: the log’s own clock keeps them', async () => {
    // Prepare: a conference booked wakes the child's protection clock and the report's,
    // both planned from the protection log
    unit = await startUnit({ startAt: '2017-03-13T09:00:00Z', subjects: ['C2'] });
    await unit.record({
      eventId: 'k1',
      type: 'ConferenceBooked',
      childId: 'C2',
      conferenceId: 'K1',
      kind: 'initial',
      date: '2017-03-13',
      at: '2017-03-27T10:00:00+01:00',
    });
    const { deps, usage } = unit.runtime;
    const kept = await deps.figures.all();
    const head = await deps.heads.read('report/C2/K1');
    const before = usage.dynamoRequests;

    // Act: the report's clock planned again, nothing new, told nothing of its last plan
    const again = await planStep(
      {
        clockId: 'report/C2/K1',
        execution: head.execution ?? '',
        startedAt: '2017-03-13T09:00:00Z',
        loops: 1,
      },
      deps,
    );

    // Assess: the head, the history, the board's mark raised and marked finished (the
    // entries unchanged); no figures. The protection clock kept the log's summary.
    expect(usage.dynamoRequests - before).toBe(4);
    expect(again.left).toEqual({ board: expect.any(String) });
    expect(kept.map((summary) => summary.log)).toEqual(['protection/C2']);
    expect(await deps.figures.all()).toEqual(kept);
  });

  it('after a hand-over, in the successor’s first plan as in the predecessor’s last', async () => {
    // Prepare: a foster carer's annual review, whose execution hands over at 330 days
    // (2017-11-28 09:00, nothing due then: the reminders come in December)
    unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['F1'] });
    await unit.record({
      eventId: 'f1',
      type: 'FosterCarerApproved',
      carerId: 'F1',
      date: '2017-01-02',
    });
    const [first] = unit.runtime.stepFunctions.running();
    await unit.advanceTo('2017-11-27T12:00:00Z');
    const before = planSteps(unit);

    // Act: past the hand-over
    await unit.advanceTo('2017-11-28T12:00:00Z');

    // Assess: two plans (the predecessor's last, the successor's first), three requests each
    const [successor] = unit.runtime.stepFunctions.running();
    expect(successor?.name).not.toBe(first?.name);
    const after = planSteps(unit);
    expect(after.invocations - before.invocations).toBe(2);
    expect(after.requests - before.requests).toBe(6);
    expect(unit.runtime.stepFunctions.failures).toEqual([]);
  });
});
