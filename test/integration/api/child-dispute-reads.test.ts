/**
 * The reads behind the work tray's child and dispute pages: who is allocated to a child
 * (by name), one dispute's stages with their dates (raised, escalated by hand, moved on
 * by itself), its history with who recorded each step, and its issue text only for
 * those who read the audit trail; and the audit trail's names of who recorded each
 * event. Through the query handler over the local engines. The virtual clock stands at
 * Monday 20 March 2017; every stage has 5 working days.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { manageStaff } from '../../../functions/staff.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;
beforeAll(async () => {
  // C1 has the unit's staff allocated (startUnit); C9 has nobody.
  unit = await startUnit({ startAt: '2017-03-20T09:00:00Z', subjects: ['C1'] });
  // startUnit records as `test-admin`: the directory names them.
  await unit.runtime.deps.staff.putStaff({
    staffId: 'test-admin',
    name: 'Ann Admin',
    email: 'ann.admin@council.example',
  });
  const history: CaseEvent[] = [
    { type: 'BecameLookedAfter', childId: 'C1', date: '2017-02-01' },
    { type: 'BecameLookedAfter', childId: 'C9', date: '2017-02-01' },
    { type: 'DisputeRaised', childId: 'C1', disputeId: 'D1', date: '2017-03-01', issue: 'Plan' },
    { type: 'DisputeEscalated', disputeId: 'D1', date: '2017-03-06', toStage: 3 },
    { type: 'DisputeRaised', childId: 'C1', disputeId: 'D2', date: '2017-03-01', issue: 'Care' },
    { type: 'DisputeResolved', disputeId: 'D2', date: '2017-03-10' },
    { type: 'DisputeRaised', childId: 'C9', disputeId: 'D9', date: '2017-03-01', issue: 'Plan' },
  ];
  for (const event of history) expect((await unit.record(event)).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await unit.stop();
});

const get = (who: Who, route: string, path: Record<string, string>) =>
  callHandler(unit, answerQuery, apiEvent(route, who, { path }) as APIGatewayProxyEventV2);

const IRO: Who = { roles: ['iro'], sub: 'iro' };
const MANAGER: Who = { roles: ['manager'], sub: 'team-manager' };
const SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: 'social-worker' };

describe('GET /disputes/{disputeId}', () => {
  it('gives an open dispute its stages, the stage it stands at and the day it moves on', async () => {
    const answer = await get(IRO, 'GET /disputes/{disputeId}', { disputeId: 'D1' });

    expect(answer.status).toBe(200);
    // Raised Wed 1 March: stage 1 due 5 working days on, Wed 8 March. Escalated by hand
    // to stage 3 on Mon 6 March: due Mon 13 March. Unresolved, it moved to stage 4 on
    // Tue 14 March by itself, due 5 working days after stage 3 fell due: Mon 20 March,
    // today (so not overdue); it moves on again on Tue 21 March.
    expect(answer.body).toMatchObject({
      today: '2017-03-20',
      disputeId: 'D1',
      childId: 'C1',
      raisedOn: '2017-03-01',
      stages: [
        { stage: 1, startedOn: '2017-03-01', due: '2017-03-08', cause: 'raised' },
        { stage: 3, startedOn: '2017-03-06', due: '2017-03-13', cause: 'escalated' },
        { stage: 4, startedOn: '2017-03-14', due: '2017-03-20', cause: 'automatic' },
      ],
      stage: 4,
      due: '2017-03-20',
      overdue: false,
      escalatesOn: '2017-03-21',
      issue: 'Plan',
    });
    expect(answer.body.resolvedOn).toBeUndefined();
    // The history names who recorded each step, and never repeats the issue.
    expect(
      answer.body.events.map((e: { event: { type: string }; recordedByName?: string }) => [
        e.event.type,
        e.recordedByName,
      ]),
    ).toEqual([
      ['DisputeRaised', 'Ann Admin'],
      ['DisputeEscalated', 'Ann Admin'],
    ]);
    expect(JSON.stringify(answer.body.events)).not.toContain('Plan');
  });

  it('ends a resolved dispute at its resolution, with no stage now and no day it moves on', async () => {
    const answer = await get(MANAGER, 'GET /disputes/{disputeId}', { disputeId: 'D2' });

    // Stage 1 fell due Wed 8 March unresolved: stage 2 from Thu 9 March, due 5 working
    // days after Wed 8 March, Wed 15 March; resolved Fri 10 March.
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      resolvedOn: '2017-03-10',
      stages: [
        { stage: 1, startedOn: '2017-03-01', due: '2017-03-08', cause: 'raised' },
        { stage: 2, startedOn: '2017-03-09', due: '2017-03-15', cause: 'automatic' },
      ],
      issue: 'Care',
    });
    expect(answer.body.stage).toBeUndefined();
    expect(answer.body.escalatesOn).toBeUndefined();
  });

  it("keeps the issue from the child's social worker, and other children's disputes from them", async () => {
    const own = await get(SOCIAL_WORKER, 'GET /disputes/{disputeId}', { disputeId: 'D1' });
    const other = await get(SOCIAL_WORKER, 'GET /disputes/{disputeId}', { disputeId: 'D9' });

    expect(own.status).toBe(200);
    expect(own.body.stage).toBe(4);
    expect(own.body.issue).toBeUndefined();
    expect(JSON.stringify(own.body)).not.toContain('Plan');
    expect(other.status).toBe(403);
  });

  it('is 404 for a dispute nothing is recorded for', async () => {
    const answer = await get(IRO, 'GET /disputes/{disputeId}', { disputeId: 'D404' });
    expect(answer.status).toBe(404);
  });
});

describe('GET /children/{childId}/allocation', () => {
  it('names whoever holds each role for the child, for an IRO', async () => {
    const answer = await get(IRO, 'GET /children/{childId}/allocation', { childId: 'C1' });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      childId: 'C1',
      roles: {
        iro: { staffId: 'iro', name: 'The iro' },
        'social-worker': { staffId: 'social-worker', name: 'The social-worker' },
        'team-manager': { staffId: 'team-manager', name: 'The team-manager' },
        chair: { staffId: 'chair', name: 'The chair' },
      },
    });
  });

  it('answers no roles for a child nobody is allocated, and refuses another social worker', async () => {
    const none = await get(IRO, 'GET /children/{childId}/allocation', { childId: 'C9' });
    const refused = await get(SOCIAL_WORKER, 'GET /children/{childId}/allocation', {
      childId: 'C9',
    });

    expect(none.body).toEqual({ childId: 'C9', roles: {} });
    expect(refused.status).toBe(403);
  });
});

describe("the audit trail's names", () => {
  it('names who recorded each event where the directory knows them', async () => {
    const answer = await get(IRO, 'GET /children/{childId}/events', { childId: 'C1' });

    expect(answer.status).toBe(200);
    expect(
      answer.body.events.map((e: { recordedBy: string; recordedByName?: string }) => [
        e.recordedBy,
        e.recordedByName,
      ]),
      // C1's one audit trail: its own log's event and its two disputes' four steps.
    ).toEqual(Array.from({ length: 5 }, () => ['test-admin', 'Ann Admin']));
  });
});

describe('GET /staff/{staffId}/allocations', () => {
  it('lists every subject a member of staff holds a role for, for an administrator', async () => {
    const admin: Who = { roles: ['admin'], sub: 'test-admin' };
    const route = 'GET /staff/{staffId}/allocations';
    const iro = await callHandler(
      unit,
      manageStaff,
      apiEvent(route, admin, { path: { staffId: 'iro' } }),
    );
    const head = await callHandler(
      unit,
      manageStaff,
      apiEvent(route, admin, { path: { staffId: 'head-of-service' } }),
    );
    const refused = await callHandler(
      unit,
      manageStaff,
      apiEvent(route, SOCIAL_WORKER, { path: { staffId: 'iro' } }),
    );

    // C1 is the only child startUnit allocates; the head of service holds the unit's post.
    expect(iro.body).toEqual({
      staffId: 'iro',
      allocations: [{ subjectId: 'C1', roles: ['iro'] }],
    });
    expect(head.body).toEqual({
      staffId: 'head-of-service',
      allocations: [{ subjectId: 'unit', roles: ['head-of-service'] }],
    });
    expect(refused.status).toBe(403);
  });
});
