/**
 * Safe against the people inside (issue 15): every write scoped to the caller's children,
 * a retraction only by someone who could have recorded what it takes back, access asked
 * before the history is, one id rule everywhere, erasure only of a child the system
 * knows, and every event's dates inside the bank-holiday data. Through the handlers, over
 * the real adapters on dynalite.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseChild } from '../../../functions/erase.js';
import { answerQuery } from '../../../functions/queries.js';
import { recordEvents } from '../../../functions/record-event.js';
import { manageStaff } from '../../../functions/staff.js';
import { STAFF, startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

/** C1 and C2 are allocated to the unit's social worker; C3 to another one; C4 to nobody. */
const MINE = 'C1';
const ANOTHERS = 'C3';
const OTHER_WORKER = 'sw-other';

const IRO: Who = { roles: ['iro'], sub: STAFF.iro };
const ADMIN: Who = { roles: ['admin'], sub: 'admin-1' };
const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };
const SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: STAFF['social-worker'] };

type Handler = (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>;

let unit: Unit;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-03-02T09:00:00Z', subjects: [MINE, 'C2'] });
  const { staff } = unit.runtime.deps;
  await staff.putStaff({ staffId: OTHER_WORKER, name: 'Another', email: 'other@council.example' });
  await staff.allocate({ subjectId: ANOTHERS, roles: { 'social-worker': OTHER_WORKER } });
  for (const childId of [MINE, 'C2', ANOTHERS, 'C4']) {
    const { status } = await post(IRO, {
      eventId: `lac-${childId}`,
      type: 'BecameLookedAfter',
      childId,
      date: '2017-01-02',
    });
    expect(status).toBe(201);
  }
});
afterAll(async () => {
  await unit.stop();
});

const call = (handler: Handler, event: APIGatewayProxyEventV2) => callHandler(unit, handler, event);
const post = (who: Who, body: unknown, route = 'POST /events') =>
  call(recordEvents, apiEvent(route, who, { body }));
const history = (log: string) => unit.runtime.deps.events.history(log);
const review = (childId: string, date: string, eventId: string) => ({
  eventId,
  type: 'LacReviewHeld',
  childId,
  date,
});

describe('a retraction, only by someone who could have recorded the event', () => {
  const dispute = {
    eventId: 'dr-1',
    type: 'DisputeRaised',
    disputeId: 'DRP/1',
    childId: MINE,
    date: '2017-03-01',
    issue: 'The plan has no date for the move.',
  };
  const takeBack = {
    type: 'EventRetracted',
    eventId: 'dr-1',
    reason: 'raised for the wrong child',
    date: '2017-03-02',
  };

  it("refuses a team manager taking back an IRO's dispute (403), which stays on the board and in the log", async () => {
    // Prepare
    expect((await post(IRO, dispute)).status).toBe(201);

    // Act
    const answer = await post(MANAGER, takeBack);

    // Assess
    expect(answer).toEqual({
      status: 403,
      body: { reason: 'your roles may not take back DisputeRaised' },
    });
    expect(await history('dispute/DRP%2F1')).toHaveLength(1);
    const disputes = await call(answerQuery, apiEvent('GET /disputes', MANAGER));
    expect(disputes.body.disputes).toEqual([expect.objectContaining({ refId: 'DRP/1' })]);
  });

  it('lets a manager take back a review they could have recorded', async () => {
    // Prepare
    expect((await post(MANAGER, review('C2', '2017-02-01', 'rv-c2'))).status).toBe(201);

    // Act
    const answer = await post(MANAGER, {
      type: 'EventRetracted',
      eventId: 'rv-c2',
      reason: 'the review was postponed',
      date: '2017-03-02',
    });

    // Assess
    expect(answer.status).toBe(201);
  });

  it("shows the child's disputes in their one audit trail, the retraction with who, when and why", async () => {
    // Act: an IRO may take the dispute back
    const retracted = await post(IRO, takeBack);
    const trail = await call(
      answerQuery,
      apiEvent('GET /children/{childId}/events', MANAGER, { path: { childId: MINE } }),
    );

    // Assess
    expect(retracted.status).toBe(201);
    expect(trail.status).toBe(200);
    const inDispute = trail.body.events.filter((e: { log: string }) => e.log === 'dispute/DRP%2F1');
    expect(inDispute).toEqual([
      expect.objectContaining({
        eventId: 'dr-1',
        recordedBy: STAFF.iro,
        event: expect.objectContaining({ type: 'DisputeRaised', disputeId: 'DRP/1' }),
        retracted: expect.objectContaining({
          by: STAFF.iro,
          at: '2017-03-02T09:00:00.000Z',
          reason: 'raised for the wrong child',
        }),
      }),
      expect.objectContaining({
        event: expect.objectContaining({
          type: 'EventRetracted',
          reason: 'raised for the wrong child',
        }),
      }),
    ]);
  });
});

describe('a social worker records only for the children allocated to them', () => {
  it.each([
    ['LacReviewHeld', review(ANOTHERS, '2017-02-01', 'sw-1')],
    [
      'IroContactWithChild',
      {
        eventId: 'sw-2',
        type: 'IroContactWithChild',
        childId: ANOTHERS,
        date: '2017-02-01',
        method: 'visit',
      },
    ],
    [
      'CeasedLookedAfter',
      { eventId: 'sw-3', type: 'CeasedLookedAfter', childId: ANOTHERS, date: '2017-02-01' },
    ],
    [
      'PlacementOrderMade',
      { eventId: 'sw-4', type: 'PlacementOrderMade', childId: ANOTHERS, date: '2017-02-01' },
    ],
  ])("refuses %s for another social worker's child (403), and stores nothing", async (_, event) => {
    // Act
    const answer = await post(SOCIAL_WORKER, event);

    // Assess
    expect(answer).toEqual({
      status: 403,
      body: { reason: 'you may record only for the children and carers allocated to you' },
    });
    expect(await history(`reviews/${ANOTHERS}`)).toHaveLength(1);
  });

  it('refuses an event for a child allocated to nobody (403)', async () => {
    expect((await post(SOCIAL_WORKER, review('C4', '2017-02-01', 'sw-5'))).status).toBe(403);
    expect(await history('reviews/C4')).toHaveLength(1);
  });

  it('records for their own child, a clock-ending event included', async () => {
    expect((await post(SOCIAL_WORKER, review(MINE, '2017-02-01', 'sw-6'))).status).toBe(201);
    expect(
      (
        await post(SOCIAL_WORKER, {
          eventId: 'sw-7',
          type: 'IroContactWithChild',
          childId: MINE,
          date: '2017-02-02',
          method: 'phone',
        })
      ).status,
    ).toBe(201);
  });
});

describe('access is asked before the history, so no 409 tells a caller anything', () => {
  it.each([
    [
      'a second start (already looked after)',
      { eventId: 'p-1', type: 'BecameLookedAfter', childId: ANOTHERS, date: '2017-02-01' },
    ],
    ['a review before the child was looked after', review(ANOTHERS, '2016-06-01', 'p-2')],
    [
      'minutes of a conference that may or may not exist',
      {
        eventId: 'p-3',
        type: 'ConferenceMinutesShared',
        childId: ANOTHERS,
        conferenceId: 'K1',
        date: '2017-02-01',
      },
    ],
    [
      'an eventId already used',
      { eventId: 'lac-C3', type: 'BecameLookedAfter', childId: ANOTHERS, date: '2017-01-03' },
    ],
  ])('answers 403, not 409, to %s for a child they may not read', async (_, event) => {
    const answer = await post(SOCIAL_WORKER, event);
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).not.toMatch(/2017-01-02|looked after|conference/);
  });
});

describe('one rule for ids', () => {
  it.each([
    ['a zero-width space', 'LAC-1001\u200b'],
    ['a zero-width joiner', 'LAC\u200d1001'],
    ['a word joiner', 'LAC\u20601001'],
    ['a soft hyphen', 'LAC\u00ad1001'],
    ['an Arabic letter mark (bidi)', 'LAC\u061c1001'],
    ['a Cyrillic A among Latin letters', 'L\u0410C-1001'],
    ['a lone surrogate', 'X\ud800'],
    ['a NUL', 'a\u0000b'],
    ['a space', 'LAC 1001'],
    ['a decomposed accent (not NFC)', 'Rene\u0301'],
    ['3,000 characters', 'C'.repeat(3000)],
  ])(
    'refuses a childId with %s: 400 naming the field, never the value, nothing stored',
    async (_, childId) => {
      const answer = await post(IRO, {
        eventId: 'id-1',
        type: 'BecameLookedAfter',
        childId,
        date: '2017-03-01',
      });
      expect(answer.status).toBe(400);
      expect(answer.body.problems).toEqual([{ field: 'childId', reason: expect.any(String) }]);
      expect(JSON.stringify(answer.body)).not.toContain(JSON.stringify(childId).slice(1, -1));
      expect(await unit.runtime.deps.events.locate('staff', 'id-1')).toBeUndefined();
    },
  );

  it.each([
    [
      'eventId',
      { eventId: 'X\ud800', type: 'BecameLookedAfter', childId: 'C9', date: '2017-03-01' },
    ],
    [
      'disputeId',
      {
        eventId: 'id-2',
        type: 'DisputeRaised',
        disputeId: 'X\ud800',
        childId: MINE,
        date: '2017-03-01',
        issue: 'x',
      },
    ],
    [
      'eventId',
      { type: 'EventRetracted', eventId: 'X\ud800', reason: 'wrong', date: '2017-03-01' },
    ],
  ])('refuses a lone surrogate in %s with a 400, not a 500', async (field, event) => {
    const answer = await post(IRO, event);
    expect(answer).toEqual({
      status: 400,
      body: { problems: [{ field, reason: expect.any(String) }] },
    });
  });

  it('refuses a lone surrogate from the case management system with a 400, not a 500', async () => {
    const answer = await post(
      'system',
      { eventId: 'id-3', type: 'BecameLookedAfter', childId: 'X\ud800', date: '2017-03-01' },
      'POST /system/events',
    );
    expect(answer.status).toBe(400);
  });

  it('checks a batch whole: [good, bad, good] stores nothing, names the bad one, and the corrected batch stores all', async () => {
    // Prepare
    const batch = [
      review('C2', '2017-02-10', 'bt-1'),
      review('X\ud800', '2017-02-10', 'bt-2'),
      review('C2', '2017-02-20', 'bt-3'),
    ];

    // Act
    const refused = await post(IRO, batch);
    const stored = await history('reviews/C2');
    const corrected = await post(IRO, [batch[0], review(MINE, '2017-02-10', 'bt-2'), batch[2]]);

    // Assess
    expect(refused).toEqual({
      status: 400,
      body: { problems: [{ field: '[1].childId', reason: expect.any(String) }] },
    });
    expect(stored.map((h) => h.eventId)).not.toContain('bt-1');
    expect(corrected.status).toBe(201);
    expect((await history('reviews/C2')).map((h) => h.eventId)).toEqual(
      expect.arrayContaining(['bt-1', 'bt-3']),
    );
  });

  it('answers a batch with a contradiction 207, saying exactly which were stored; sent again it stores the rest once corrected', async () => {
    // Act: the second contradicts (C9 is not looked after)
    const first = await post(IRO, [
      review('C2', '2017-02-11', 'bc-1'),
      review('C9', '2017-02-11', 'bc-2'),
      review('C2', '2017-02-21', 'bc-3'),
    ]);
    const again = await post(IRO, [
      review('C2', '2017-02-11', 'bc-1'),
      { eventId: 'bc-4', type: 'BecameLookedAfter', childId: 'C9', date: '2017-02-01' },
      review('C9', '2017-02-11', 'bc-2'),
      review('C2', '2017-02-21', 'bc-3'),
    ]);

    // Assess
    expect(first.status).toBe(207);
    expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([201, 409, 201]);
    expect(again.body.results.map((r: { status: number }) => r.status)).toEqual([
      200, 201, 201, 200,
    ]);
    expect((await history('reviews/C9')).map((h) => h.eventId)).toEqual(['bc-4', 'bc-2']);
  });

  const staffRoute = (routeKey: string, path: Record<string, string>, body?: unknown) =>
    call(manageStaff, apiEvent(routeKey, ADMIN, { path, ...(body === undefined ? {} : { body }) }));

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a right-to-left override', 'ab\u202ecd'],
    ['3,000 characters', 's'.repeat(3000)],
    ['a lone surrogate', 's\udc00'],
  ])(
    'refuses a staff id and an allocation subject with %s in the path: 400 naming it',
    async (_, id) => {
      const staff = await staffRoute(
        'PUT /staff/{staffId}',
        { staffId: id },
        { name: 'N', email: 'n@council.example' },
      );
      const allocation = await staffRoute(
        'PUT /allocations/{subjectId}',
        { subjectId: id },
        { roles: { iro: STAFF.iro } },
      );
      const read = await staffRoute('GET /staff/{staffId}', { staffId: id });
      expect(staff).toEqual({
        status: 400,
        body: { problems: [{ field: 'staffId', reason: expect.any(String) }] },
      });
      expect(allocation).toEqual({
        status: 400,
        body: { problems: [{ field: 'subjectId', reason: expect.any(String) }] },
      });
      expect(read.status).toBe(400);
      // (read back only as far as a DynamoDB key may go)
      expect(await unit.runtime.deps.staff.getStaff(id.slice(0, 100))).toBeUndefined();
    },
  );

  it('refuses an allocation to an unknown staff id without repeating it', async () => {
    const answer = await staffRoute(
      'PUT /allocations/{subjectId}',
      { subjectId: 'C2' },
      { roles: { iro: '<b>Alice</b>' } },
    );
    const unknown = await staffRoute(
      'PUT /allocations/{subjectId}',
      { subjectId: 'C2' },
      { roles: { iro: 'Alice' } },
    );
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toContain('Alice');
    expect(unknown).toEqual({
      status: 400,
      body: {
        problems: [{ field: 'roles.iro', reason: 'names no staff member on the staff list' }],
      },
    });
  });
});

describe('erasure only of a child the system knows', () => {
  const erase = (childId: string) =>
    call(
      eraseChild as Handler,
      apiEvent('DELETE /children/{childId}', ADMIN, { path: { childId } }),
    );
  const erasureRecord = async (childId: string) => {
    const { client, tableName } = unit.runtime.dynamo;
    const { Item } = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: `ERASURE#${encodeURIComponent(childId)}`, sk: '2017-03-02T09:00:00.000Z' },
      }),
    );
    return Item;
  };

  it("refuses 'unit' (400), and the unit's allocations stay", async () => {
    const answer = await erase('unit');
    expect(answer).toEqual({
      status: 400,
      body: { problems: [{ field: 'childId', reason: expect.any(String) }] },
    });
    expect(await unit.runtime.deps.staff.allocation('unit')).toMatchObject({
      roles: { director: STAFF.director },
    });
  });

  it('answers 404 for a child never recorded, and writes no erasure record', async () => {
    const answer = await erase('NEVER-EXISTED');
    expect(answer.status).toBe(404);
    expect(await erasureRecord('NEVER-EXISTED')).toBeUndefined();
  });

  it.each([
    ['3,000 characters', 'E'.repeat(3000)],
    ['a lone surrogate', 'E\ud800'],
    ['a zero-width space', 'C2\u200b'],
  ])('refuses an id with %s (400), not a 500', async (_, childId) => {
    expect((await erase(childId)).status).toBe(400);
  });

  it('erases a child it knows (200), and then knows them no more (404)', async () => {
    expect((await erase('C4')).status).toBe(200);
    expect(await erasureRecord('C4')).toMatchObject({ childId: 'C4', erasedBy: 'admin-1' });
    // Erased, the child is known no more: a repeat finds nothing to erase.
    expect((await erase('C4')).status).toBe(404);
  });
});

describe('dates outside the bank-holiday data, and reviews on one date', () => {
  const OUTSIDE =
    'cannot compute what is due: 0001-01-01 is outside the bank-holiday data (2010-01-01 to 2030-12-31)';

  it.each([
    [
      'FosterCarerApproved',
      { eventId: 'dt-1', type: 'FosterCarerApproved', carerId: 'F1', date: '0001-01-01' },
    ],
    [
      'BecameLookedAfter',
      { eventId: 'dt-2', type: 'BecameLookedAfter', childId: 'C8', date: '0001-01-01' },
    ],
    [
      'PlacedInSecureAccommodation',
      { eventId: 'dt-3', type: 'PlacedInSecureAccommodation', childId: 'C8', date: '0001-01-01' },
    ],
    [
      'StrategyDiscussionHeld',
      {
        eventId: 'dt-4',
        type: 'StrategyDiscussionHeld',
        childId: 'C8',
        date: '0001-01-01',
        section47: false,
      },
    ],
  ])('refuses %s dated 0001-01-01 with the same 409, and stores nothing', async (_, event) => {
    const answer = await post(IRO, event);
    expect(answer).toEqual({
      status: 409,
      body: { problems: [{ field: 'date', reason: OUTSIDE }] },
    });
    expect(await unit.runtime.deps.events.locate('staff', event.eventId)).toBeUndefined();
  });

  it('admits one looked-after review per child per date: of a hundred sent, one is stored', async () => {
    // Act
    const answers = await post(
      IRO,
      Array.from({ length: 100 }, (_, i) => review('C2', '2017-02-27', `same-day-${i}`)),
    );

    // Assess
    const statuses = answers.body.results.map((r: { status: number }) => r.status);
    expect(statuses.filter((s: number) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s: number) => s === 409)).toHaveLength(99);
    expect(answers.body.results[1].body.problems).toEqual([
      {
        field: 'date',
        reason:
          'a looked-after review is already recorded as held on 2017-02-27: repeat it with the same eventId, or retract it first',
      },
    ]);
    const held = (await history('reviews/C2')).filter((h) => h.eventId.startsWith('same-day-'));
    expect(held).toHaveLength(1);
  });
});
