/**
 * The event log a council can trust: who may record and read what, ids that cannot
 * break a clock, no input echoed, every event attributable, and retraction without
 * rewriting history. Through the API handlers, the real adapters and the workflows on
 * the local engines; "nothing stored" is checked by reading the log back.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { recordEvents } from '../../../functions/record-event.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, type Who } from './support.js';

let unit: Unit;
beforeAll(async () => {
  // C1-C5 have the unit's social worker (staff id `social-worker`) allocated; C9 has nobody.
  unit = await startUnit({
    startAt: '2017-03-02T09:00:00Z',
    subjects: ['C1', 'C2', 'C3', 'C4', 'C5'],
  });
});
afterAll(async () => {
  await unit.stop();
});

const call = (
  handler: (event: APIGatewayProxyEventV2, deps: Unit['runtime']['deps']) => Promise<unknown>,
  event: APIGatewayProxyEventV2,
) => callHandler(unit, handler, event);
const post = (who: Who, body: unknown, route = 'POST /events', userArn?: string) =>
  call(recordEvents, apiEvent(route, who, { body, ...(userArn ? { userArn } : {}) }));
const get = (who: Who, route: string, options: Parameters<typeof apiEvent>[2] = {}) =>
  call(answerQuery, apiEvent(route, who, options));
const log = (name: string) => unit.runtime.deps.events.history(name);

const SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: 'social-worker' };
const OTHER_SOCIAL_WORKER: Who = { roles: ['social-worker'], sub: 'sw-2' };
const IRO: Who = { roles: ['iro'], sub: 'iro-7' };
const MANAGER: Who = { roles: ['manager'], sub: 'manager-1' };

const lookedAfter = (childId: string, eventId: string, date = '2017-03-01') => ({
  eventId,
  type: 'BecameLookedAfter',
  childId,
  date,
});

beforeAll(async () => {
  for (const child of ['C1', 'C9']) {
    expect(
      await post('system', lookedAfter(child, `start-${child}`), 'POST /system/events'),
    ).toMatchObject({ status: 201 });
  }
});

describe('who may end a clock', () => {
  it.each<[string, Who, string]>([
    ['a social worker, for a child allocated to nobody', SOCIAL_WORKER, 'C9'],
    ["another social worker, for a child allocated to the unit's", OTHER_SOCIAL_WORKER, 'C1'],
  ])('refuses %s with 403, and stores nothing', async (_, who, childId) => {
    // Act
    const answer = await post(who, {
      eventId: `cease-${childId}-refused`,
      type: 'CeasedLookedAfter',
      childId,
      date: '2017-03-02',
    });

    // Assess
    expect(answer.status).toBe(403);
    expect((await log(`reviews/${childId}`)).map((e) => e.eventId)).toEqual([`start-${childId}`]);
  });

  it('lets the social worker allocated to the child end it', async () => {
    // Act
    const answer = await post(SOCIAL_WORKER, {
      eventId: 'cease-1',
      type: 'CeasedLookedAfter',
      childId: 'C1',
      date: '2017-03-02',
    });

    // Assess
    expect(answer.status).toBe(201);
  });

  it('refuses a manager raising a dispute: only IROs and administrators do', async () => {
    // Act
    const answer = await post(MANAGER, {
      eventId: 'dm',
      type: 'DisputeRaised',
      disputeId: 'DM',
      childId: 'C2',
      date: '2017-03-01',
      issue: 'x',
    });

    // Assess
    expect(answer.status).toBe(403);
    expect(await log('dispute/DM')).toEqual([]);
  });

  it('takes no `system` role from a staff token: such a caller may record nothing', async () => {
    // Act
    const answer = await post({ roles: ['system'] }, lookedAfter('C3', 'sys-claim'));

    // Assess
    expect(answer.status).toBe(403);
    expect(await log('reviews/C3')).toEqual([]);
  });

  it('answers 401 to an IAM principal that is not the case management system role', async () => {
    // Act
    const answer = await post(
      'system',
      lookedAfter('C3', 'other-principal'),
      'POST /system/events',
      'arn:aws:sts::000000000000:assumed-role/reporting/session',
    );

    // Assess
    expect(answer.status).toBe(401);
    expect(await log('reviews/C3')).toEqual([]);
  });
});

describe('eventIds', () => {
  it('requires one from the case management system', async () => {
    // Act
    const answer = await post(
      'system',
      { type: 'BecameLookedAfter', childId: 'C3', date: '2017-03-01' },
      'POST /system/events',
    );

    // Assess
    expect(answer).toEqual({
      status: 400,
      body: {
        problems: [{ field: 'eventId', reason: 'is required from the case management system' }],
      },
    });
    expect(await log('reviews/C3')).toEqual([]);
  });

  it('requires one on every event of a batch', async () => {
    // Act
    const answer = await post(IRO, [
      { type: 'BecameLookedAfter', childId: 'C3', date: '2017-03-01' },
    ]);

    // Assess
    expect(answer).toMatchObject({
      status: 400,
      body: { problems: [{ field: '[0].eventId', reason: 'is required in a batch' }] },
    });
    expect(await log('reviews/C3')).toEqual([]);
  });

  it('keeps staff ids apart from the system ids, so staff cannot squat them', async () => {
    // Prepare: staff used the id first, for another child
    expect((await post(IRO, lookedAfter('C6', 'CMS-77'))).status).toBe(201);

    // Act
    const answer = await post('system', lookedAfter('C7', 'CMS-77'), 'POST /system/events');

    // Assess
    expect(answer.status).toBe(201);
    expect((await log('reviews/C7')).map((e) => [e.eventId, e.source])).toEqual([
      ['CMS-77', 'system'],
    ]);
  });
});

describe('ids that cannot break a clock', () => {
  it.each([
    ['a newline', 'C\n1'],
    ["'..'", '..'],
    ["'.'", '.'],
    ['a right-to-left override', 'C\u202E1'],
    ['a line separator', 'C\u20281'],
    ['129 characters', 'C'.repeat(129)],
    ["the unit's own subject", 'unit'],
  ])('refuses a child id with %s: 400 naming the field, nothing stored', async (_, childId) => {
    // Act
    const answer = await post(
      IRO,
      lookedAfter(childId, `bad-${Buffer.from(childId).toString('hex').slice(0, 40)}`),
    );

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([expect.objectContaining({ field: 'childId' })]);
    expect(await log(`reviews/${encodeURIComponent(childId)}`)).toEqual([]);
  });

  it('refuses a dispute issue over 10,000 characters with a 400, not a 500', async () => {
    // Act
    const answer = await post(IRO, {
      eventId: 'long',
      type: 'DisputeRaised',
      disputeId: 'DL',
      childId: 'C2',
      date: '2017-03-01',
      issue: 'x'.repeat(10_001),
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      { field: 'issue', reason: 'must be at most 10000 characters' },
    ]);
    expect(await log('dispute/DL')).toEqual([]);
  });
});

describe('events dated after today', () => {
  it.each([
    [
      'a review dated tomorrow',
      { eventId: 'tomorrow-2', type: 'LacReviewHeld', childId: 'C2', date: '2017-03-03' },
      'date',
    ],
    [
      'a report shared at one minute past midnight tomorrow, London time',
      {
        eventId: 'report-tomorrow',
        type: 'ReportShared',
        childId: 'C2',
        conferenceId: 'K1',
        at: '2017-03-03T00:01:00Z',
      },
      'at',
    ],
  ])('refuses %s with a 400 naming its date, and stores nothing', async (_, event, field) => {
    // Prepare: today is Thursday 2 March 2017 (the unit's clock)
    const before = await log('reviews/C2');

    // Act
    const answer = await post(IRO, event);

    // Assess
    expect(answer).toMatchObject({
      status: 400,
      body: { problems: [{ field, reason: 'must not be after today, 2017-03-02' }] },
    });
    expect(await log('reviews/C2')).toEqual(before);
  });
});

describe('no input text is echoed', () => {
  it.each([
    ['an unknown type', { type: 'Jane Smith DOB 2012-03-04', childId: 'C2', date: '2017-03-01' }],
    [
      'an unexpected field',
      { type: 'BecameLookedAfter', childId: 'C2', date: '2017-03-01', JaneSmith: 1 },
    ],
  ])('names %s without repeating it', async (_, body) => {
    // Act
    const answer = await post(IRO, { eventId: 'echo', ...body });

    // Assess
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toMatch(/Jane/);
  });
});

describe('reads', () => {
  it("refuses a social worker a child's obligations unless the child is theirs", async () => {
    // Act
    const other = await get(SOCIAL_WORKER, 'GET /children/{childId}/obligations', {
      path: { childId: 'C9' },
    });
    const own = await get(SOCIAL_WORKER, 'GET /children/{childId}/obligations', {
      path: { childId: 'C1' },
    });

    // Assess
    expect(other.status).toBe(403);
    expect(own.status).toBe(200);
  });

  it('lists a social worker only the obligations of their children', async () => {
    // Act
    const { status, body } = await get(SOCIAL_WORKER, 'GET /obligations');

    // Assess: C9 has a review open, but is not theirs
    expect(status).toBe(200);
    expect(body.obligations.map((o: { subjectId: string }) => o.subjectId)).not.toContain('C9');
  });

  it('refuses a caller with no recognised role', async () => {
    expect((await get({ roles: ['mayor'] }, 'GET /obligations')).status).toBe(403);
  });

  it('lists obligations due strictly before dueBefore', async () => {
    // C9 looked after on Wednesday 1 March 2017: its first review is due 1 March + 20
    // working days = Wednesday 29 March (no bank holiday in March 2017).
    const subjects = async (dueBefore: string) =>
      (
        await get(IRO, 'GET /obligations', { query: { dueBefore, kind: 'lac-review' } })
      ).body.obligations.map((o: { subjectId: string }) => o.subjectId);

    // Act / Assess
    expect(await subjects('2017-03-29')).not.toContain('C9');
    expect(await subjects('2017-03-30')).toContain('C9');
  });
});

describe('attribution and the audit trail', () => {
  it('stores who recorded each event and the request it came in', async () => {
    // Act
    await post(IRO, {
      eventId: 'bf-9',
      type: 'ReviewBroughtForward',
      childId: 'C9',
      date: '2017-03-02',
      reviewBy: '2017-03-20',
    });

    // Assess
    expect((await log('reviews/C9')).at(-1)).toMatchObject({
      eventId: 'bf-9',
      recordedBy: 'iro-7',
      requestId: 'request-1',
      source: 'staff',
    });
  });

  it("gives IROs, managers and administrators a child's log, and nobody else", async () => {
    // Act
    const read = await get(MANAGER, 'GET /children/{childId}/events', { path: { childId: 'C9' } });
    const refused = await get(SOCIAL_WORKER, 'GET /children/{childId}/events', {
      path: { childId: 'C2' },
    });
    const unknown = await get(IRO, 'GET /children/{childId}/events', { path: { childId: 'C404' } });

    // Assess
    expect(read.status).toBe(200);
    expect(
      read.body.events.map((e: { eventId: string; recordedBy: string }) => [
        e.eventId,
        e.recordedBy,
      ]),
    ).toEqual([
      ['start-C9', 'arn:aws:sts::000000000000:assumed-role/case-management/integration'],
      ['bf-9', 'iro-7'],
    ]);
    expect(refused.status).toBe(403);
    expect(unknown.status).toBe(404);
  });
});

describe('EventRetracted', () => {
  const retract = (who: Who, eventId: string, reason = 'recorded for the wrong child') =>
    post(who, { type: 'EventRetracted', eventId, reason, date: '2017-03-03' });

  beforeAll(async () => {
    // C4 looked after on Wednesday 1 March; reviewed on Monday 20 March (in error)
    expect(
      (await post('system', lookedAfter('C4', 'start-C4'), 'POST /system/events')).status,
    ).toBe(201);
    // Events are recorded once they happened: the day after the review comes first.
    await unit.advanceTo('2017-03-21T09:00:00Z');
    const review = {
      eventId: 'review-4',
      type: 'LacReviewHeld',
      childId: 'C4',
      date: '2017-03-20',
    };
    expect((await post(IRO, review)).status).toBe(201);
  });

  it('takes an event back: it stays in the log, no longer counts, and the board follows', async () => {
    // Prepare: after the review the next one is due 20 March + 3 months = 20 June
    const before = await unit.runtime.deps.board.forSubject('C4');
    expect(before.filter((o) => o.kind === 'lac-review').map((o) => o.due)).toEqual(['2017-06-20']);

    // Act
    const answer = await retract(MANAGER, 'review-4');

    // Assess: back to the first review, due 1 March + 20 working days = 29 March
    expect(answer.status).toBe(201);
    const after = await unit.runtime.deps.board.forSubject('C4');
    expect(after.map((o) => [o.kind, o.due])).toEqual([['lac-review', '2017-03-29']]);
    const trail = await get(IRO, 'GET /children/{childId}/events', { path: { childId: 'C4' } });
    expect(
      trail.body.events.find((e: { eventId: string }) => e.eventId === 'review-4'),
    ).toMatchObject({
      retracted: { by: 'manager-1', reason: 'recorded for the wrong child' },
    });
  });

  it('takes back an event recorded without an eventId, by the id the answer gave', async () => {
    // Prepare: C6 looked after on 1 March, and a review on 20 March sent with no id
    await post('system', lookedAfter('C6', 'start-C6'), 'POST /system/events');
    const recorded = await post(IRO, { type: 'LacReviewHeld', childId: 'C6', date: '2017-03-20' });
    expect(recorded.status).toBe(201);
    const { eventId } = recorded.body as { eventId: string };

    // Act
    const answer = await retract(IRO, eventId);

    // Assess: the review stays in the log, marked as taken back
    expect(answer.status).toBe(201);
    const trail = await get(IRO, 'GET /children/{childId}/events', { path: { childId: 'C6' } });
    expect(trail.body.events.find((e: { eventId: string }) => e.eventId === eventId)).toMatchObject(
      { retracted: { by: 'iro-7' } },
    );
  });

  it('refuses a social worker (403) and a second retraction of the same event (409)', async () => {
    // Act
    const byWorker = await retract(SOCIAL_WORKER, 'start-C4');
    const again = await retract(IRO, 'review-4');

    // Assess
    expect(byWorker.status).toBe(403);
    expect(again).toMatchObject({
      status: 409,
      body: { problems: [{ field: 'eventId', reason: 'the event has already been retracted' }] },
    });
  });

  it('refuses a retraction that would leave the history contradictory, and one naming no event', async () => {
    // Prepare: C5 looked after and reviewed
    await post('system', lookedAfter('C5', 'start-C5'), 'POST /system/events');
    await post(IRO, {
      eventId: 'review-5',
      type: 'LacReviewHeld',
      childId: 'C5',
      date: '2017-03-10',
    });

    // Act: without its start, C5's review would be for a child not looked after
    const contradictory = await retract(IRO, 'start-C5');
    const unknown = await retract(IRO, 'never-recorded');

    // Assess
    expect(contradictory.status).toBe(409);
    expect(unknown).toMatchObject({ status: 409, body: { problems: [{ field: 'eventId' }] } });
    expect((await log('reviews/C5')).map((e) => e.event.type)).toEqual([
      'BecameLookedAfter',
      'LacReviewHeld',
    ]);
  });
});
