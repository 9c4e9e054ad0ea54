/**
 * What the unit board asks of the API beside its list: who holds a post (`GET
 * /staff?post=`, for the IRO and team filters) and the IROs' caseloads alone (`GET
 * /reports/caseloads`), which must be exactly the caseloads `GET /reports/figures`
 * answers for the same day, though read from the looked-after logs only.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerReport } from '../../../functions/reports.js';
import { manageStaff } from '../../../functions/staff.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;

/*
 * The unit on Monday 6 March 2017, worked by hand:
 * - C1 (startUnit): IRO `iro` ("The iro"), team manager `team-manager` ("The
 *   team-manager"); looked after since 1 February: counted.
 * - C2: IRO `iro-b` ("Amy Brown"), team manager `tm-2` ("Dee Evans"); looked after
 *   since Friday 3 March: counted. A dispute about C2 sits in a log of its own.
 * - C3: IRO `iro-b`; looked after 10 January, ceased 1 March: not looked after today.
 * - C4: looked after since 15 February, allocated to no IRO: the one without an IRO.
 * - C5: IRO `iro-a` ("Yusuf Ali"); its becoming looked after was recorded in error and
 *   retracted: not looked after.
 * - C9: first given to `iro-gone`, then to `iro-b`; never looked after. `iro-gone`
 *   stays in the registry of IROs but holds no allocation now.
 * - F1 (a carer): IRO `iro-x`, whom the staff directory does not know.
 */
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-06T09:00:00Z', subjects: ['C1'] });
  const { staff } = unit.runtime.deps;
  const people = [
    ['iro-a', 'Yusuf Ali'],
    ['iro-b', 'Amy Brown'],
    ['iro-gone', 'Former IRO'],
    ['tm-2', 'Dee Evans'],
  ] as const;
  for (const [staffId, name] of people) {
    await staff.putStaff({ staffId, name, email: `${staffId}@council.example` });
  }
  await staff.allocate({ subjectId: 'C2', roles: { iro: 'iro-b', 'team-manager': 'tm-2' } });
  await staff.allocate({ subjectId: 'C3', roles: { iro: 'iro-b' } });
  await staff.allocate({ subjectId: 'C5', roles: { iro: 'iro-a' } });
  await staff.allocate({ subjectId: 'C9', roles: { iro: 'iro-gone' } });
  await staff.allocate({ subjectId: 'C9', roles: { iro: 'iro-b' } });
  await staff.allocate({ subjectId: 'F1', roles: { iro: 'iro-x' } });

  await unit.record({ type: 'BecameLookedAfter', childId: 'C1', date: '2017-02-01' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C2', date: '2017-03-03' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C3', date: '2017-01-10' });
  await unit.record({ type: 'CeasedLookedAfter', childId: 'C3', date: '2017-03-01' });
  await unit.record({ type: 'BecameLookedAfter', childId: 'C4', date: '2017-02-15' });
  await unit.record({
    eventId: 'c5-error',
    type: 'BecameLookedAfter',
    childId: 'C5',
    date: '2017-02-20',
  });
  await unit.record({
    type: 'EventRetracted',
    eventId: 'c5-error',
    reason: 'recorded for the wrong child',
    date: '2017-03-02',
  });
  await unit.record({
    type: 'DisputeRaised',
    disputeId: 'D1',
    childId: 'C2',
    date: '2017-03-01',
    issue: 'contact arrangements',
  });
}, 120_000);
afterAll(async () => {
  await unit?.stop();
});

type Handler = (e: APIGatewayProxyEventV2, d: Unit['runtime']['deps']) => Promise<unknown>;
const askStaff = (who: Who, query?: Record<string, string>) =>
  callHandler(unit, manageStaff as Handler, apiEvent('GET /staff', who, query ? { query } : {}));
const askReport = (route: string, who: Who, query?: Record<string, string>) =>
  callHandler(unit, answerReport as Handler, apiEvent(route, who, query ? { query } : {}));

const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };
const ADMIN: Who = { roles: ['admin'], sub: 'admin-1' };
const IRO: Who = { roles: ['iro'], sub: 'iro' };
const SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: 'social-worker' };
const POSTS =
  'must be one of iro, social-worker, team-manager, service-manager, head-of-service, director, chair, reviewing-officer, stage-manager';

describe('GET /staff?post=', () => {
  it.each([
    // By name: Amy Brown, The iro, Yusuf Ali; iro-x has no name, so last. iro-gone
    // gave C9 up and holds nothing now.
    [
      'iro',
      [
        { staffId: 'iro-b', name: 'Amy Brown' },
        { staffId: 'iro', name: 'The iro' },
        { staffId: 'iro-a', name: 'Yusuf Ali' },
        { staffId: 'iro-x' },
      ],
    ],
    // Dee Evans (C2) before The team-manager (C1).
    [
      'team-manager',
      [
        { staffId: 'tm-2', name: 'Dee Evans' },
        { staffId: 'team-manager', name: 'The team-manager' },
      ],
    ],
    // The unit's own allocation counts as an allocation.
    ['director', [{ staffId: 'director', name: 'The director' }]],
    // Nobody is ever given stage-manager here.
    ['stage-manager', []],
  ])('post=%s lists those who hold it, by name', async (post, expected) => {
    // Act
    const { status, body } = await askStaff(MANAGER, { post });

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({ post, staff: expected });
  });

  it('answers administrators as it answers managers', async () => {
    const { status, body } = await askStaff(ADMIN, { post: 'team-manager' });
    expect(status).toBe(200);
    expect(body.staff.map((s: { staffId: string }) => s.staffId)).toEqual(['tm-2', 'team-manager']);
  });

  it.each([
    ['a social worker', SOCIAL_WORKER],
    ['an IRO', IRO],
  ])('refuses %s with 403', async (_, who) => {
    const { status } = await askStaff(who, { post: 'iro' });
    expect(status).toBe(403);
  });

  it.each<[string, Record<string, string> | undefined, { field: string; reason: string }[]]>([
    ['no post', undefined, [{ field: 'post', reason: POSTS }]],
    ['a post that is not a role', { post: 'Jane Smith' }, [{ field: 'post', reason: POSTS }]],
    ['an empty post', { post: '' }, [{ field: 'post', reason: POSTS }]],
    [
      'a parameter it does not take',
      { post: 'iro', 'Jane Smith': 'x' },
      [{ field: 'query', reason: 'may hold only post' }],
    ],
  ])('answers 400 to %s, naming the field and never the value', async (_, query, problems) => {
    // Act
    const { status, body } = await askStaff(MANAGER, query);

    // Assess
    expect(status).toBe(400);
    expect(body).toEqual({ problems });
    expect(JSON.stringify(body)).not.toContain('Jane');
  });
});

describe('GET /reports/caseloads', () => {
  it("answers the IROs' caseloads on the system's today, worked by hand", async () => {
    // Act
    const { status, body } = await askReport('GET /reports/caseloads', MANAGER);

    // Assess: looked after today C1, C2, C4 (C3 ceased, C5's episode retracted) = 3.
    // IROs holding an allocation, by id: iro (C1: 1), iro-a (C5: 0), iro-b (C2, C3, C9:
    // only C2 looked after, 1), iro-x (F1, a carer: 0). Covered C1 and C2, so C4 alone
    // is without an IRO. Mean 2 / 4 = 0.5; lowest 0; highest 1; none above 70.
    expect(status).toBe(200);
    expect(body).toEqual({
      caseloads: {
        on: '2017-03-06',
        lookedAfter: 3,
        withoutIro: 1,
        iros: 4,
        mean: 0.5,
        lowest: 0,
        highest: 1,
        over70: 0,
        byIro: [
          { iro: 'iro', name: 'The iro', children: 1, over70: false },
          { iro: 'iro-a', name: 'Yusuf Ali', children: 0, over70: false },
          { iro: 'iro-b', name: 'Amy Brown', children: 1, over70: false },
          { iro: 'iro-x', children: 0, over70: false },
        ],
      },
    });
  });

  it('equals the caseloads GET /reports/figures answers for the same day', async () => {
    // Act
    const caseloads = await askReport('GET /reports/caseloads', IRO);
    const figures = await askReport('GET /reports/figures', IRO, { years: '1' });

    // Assess
    expect(figures.status).toBe(200);
    expect(caseloads.body.caseloads).toEqual(figures.body.caseloads);
  });

  it.each([
    ['an IRO', IRO, 200],
    ['an administrator', ADMIN, 200],
    ['a social worker', SOCIAL_WORKER, 403],
  ])('answers %s with %i', async (_, who, status) => {
    expect((await askReport('GET /reports/caseloads', who)).status).toBe(status);
  });

  it('answers 400 to any parameter, naming the query and not the parameter', async () => {
    const { status, body } = await askReport('GET /reports/caseloads', MANAGER, {
      'Jane Smith': '1',
    });
    expect(status).toBe(400);
    expect(body).toEqual({ problems: [{ field: 'query', reason: 'takes no parameters' }] });
  });
});
