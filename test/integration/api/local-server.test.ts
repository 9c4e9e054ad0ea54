/**
 * The local HTTP API: the same handlers as the deployed routes, with the local
 * stand-ins for the authorizers; and its routes are the deployed API's routes. Its own
 * routes: the staff to sign in as, and a virtual clock that only moves on, to a full
 * instant; an event dated after the virtual clock's day is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import { sampleStaff } from '../../../infra/local/replay.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { localRequest } from './support.js';

let unit: Unit;
let api: Awaited<ReturnType<typeof serveLocalApi>>;
beforeAll(async () => {
  unit = await startUnit({ startAt: '2017-01-02T09:00:00Z', subjects: ['C1'] });
  api = await serveLocalApi(
    unit.runtime.deps,
    unit.runtime.stepFunctions,
    0,
    undefined,
    undefined,
    { staff: sampleStaff() },
  );
});
afterAll(async () => {
  api.server.closeAllConnections();
  await new Promise((resolve) => api.server.close(resolve));
  await unit.stop();
});

const staff = { 'x-local-user': 'staff-1', 'x-local-roles': 'iro' };
/** The header a move of the clock carries, which no HTML form can send. */
const MOVE = { 'x-local-clock': 'move' };
const request = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  localRequest(api.url, method, path, headers, body).then(({ status, body }) => ({ status, body }));

describe('the local API server', () => {
  it('answers 401 without the stand-in identity headers', async () => {
    expect(await request('GET', '/obligations', {})).toMatchObject({ status: 401 });
  });

  it('records through the staff route and the system route, and reads back', async () => {
    // Act
    const byStaff = await request('POST', '/events', staff, {
      eventId: 'e1',
      type: 'BecameLookedAfter',
      childId: 'C1',
      date: '2017-01-02',
    });
    const bySystem = await request(
      'POST',
      '/system/events',
      { 'x-local-system': 'true' },
      { eventId: 'e2', type: 'BecameLookedAfter', childId: 'C2', date: '2017-01-02' },
    );
    const read = await request('GET', '/children/C1/obligations', staff);

    // Assess
    expect([byStaff.status, bySystem.status]).toEqual([201, 201]);
    expect(read.body.obligations).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-01-30' }),
    ]);
  });

  it('moves the virtual clock on request, the workflows acting on the way', async () => {
    const moved = await request('POST', '/local/clock?to=2017-01-09T08:00:00Z', MOVE);
    expect(moved).toEqual({ status: 200, body: { now: '2017-01-09T08:00:00.000Z', running: 2 } });
    expect((await unit.mail()).length).toBeGreaterThanOrEqual(2);
  });
});

describe('the staff to sign in as (GET /local/staff)', () => {
  it('lists the sample unit without sign-in: id, name, the roles the sign-in carries and the posts held', async () => {
    // Act
    const answer = await request('GET', '/local/staff', {});

    // Assess: exactly the shape the sign-in page reads; no email.
    expect(answer.status).toBe(200);
    const { staff: listed } = answer.body as unknown as {
      staff: { staffId: string; name: string; roles: string[]; posts: string[] }[];
    };
    expect(listed).toHaveLength(12);
    expect(listed[0]).toEqual({
      staffId: 'akhan',
      name: 'Amira Khan',
      roles: ['iro'],
      posts: ['iro', 'chair', 'reviewing-officer'],
    });
    expect(listed.find((m) => m.staffId === 'jmorgan')).toEqual({
      staffId: 'jmorgan',
      name: 'Jane Morgan',
      roles: ['manager'],
      posts: ['head-of-service'],
    });
    expect(listed.find((m) => m.staffId === 'lpatel')).toEqual({
      staffId: 'lpatel',
      name: 'Lucy Patel',
      roles: ['admin'],
      posts: [],
    });
    for (const member of listed)
      expect(Object.keys(member).sort()).toEqual(['name', 'posts', 'roles', 'staffId']);
  });
});

describe('the virtual clock (POST /local/clock?to=)', () => {
  const now = async () => (await request('GET', '/local/clock', {})).body.now;

  it.each([
    ['missing', '', 'is required'],
    ['a bare date', '?to=2017-07-10', 'must be a full instant'],
    ['an hour without minutes', '?to=2017-07-10T09', 'must be a full instant'],
    ['a time without an offset', '?to=2017-07-10T09:00:00', 'must be a full instant'],
    ['a date that does not exist', '?to=2017-02-30T09:00:00Z', 'must be a full instant'],
    ['words', '?to=tomorrow', 'must be a full instant'],
    [
      'an instant before the clock',
      '?to=2017-01-01T09:00:00Z',
      'must not be before the virtual clock',
    ],
  ])('refuses %s with a 400 naming `to`, and the clock stays', async (_, query, reason) => {
    // Prepare
    const before = await now();

    // Act
    const answer = await request('POST', `/local/clock${query}`, MOVE);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      { field: 'to', reason: expect.stringContaining(reason) },
    ]);
    expect(await now()).toBe(before);
  });

  it.each<[string, Record<string, string>]>([
    ['a simple cross-origin POST (as a form sends it)', { origin: 'https://elsewhere.example' }],
    ['a POST without the header', {}],
    ['the header from another origin', { ...MOVE, origin: 'https://elsewhere.example' }],
    ['the header with the wrong value', { 'x-local-clock': '1' }],
  ])('refuses %s with a 403, and the clock stays', async (_, headers) => {
    // Prepare
    const before = await now();

    // Act
    const answer = await request('POST', '/local/clock?to=2017-12-01T09:00:00Z', headers);

    // Assess
    expect(answer.status).toBe(403);
    expect(await now()).toBe(before);
  });

  it("moves it from the server's own origin, with the header", async () => {
    // Prepare
    const before = await now();
    const origin = api.url.replace('http://', '');

    // Act: the same instant it stands at, so no later test's clock moves
    const answer = await request('POST', `/local/clock?to=${encodeURIComponent(before)}`, {
      ...MOVE,
      origin: `http://${origin}`,
    });

    // Assess
    expect(answer.status).toBe(200);
  });

  it('takes an instant with an offset, and the instant it stands at (no move)', async () => {
    // Prepare: the clock stands at 2017-01-09T08:00:00Z (moved on above).
    const at = await now();

    // Act: 09:00 Z is 09:00 GMT in January, written with a zero offset.
    const same = await request('POST', `/local/clock?to=${encodeURIComponent(at ?? '')}`, MOVE);
    const on = await request(
      'POST',
      `/local/clock?to=${encodeURIComponent('2017-01-09T09:00:00+00:00')}`,
      MOVE,
    );

    // Assess
    expect(same).toMatchObject({ status: 200, body: { now: '2017-01-09T08:00:00.000Z' } });
    expect(on).toMatchObject({ status: 200, body: { now: '2017-01-09T09:00:00.000Z' } });
  });
});

describe("events dated after the virtual clock's day", () => {
  // The clock stands at 2017-01-09T09:00:00Z: today is Monday 9 January 2017 in London.
  const lookedAfter = (childId: string, date: string, eventId?: string) => ({
    ...(eventId === undefined ? {} : { eventId }),
    type: 'BecameLookedAfter',
    childId,
    date,
  });
  const stored = (childId: string) => unit.runtime.deps.events.history(`reviews/${childId}`);

  it.each([
    ['staff', '/events', staff],
    ['the case management system', '/system/events', { 'x-local-system': 'true' }],
  ])(
    'are refused from %s with a 400 naming the date, and nothing is stored',
    async (_, path, who) => {
      // Act
      const answer = await request('POST', path, who, lookedAfter('C7', '2017-01-10', 'f1'));

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body.problems).toEqual([
        {
          field: 'date',
          reason: expect.stringContaining("after the virtual clock's day, 2017-01-09"),
        },
      ]);
      // Said to whoever records it: no route of the API in it.
      expect(answer.body.problems[0].reason).not.toContain('/local/');
      expect(await stored('C7')).toEqual([]);
    },
  );

  it('refuse a whole batch, naming the event, so none of it is stored', async () => {
    // Act
    const answer = await request('POST', '/events', staff, [
      lookedAfter('C8', '2017-01-09', 'b1'),
      lookedAfter('C9', '2017-01-10', 'b2'),
    ]);

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      { field: '[1].date', reason: expect.stringContaining('after the virtual clock') },
    ]);
    expect([await stored('C8'), await stored('C9')]).toEqual([[], []]);
  });

  it("are still asked who is calling first (401), and today's events are recorded", async () => {
    expect(await request('POST', '/events', {}, lookedAfter('C7', '2017-01-10'))).toMatchObject({
      status: 401,
    });
    expect(await request('POST', '/events', staff, lookedAfter('C7', '2017-01-09'))).toMatchObject({
      status: 201,
    });
  });
});
