/**
 * The HTTP API's handlers, given API Gateway events as the JWT and IAM authorizers pass
 * them, over the real adapters on the local engines.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { recordEvents } from '../../../functions/record-event.js';
import { recordEvent } from '../../../functions/shared/record.js';
import { manageStaff } from '../../../functions/staff.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-02T09:00:00Z', subjects: ['C1', 'C2'] });
});
afterAll(async () => {
  await unit.stop();
});

const call = (
  handler: (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
) => callHandler(unit, handler, event);
const post = (who: Who, body: unknown) =>
  call(recordEvents, apiEvent('POST /events', who, { body }));
const history = (log: string) => unit.runtime.deps.events.history(log);

const lookedAfter = { eventId: 'a1', type: 'BecameLookedAfter', childId: 'C1', date: '2017-03-01' };
const dispute = {
  eventId: 'a9',
  type: 'DisputeRaised',
  disputeId: 'D9',
  childId: 'C1',
  date: '2017-03-01',
  issue: 'x',
};

describe('POST /events', () => {
  it('answers 401 to a caller with no identity, and stores nothing', async () => {
    expect(await post('nobody', lookedAfter)).toMatchObject({ status: 401 });
    expect(await history('reviews/C1')).toEqual([]);
  });

  it.each<[string, Who]>([
    ['a social worker', { roles: ['social-worker'] }],
    ['the case management system', 'system'],
    ['a token with no known role', { roles: ['mayor'] }],
  ])('answers 403 when %s raises a dispute, and stores nothing', async (_, who) => {
    expect(await post(who, dispute)).toMatchObject({ status: 403 });
    expect(await history('dispute/D9')).toEqual([]);
  });

  it('answers 400 naming the field and the reason, and stores nothing', async () => {
    const { status, body } = await post({ roles: ['iro'] }, { ...lookedAfter, date: '2017-02-30' });
    expect(status).toBe(400);
    expect(body.problems).toEqual([
      { field: 'date', reason: expect.stringContaining('real date') },
    ]);
    expect(await history('reviews/C1')).toEqual([]);
  });

  it('answers 409 with the reason when the event contradicts the history, and stores nothing', async () => {
    const review = { eventId: 'a2', type: 'LacReviewHeld', childId: 'C2', date: '2017-03-01' };
    const { status, body } = await post({ roles: ['iro'] }, review);
    expect(status).toBe(409);
    expect(body).toEqual({
      problems: [{ field: 'childId', reason: 'the child is not looked after on 2017-03-01' }],
    });
    expect(await history('reviews/C2')).toEqual([]);
  });

  it('records an event (201), takes its repeat calmly (200), and refuses its id for another event (409)', async () => {
    expect(await post('system', lookedAfter)).toMatchObject({
      status: 201,
      body: { eventId: 'a1' },
    });
    expect(await post('system', lookedAfter)).toMatchObject({
      status: 200,
      body: { duplicate: true },
    });
    expect(await post('system', { ...lookedAfter, date: '2017-02-28' })).toMatchObject({
      status: 409,
      body: { problems: [{ field: 'eventId' }] },
    });
    expect(await history('reviews/C1')).toHaveLength(1);
  });

  it('takes a batch in order, answering each event; 207 when the answers differ', async () => {
    const { status, body } = await post({ roles: ['iro'] }, [
      { eventId: 'b1', type: 'BecameLookedAfter', childId: 'C2', date: '2017-03-01' },
      {
        eventId: 'b2',
        type: 'ReviewBroughtForward',
        childId: 'C2',
        date: '2017-03-01',
        reviewBy: '2017-03-10',
      },
      { eventId: 'b3', type: 'LacReviewHeld', childId: 'C9', date: '2017-03-01' },
    ]);
    expect(status).toBe(207);
    expect(body.results.map((r: { status: number }) => r.status)).toEqual([201, 201, 409]);
    expect(await history('reviews/C2')).toHaveLength(2);
  });

  it.each([
    ['no body', undefined, 'a JSON body is required'],
    ['an empty batch', [], 'a batch holds 1 to 100 events'],
  ])('answers 400 to %s', async (_, body, reason) => {
    const result = await call(
      recordEvents,
      apiEvent('POST /events', { roles: ['iro'] }, body === undefined ? {} : { body }),
    );
    expect(result).toEqual({ status: 400, body: { reason } });
  });
});

describe('GET routes', () => {
  it("lists a child's open obligations", async () => {
    const { status, body } = await call(
      answerQuery,
      apiEvent(
        'GET /children/{childId}/obligations',
        // The social worker startUnit allocates to C1 and C2.
        { roles: ['social-worker'], sub: 'social-worker' },
        { path: { childId: 'C2' } },
      ),
    );
    expect(status).toBe(200);
    expect(body.obligations).toEqual([
      expect.objectContaining({
        kind: 'lac-review',
        subjectId: 'C2',
        due: '2017-03-10',
        overdue: false,
      }),
    ]);
  });

  it('lists obligations due before a date, of a kind, for an IRO', async () => {
    const query = (q: Record<string, string>) =>
      call(answerQuery, apiEvent('GET /obligations', { roles: ['manager'] }, { query: q }));
    const dueSoon = await query({ dueBefore: '2017-03-11', kind: 'lac-review' });
    const mine = await query({ iro: 'iro' });
    const nobodys = await query({ iro: 'someone-else' });
    expect(dueSoon.body.obligations.map((o: { subjectId: string }) => o.subjectId)).toEqual(['C2']);
    expect(mine.body.obligations.map((o: { subjectId: string }) => o.subjectId)).toEqual([
      'C2',
      'C1',
    ]);
    expect(nobodys.body.obligations).toEqual([]);
  });

  it('lists disputes by stage', async () => {
    await post({ roles: ['iro'] }, dispute);
    const atStage = (stage: string) =>
      call(answerQuery, apiEvent('GET /disputes', { roles: ['iro'] }, { query: { stage } }));
    expect((await atStage('1')).body.disputes).toEqual([
      expect.objectContaining({ refId: 'D9', stage: 1 }),
    ]);
    expect((await atStage('2')).body.disputes).toEqual([]);
  });

  it.each([
    ['GET /obligations', { kind: 'lac-reveiw' }, 'kind'],
    ['GET /obligations', { dueBefore: 'soon' }, 'dueBefore'],
    ['GET /disputes', { stage: '6' }, 'stage'],
  ])('answers 400 to %s with %j, naming %s', async (route, query, field) => {
    const { status, body } = await call(
      answerQuery,
      apiEvent(route, { roles: ['iro'] }, { query }),
    );
    expect(status).toBe(400);
    expect(body.problems).toEqual([expect.objectContaining({ field })]);
  });
});

describe('PUT /staff and /allocations', () => {
  const put = (route: string, who: Who, path: Record<string, string>, body: unknown) =>
    call(manageStaff, apiEvent(route, who, { path, body }));

  it('lets an administrator add staff and allocate them', async () => {
    expect(
      await put(
        'PUT /staff/{staffId}',
        { roles: ['admin'] },
        { staffId: 'iro-2' },
        { name: 'A. Reviewer', email: 'a.reviewer@council.example' },
      ),
    ).toMatchObject({ status: 200 });
    expect(
      await put(
        'PUT /allocations/{subjectId}',
        { roles: ['admin'] },
        { subjectId: 'C2' },
        { roles: { iro: 'iro-2' } },
      ),
    ).toMatchObject({ status: 200 });
    expect(await unit.runtime.deps.staff.subjectsAllocatedTo('iro-2', 'iro')).toEqual(['C2']);
  });

  it.each<[string, Who, Record<string, string>, unknown, number]>([
    [
      'an IRO',
      { roles: ['iro'] },
      { staffId: 'x' },
      { name: 'X', email: 'x@council.example' },
      403,
    ],
    [
      'a bad email',
      { roles: ['admin'] },
      { staffId: 'x' },
      { name: 'X', email: 'not-an-address' },
      400,
    ],
  ])('refuses %s', async (_, who, path, body, status) => {
    expect(await put('PUT /staff/{staffId}', who, path, body)).toMatchObject({ status });
    expect(await unit.runtime.deps.staff.getStaff('x')).toBeUndefined();
  });

  it('refuses an allocation to someone not on the staff list', async () => {
    const { status, body } = await put(
      'PUT /allocations/{subjectId}',
      { roles: ['admin'] },
      { subjectId: 'C1' },
      { roles: { iro: 'ghost' } },
    );
    expect(status).toBe(400);
    expect(body.problems).toEqual([
      { field: 'roles.iro', reason: 'names no staff member on the staff list' },
    ]);
  });
});

describe('events racing each other', () => {
  it('keeps one of two contradictory events posted at the same moment, and refuses the other', async () => {
    // Prepare: each alone is fine; together the second episode contradicts the first
    const first = { eventId: 'r1', type: 'BecameLookedAfter', childId: 'C7', date: '2017-03-01' };
    const second = { eventId: 'r2', type: 'BecameLookedAfter', childId: 'C7', date: '2017-03-02' };

    // Act
    const answers = await Promise.all([post('system', first), post('system', second)]);

    // Assess
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect((await history('reviews/C7')).map((h) => h.eventId)).toEqual(['r1']);
  });

  it('refuses the later arrival when its first look at the history was already stale', async () => {
    // Prepare: r4 is recorded; r3 read the history before r4 arrived (the stale read is
    // the race), and is dated earlier, so the planner would fault r4
    await post('system', {
      eventId: 'r4',
      type: 'BecameLookedAfter',
      childId: 'C8',
      date: '2017-03-02',
    });
    const { deps } = unit.runtime;
    let reads = 0;
    const staleOnce = {
      ...deps,
      events: {
        ...deps.events,
        history: async (log: string) => (reads++ === 0 ? [] : deps.events.history(log)),
      },
    };

    // Act
    const outcome = await recordEvent(
      { eventId: 'r3', type: 'BecameLookedAfter', childId: 'C8', date: '2017-03-01' },
      { id: 'cms', roles: ['system'] },
      staleOnce,
    );

    // Assess
    expect(outcome).toMatchObject({ status: 409, reason: expect.stringContaining('r4') });
    expect((await history('reviews/C8')).map((h) => h.eventId)).toEqual(['r4']);
  });
});
