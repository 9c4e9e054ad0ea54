/**
 * The API's contract, through the local HTTP server over the local engines: one shape
 * for every refusal, the statuses HTTP gives each mistake, the filters the pages need,
 * staff and allocations read back, who the caller is, and the OpenAPI document.
 */
import { readFile } from 'node:fs/promises';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuery } from '../../../functions/queries.js';
import { openApiText } from '../../../functions/shared/openapi.js';
import { LOCAL_ROUTES, serveLocalApi } from '../../../infra/local/api-server.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, type LocalAnswer, localRequest } from './support.js';

let unit: Unit;
let api: Awaited<ReturnType<typeof serveLocalApi>>;
beforeAll(async () => {
  // Today is Wednesday 1 March 2017.
  unit = await startUnit({ startAt: '2017-03-01T09:00:00Z', subjects: ['C1', 'D1', 'D2', 'D3'] });
  api = await serveLocalApi(unit.runtime.deps, unit.runtime.stepFunctions);
});
afterAll(async () => {
  api.server.closeAllConnections();
  await new Promise((resolve) => api.server.close(resolve));
  await unit.stop();
});

type Headers = Record<string, string>;
const as = (user: string, roles: string): Headers => ({
  'x-local-user': user,
  'x-local-roles': roles,
});
const ADMIN = as('admin-1', 'admin');
const MANAGER = as('manager-1', 'manager');
const IRO = as('iro', 'iro');
const SYSTEM = { 'x-local-system': 'true' };

/** The parts of an answer these tests read. */
type Answer = Pick<LocalAnswer, 'status' | 'body' | 'allow'>;
const request = (
  method: string,
  path: string,
  headers: Headers,
  body?: unknown,
  contentType?: string,
): Promise<Answer> =>
  localRequest(api.url, method, path, headers, body, contentType).then(
    ({ status, body, allow }) => ({ status, body, allow }),
  );
const lookedAfter = (childId: string, date: string, eventId = `la-${childId}`) => ({
  eventId,
  type: 'BecameLookedAfter',
  childId,
  date,
});
const subjects = (answer: Answer, among: readonly string[]) =>
  answer.body.obligations
    .map((o: { subjectId: string }) => o.subjectId)
    .filter((s: string) => among.includes(s));

describe('refusals', () => {
  beforeAll(async () => {
    expect(
      await request('POST', '/system/events', SYSTEM, lookedAfter('C1', '2017-03-01')),
    ).toMatchObject({
      status: 201,
    });
  });

  it.each<[string, () => Promise<Answer>, number, object]>([
    [
      'no identity',
      () => request('GET', '/obligations', {}),
      401,
      { reason: 'sign in to use this API' },
    ],
    [
      'a role that may not read',
      () => request('GET', '/obligations', as('x', 'mayor')),
      403,
      { reason: 'your roles may not read obligations' },
    ],
    ['an unknown route', () => request('GET', '/nowhere', IRO), 404, { reason: 'no such route' }],
    ['no body', () => request('POST', '/events', IRO), 400, { reason: 'a JSON body is required' }],
    [
      'a body that is not JSON',
      () => request('POST', '/events', IRO, '{'),
      400,
      { reason: 'the body is not valid JSON' },
    ],
    [
      'a batch too large',
      () => request('POST', '/events', IRO, []),
      400,
      { reason: 'a batch holds 1 to 100 events' },
    ],
    [
      'an event that is not an object',
      () => request('POST', '/events', IRO, '"text"'),
      400,
      { reason: 'an event must be a JSON object' },
    ],
    [
      'a batch event without its eventId',
      () =>
        request(
          'POST',
          '/events',
          IRO,
          [1].map(() => 'text'),
        ),
      400,
      { problems: [{ field: '[0].eventId', reason: 'is required in a batch' }] },
    ],
  ])('answers %s in one of the two shapes', async (_, act, status, body) => {
    // Act
    const answer = await act();

    // Assess
    expect(answer).toMatchObject({ status, body });
    expect(Object.keys(answer.body)).not.toContain('message');
  });

  it('answers a 409 naming a field with problems, and one naming none with a reason', async () => {
    // Prepare: D9 looked after from Tuesday 28 February; a second episode from Monday 27
    // February arrives later, so the history's fault lands on the earlier-recorded event.
    // (Nothing is dated after today, 1 March: the local server refuses that.)
    await request('POST', '/system/events', SYSTEM, lookedAfter('D9', '2017-02-28', 'd9-a'));

    // Act
    const reusedId = await request(
      'POST',
      '/system/events',
      SYSTEM,
      lookedAfter('D9', '2017-03-01', 'd9-a'),
    );
    const contradiction = await request(
      'POST',
      '/system/events',
      SYSTEM,
      lookedAfter('D9', '2017-02-27', 'd9-b'),
    );

    // Assess
    expect(reusedId).toMatchObject({
      status: 409,
      body: { problems: [{ field: 'eventId', reason: expect.any(String) }] },
    });
    expect(contradiction.status).toBe(409);
    expect(contradiction.body).toEqual({
      reason: expect.stringContaining('contradicts an event already recorded'),
    });
  });

  it('answers each event of a batch in the same shapes', async () => {
    // Act: a new child, an event with no child looked after, an id reused for another event
    const answer = await request('POST', '/events', IRO, [
      lookedAfter('D8', '2017-03-01', 'd8-a'),
      { eventId: 'd8-b', type: 'LacReviewHeld', childId: 'D7', date: '2017-03-01' },
      lookedAfter('D8', '2017-02-28', 'd8-a'),
    ]);

    // Assess
    expect(answer.status).toBe(207);
    expect(answer.body.results).toEqual([
      { status: 201, body: { eventId: 'd8-a', duplicate: false } },
      {
        status: 409,
        body: {
          problems: [{ field: 'childId', reason: 'the child is not looked after on 2017-03-01' }],
        },
      },
      { status: 409, body: { problems: [{ field: 'eventId', reason: expect.any(String) }] } },
    ]);
  });

  it.each([
    ['PUT', '/obligations', 'GET'],
    ['POST', '/children/C1/obligations', 'GET'],
    ['POST', '/staff/iro', 'GET, PUT'],
    ['PUT', '/children/C1', 'DELETE'],
    ['DELETE', '/openapi.json', 'GET'],
  ])('answers %s %s with 405, allowing %s', async (method, path, allow) => {
    const answer = await request(method, path, ADMIN);
    expect(answer).toEqual({ status: 405, body: { reason: `this path takes ${allow}` }, allow });
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['application/json; charset=latin1', 415],
    ['application/json; charset=utf-8', 201],
    ['Application/JSON', 201],
  ])('answers a body sent as %s with %i', async (contentType, status) => {
    // Act
    const answer = await request(
      'POST',
      '/events',
      IRO,
      lookedAfter(`T-${status}-${contentType.length}`, '2017-03-01'),
      contentType,
    );

    // Assess
    expect(answer.status).toBe(status);
    if (status === 415)
      expect(answer.body).toEqual({ reason: 'the body must be application/json' });
  });

  it('refuses a staff body sent as another type with 415, and stores nothing', async () => {
    const answer = await request(
      'PUT',
      '/staff/s-415',
      ADMIN,
      { name: 'N', email: 'n@council.example' },
      'text/plain',
    );
    expect(answer.status).toBe(415);
    expect(await unit.runtime.deps.staff.getStaff('s-415')).toBeUndefined();
  });

  it.each(['/children/%E0%A4%A/obligations', '/children/%/events', '/staff/%zz'])(
    'answers a path with bad percent-encoding (%s) with 400, not 500',
    async (path) => {
      expect(await request('GET', path, ADMIN)).toMatchObject({
        status: 400,
        body: { reason: 'the path is not valid percent-encoding' },
      });
    },
  );

  it('decodes a well-encoded path parameter, as API Gateway does', async () => {
    // Prepare: a council reference with a slash
    await request('POST', '/system/events', SYSTEM, lookedAfter('DRP/17/09', '2017-03-01', 'drp'));

    // Act
    const answer = await request('GET', '/children/DRP%2F17%2F09/obligations', IRO);

    // Assess: looked after on Wednesday 1 March 2017, first review due 20 working days later
    expect(answer.status).toBe(200);
    expect(answer.body.obligations).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-03-29' }),
    ]);
  });
});

describe("API Gateway's $default route (what no route takes, in AWS)", () => {
  const unrouted = async (method: string, rawPath: string) => {
    const event = apiEvent('$default', { roles: ['iro'] });
    const result = await answerQuery(
      {
        ...event,
        rawPath,
        requestContext: { ...event.requestContext, http: { method } },
      } as APIGatewayProxyEventV2,
      unit.runtime.deps,
    );
    return typeof result === 'string' ? undefined : result;
  };

  it.each([
    ['PUT', '/obligations', 405, { reason: 'this path takes GET' }, 'GET'],
    ['POST', '/staff/iro', 405, { reason: 'this path takes GET, PUT' }, 'GET, PUT'],
    ['GET', '/nowhere', 404, { reason: 'no such route' }, undefined],
    [
      'GET',
      '/children/%E0%A4%A/obligations',
      400,
      { reason: 'the path is not valid percent-encoding' },
      undefined,
    ],
  ])(
    'answers %s %s with %i, as the local server does',
    async (method, path, status, body, allow) => {
      // Act
      const inAws = await unrouted(method, path);
      const local = await request(method, path, IRO);

      // Assess
      expect(inAws?.statusCode).toBe(status);
      expect(JSON.parse(String(inAws?.body))).toEqual(body);
      expect(inAws?.headers?.allow).toBe(allow);
      expect(local).toEqual({ status, body, allow: allow ?? null });
    },
  );
});

describe("API Gateway's preflight route (OPTIONS /{proxy+}, in AWS)", () => {
  it('answers a CORS preflight passed on to it with 204 and no body, with no token', async () => {
    // Prepare: a browser's preflight carries no Authorization header.
    const event = apiEvent('OPTIONS /{proxy+}', 'nobody');

    // Act
    const result = await answerQuery(
      {
        ...event,
        rawPath: '/obligations',
        requestContext: { ...event.requestContext, http: { method: 'OPTIONS' } },
      } as APIGatewayProxyEventV2,
      unit.runtime.deps,
    );

    // Assess: API Gateway's CORS configuration adds the headers that admit the origin.
    expect(result).toEqual({ statusCode: 204 });
  });
});

describe('GET /children/{childId}/obligations', () => {
  it('answers 404 for a child or carer with nothing recorded', async () => {
    expect(await request('GET', '/children/NEVER-SEEN/obligations', IRO)).toEqual({
      status: 404,
      body: { reason: 'nothing is recorded for this child or carer' },
      allow: null,
    });
  });

  it('answers 200 with none for a child whose clock has ended', async () => {
    // Prepare
    await request('POST', '/system/events', SYSTEM, lookedAfter('E1', '2017-03-01', 'e1-a'));
    await request('POST', '/system/events', SYSTEM, {
      eventId: 'e1-b',
      type: 'CeasedLookedAfter',
      childId: 'E1',
      date: '2017-03-01',
    });

    // Act
    const answer = await request('GET', '/children/E1/obligations', IRO);

    // Assess
    expect(answer).toMatchObject({ status: 200, body: { obligations: [] } });
  });

  it('answers 200 for a carer with a history', async () => {
    // Prepare
    await request('POST', '/system/events', SYSTEM, {
      eventId: 'fc-1',
      type: 'FosterCarerApproved',
      carerId: 'FC1',
      date: '2017-03-01',
    });

    // Act
    const answer = await request('GET', '/children/FC1/obligations', IRO);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.obligations).toEqual([
      expect.objectContaining({ kind: 'foster-carer-review' }),
    ]);
  });
});

describe('GET /obligations filters', () => {
  // First reviews are due 20 working days after a child becomes looked after (no bank
  // holiday between 25 January and 29 March 2017):
  // D1 from Wed 25 Jan: due Wed 22 Feb, overdue today (1 March).
  // D3 from Wed 1 Feb: due Wed 1 March, due today, not overdue.
  // D2 from Wed 1 March: due Wed 29 March.
  const D = ['D1', 'D2', 'D3'];
  beforeAll(async () => {
    for (const [child, date] of [
      ['D1', '2017-01-25'],
      ['D3', '2017-02-01'],
      ['D2', '2017-03-01'],
    ] as const) {
      expect(
        await request('POST', '/system/events', SYSTEM, lookedAfter(child, date)),
      ).toMatchObject({
        status: 201,
      });
    }
  });
  const lacReviews = (query: string) =>
    request('GET', `/obligations?kind=lac-review&${query}`, MANAGER);

  it.each([
    ['overdue=true', ['D1']],
    ['overdue=false', ['D3', 'D2']],
    ['dueAfter=2017-02-28', ['D3', 'D2']],
    ['dueAfter=2017-03-01', ['D2']],
    ['dueAfter=2017-02-21', ['D1', 'D3', 'D2']],
    ['dueAfter=2017-02-22', ['D3', 'D2']],
    ['dueBefore=2017-03-01', ['D1']],
    ['dueBefore=2017-03-02', ['D1', 'D3']],
    ['dueAfter=2017-02-22&dueBefore=2017-03-29', ['D3']],
    ['dueAfter=2017-02-21&dueBefore=2017-03-30', ['D1', 'D3', 'D2']],
    ['overdue=false&dueBefore=2017-03-02', ['D3']],
  ])('with %s lists %j, earliest due first', async (query, expected) => {
    const answer = await lacReviews(query);
    expect(answer.status).toBe(200);
    expect(subjects(answer, D)).toEqual(expected);
  });

  it('shows the overdue flag the filter uses', async () => {
    const answer = await lacReviews('dueBefore=2017-03-30');
    const flags = Object.fromEntries(
      answer.body.obligations
        .filter((o: { subjectId: string }) => D.includes(o.subjectId))
        .map((o: { subjectId: string; due: string; overdue: boolean }) => [
          o.subjectId,
          [o.due, o.overdue],
        ]),
    );
    expect(flags).toEqual({
      D1: ['2017-02-22', true],
      D3: ['2017-03-01', false],
      D2: ['2017-03-29', false],
    });
  });

  it.each([
    ['iro=', 'iro', 'must be a staff id of 1 to 128 characters'],
    [`iro=${'x'.repeat(129)}`, 'iro', 'must be a staff id of 1 to 128 characters'],
    ['overdue=yes', 'overdue', 'must be true or false'],
    ['dueAfter=2017-02-30', 'dueAfter', 'must be a date written YYYY-MM-DD'],
    ['dueBefore=tomorrow', 'dueBefore', 'must be a date written YYYY-MM-DD'],
    [
      'JaneSmith=1',
      'query',
      'may hold only dueBefore, dueAfter, overdue, kind, iro, team, socialWorker, withoutIro, staff',
    ],
  ])('answers 400 to %s with one message for the rule', async (query, field, reason) => {
    const answer = await request('GET', `/obligations?${query}`, MANAGER);
    expect(answer).toMatchObject({ status: 400, body: { problems: [{ field, reason }] } });
    expect(JSON.stringify(answer.body)).not.toContain('Jane');
  });

  it.each(['0', '6', '1.5', 'one'])(
    'answers 400 to a dispute stage of %s with one message',
    async (stage) => {
      expect(await request('GET', `/disputes?stage=${stage}`, MANAGER)).toMatchObject({
        status: 400,
        body: { problems: [{ field: 'stage', reason: 'must be a stage from 1 to 5' }] },
      });
    },
  );
});

describe('iro= and the chair of child protection work', () => {
  // P1 is on child protection and looked after: iro-p reviews it, chair-p chairs its
  // conferences. L1 is looked after only, with chair-p allocated as its chair too.
  beforeAll(async () => {
    const { staff } = unit.runtime.deps;
    for (const id of ['iro-p', 'chair-p']) {
      await staff.putStaff({ staffId: id, name: id, email: `${id}@council.example` });
    }
    await staff.allocate({ subjectId: 'P1', roles: { iro: 'iro-p', chair: 'chair-p' } });
    await staff.allocate({ subjectId: 'L1', roles: { iro: 'iro-p', chair: 'chair-p' } });
    for (const event of [
      lookedAfter('P1', '2017-03-01', 'p1-la'),
      {
        eventId: 'p1-sd',
        type: 'StrategyDiscussionHeld',
        childId: 'P1',
        date: '2017-03-01',
        section47: true,
      },
      lookedAfter('L1', '2017-03-01', 'l1-la'),
    ]) {
      expect((await request('POST', '/system/events', SYSTEM, event)).status).toBe(201);
    }
  });
  const work = async (staffId: string) =>
    (await request('GET', `/obligations?iro=${staffId}`, MANAGER)).body.obligations.map(
      (o: { subjectId: string; kind: string }) => `${o.subjectId} ${o.kind}`,
    );

  it('lists the chair the child protection work of the children they chair, and nothing else', async () => {
    // Strategy discussion on Wed 1 March 2017 with section 47: the booking decision is
    // due 3 working days later (Mon 6 March), the initial conference 15 (Wed 22 March).
    expect(await work('chair-p')).toEqual(['P1 icpc-booking-decision', 'P1 icpc']);
  });

  it('lists the IRO every obligation of the children they review', async () => {
    expect((await work('iro-p')).sort()).toEqual(
      ['L1 lac-review', 'P1 icpc', 'P1 icpc-booking-decision', 'P1 lac-review'].sort(),
    );
  });
});

describe('staff, allocations and who I am', () => {
  it.each([
    ['an administrator', ADMIN],
    ['a manager', MANAGER],
  ])('lets %s read a staff member and an allocation', async (_, who) => {
    expect(await request('GET', '/staff/iro', who)).toMatchObject({
      status: 200,
      body: { staffId: 'iro', name: 'The iro', email: 'iro@council.example' },
    });
    expect(await request('GET', '/allocations/C1', who)).toMatchObject({
      status: 200,
      body: {
        subjectId: 'C1',
        roles: {
          iro: 'iro',
          'social-worker': 'social-worker',
          'team-manager': 'team-manager',
          chair: 'chair',
          'reviewing-officer': 'reviewing-officer',
        },
      },
    });
  });

  it.each([
    ['an IRO', IRO],
    ['a social worker', as('social-worker', 'social-worker')],
  ])('refuses %s the reads with 403', async (_, who) => {
    const forbidden = { reason: 'only administrators and managers read staff and allocations' };
    expect(await request('GET', '/staff/iro', who)).toMatchObject({ status: 403, body: forbidden });
    expect(await request('GET', '/allocations/C1', who)).toMatchObject({
      status: 403,
      body: forbidden,
    });
  });

  it('answers 404 for an unknown staff member or an unallocated subject', async () => {
    expect(await request('GET', '/staff/nobody', MANAGER)).toMatchObject({
      status: 404,
      body: { reason: 'no staff member has this id' },
    });
    expect(await request('GET', '/allocations/NOBODY', MANAGER)).toMatchObject({
      status: 404,
      body: { reason: 'nobody is allocated to this subject' },
    });
  });

  it('lets only an administrator remove an allocation, and then it is gone', async () => {
    // Prepare
    await unit.runtime.deps.staff.allocate({
      subjectId: 'R1',
      roles: { iro: 'iro', chair: 'chair' },
    });

    // Act
    const byManager = await request('DELETE', '/allocations/R1', MANAGER);
    const afterManager = await unit.runtime.deps.staff.allocation('R1');
    const byAdmin = await request('DELETE', '/allocations/R1', ADMIN);
    const again = await request('DELETE', '/allocations/R1', ADMIN);

    // Assess
    expect(byManager).toMatchObject({
      status: 403,
      body: { reason: 'only administrators manage staff' },
    });
    expect(afterManager?.roles).toEqual({ iro: 'iro', chair: 'chair' });
    expect(byAdmin).toMatchObject({ status: 200, body: { subjectId: 'R1' } });
    expect(await request('GET', '/allocations/R1', ADMIN)).toMatchObject({ status: 404 });
    expect(await unit.runtime.deps.staff.subjectsAllocatedTo('chair', 'chair')).not.toContain('R1');
    expect(again.status).toBe(404);
  });

  it('tells a signed-in caller their staff id (the token subject), roles and name', async () => {
    expect(await request('GET', '/me', as('iro', 'iro manager'))).toMatchObject({
      status: 200,
      body: { staffId: 'iro', roles: ['iro', 'manager'], name: 'The iro' },
    });
    const stranger = await request('GET', '/me', as('not-in-directory', 'social-worker'));
    expect(stranger.body).toEqual({ staffId: 'not-in-directory', roles: ['social-worker'] });
    expect((await request('GET', '/me', {})).status).toBe(401);
  });
});

describe('GET /openapi.json', () => {
  it('serves an OpenAPI 3.1 document to anyone, describing every route the API has', async () => {
    // Act
    const answer = await request('GET', '/openapi.json', {});

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    const documented = Object.entries(answer.body.paths as Record<string, object>).flatMap(
      ([path, operations]) => Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(new Set(documented)).toEqual(new Set(LOCAL_ROUTES.map((r) => `${r.method} ${r.path}`)));
  });

  it('describes each case event from its zod schema', async () => {
    const { body } = await request('GET', '/openapi.json', {});
    expect(body.components.schemas.ReviewBroughtForward).toMatchObject({
      type: 'object',
      properties: { type: { const: 'ReviewBroughtForward' }, reviewBy: { type: 'string' } },
      required: expect.arrayContaining(['type', 'childId', 'date', 'reviewBy']),
    });
  });

  it('is in step with the copy checked in as functions/shared/openapi.json (npm run openapi rewrites it)', async () => {
    const copy = await readFile(
      new URL('../../../functions/shared/openapi.json', import.meta.url),
      'utf8',
    );
    expect(copy).toBe(openApiText());
  });
});
