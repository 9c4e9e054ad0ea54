/**
 * Erasing a child reaches every SSDA903 upload that holds them (UK GDPR article 17):
 * their events and rows go from the upload's chunk, the refusal lines naming them from
 * the chunk's result, their place in the upload last; another child's stay. An upload
 * still recording does not record the erased child again, even from a chunk it read
 * before the erasure; an erasure that comes while an upload holds the child answers 503
 * and erases nothing. On the local system (dynalite, the local runner, the local API).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseChild } from '../../../functions/erase.js';
import type { ImportChunk } from '../../../functions/import/upload.js';
import { manageImports } from '../../../functions/imports.js';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import type { CaseEvent } from '../../../workflows/events.js';
import { councilSettings } from '../../../workflows/policy.js';
import { episode, episodes, review, reviews } from '../../unit/import/support.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler, localRequest } from './support.js';

/**
 * A return of three children, uploaded on Tue 2 May 2017 (the virtual today):
 * - X/1 starts to be looked after on 2 January 2017 (S); reviewed 27 January 2017, and
 *   "reviewed" 1 June 2017, after today: that event is refused (400).
 * - Y2 starts on 1 February 2017 (S); reviewed 20 February, and "reviewed" 10 June
 *   2017: refused too.
 * - R3's first episode in the file is a change of placement (P) on 1 March 2017: their
 *   period began before the file, so R3 is kept as rows, mapped when recorded.
 * All three are in one chunk (chunk 0): X/1's 3 events and Y2's 3, and R3's rows.
 */
const EPISODES = episodes(
  episode('X/1', '02/01/2017', 'S', 'C2', 'U1'),
  episode('Y2', '01/02/2017', 'S', 'C2', 'U1'),
  episode('R3', '01/03/2017', 'P', 'C2', 'U1'),
);
const REVIEWS = reviews(
  review('X/1', '27/01/2017'),
  review('X/1', '01/06/2017'),
  review('Y2', '20/02/2017'),
  review('Y2', '10/06/2017'),
);
const X = 'X/1';
const Y = 'Y2';
const R = 'R3';

const settings = councilSettings({ recordKeepingFrom: '2018-04-01' });
const admin = { roles: ['admin'], sub: 'admin-1' };

type Deps = Unit['runtime']['deps'];
const asHandler = (handler: unknown) =>
  handler as (event: APIGatewayProxyEventV2, deps: Deps) => Promise<unknown>;

/**
 * The upload reads the files as of 30 June 2017 (the return's year 2017/18), so the June
 * reviews pass its own date checks, while the chunks are recorded on the virtual today,
 * 2 May 2017, where the planner refuses them: the refusal lines this test erases.
 */
const uploadAsOf = (deps: Deps): Deps => ({ ...deps, now: () => '2017-06-30T09:00:00.000Z' });

const upload = async (unit: Unit) =>
  (
    await callHandler(
      unit,
      asHandler((event: APIGatewayProxyEventV2, deps: Deps) =>
        manageImports(event, uploadAsOf(deps)),
      ),
      apiEvent('POST /imports', admin, {
        body: { episodes: EPISODES, reviews: REVIEWS, yearEnd: '2018-03-31' },
      }),
    )
  ).body.importId as string;

const childOf = (event: CaseEvent) => ('childId' in event ? event.childId : '');

/** The children with events in a chunk, and those kept as rows. */
const childrenIn = (chunk: ImportChunk | undefined) => ({
  events: [...new Set(chunk?.events.map(childOf))].sort(),
  rows: (chunk?.children ?? []).map((c) => c.child).sort(),
});

/** A child's places in the uploads (their own partition), read back with a Query. */
async function placesOf(unit: Unit, childId: string) {
  const { client, tableName } = unit.runtime.dynamo;
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CHILD#${encodeURIComponent(childId)}` },
      ConsistentRead: true,
    }),
  );
  return Items;
}

const startWith = (adjust?: (deps: Deps) => Deps) => {
  if (!settings.ok) throw new Error('the test configuration is invalid');
  return startUnit({
    startAt: '2017-05-02T09:00:00Z',
    subjects: [],
    settings: settings.settings,
    ...(adjust ? { adjust } : {}),
  });
};

describe('erasing a child held in a finished upload, through the local API', () => {
  let unit: Unit;
  let api: Awaited<ReturnType<typeof serveLocalApi>>;
  let importId: string;
  /** X/1's events as the upload stored them, read before the erasure. */
  let xEventIds: string[];
  let before: { chunk: ImportChunk | undefined; problems: string[] };
  let erased: { status: number; body: unknown };
  let erasedR: { status: number; body: unknown };

  const request = (method: string, path: string) =>
    localRequest(api.url, method, path, {
      'x-local-user': 'admin-1',
      'x-local-roles': 'admin',
    }).then(({ status, text, body }) => ({ status, text, body }));

  beforeAll(async () => {
    unit = await startWith();
    api = await serveLocalApi(unit.runtime.deps, unit.runtime.stepFunctions);
    importId = await upload(unit);
    const chunk = await unit.runtime.deps.imports.chunk(importId, 0);
    before = {
      chunk,
      problems: (await unit.runtime.deps.imports.results(importId)).flatMap((r) => r.problems),
    };
    xEventIds = (chunk?.events ?? []).flatMap((e) => (childOf(e) === X ? [e.eventId ?? ''] : []));
    erased = await request('DELETE', `/children/${encodeURIComponent(X)}`);
    erasedR = await request('DELETE', `/children/${R}`);
  });
  afterAll(async () => {
    api.server.closeAllConnections();
    await new Promise((resolve) => api.server.close(resolve));
    await unit.stop();
  });

  it('stored all three children in chunk 0, and a refusal line each for X/1 and Y2', () => {
    // Prepare-check: the upload is what the test means (one chunk, both refusals).
    expect(childrenIn(before.chunk)).toEqual({ events: [X, Y], rows: [R] });
    expect(xEventIds).toHaveLength(3);
    expect(before.problems).toHaveLength(2);
    expect(before.problems.filter((line) => xEventIds.some((id) => line.includes(id)))).toEqual([
      expect.stringMatching(/: LacReviewHeld: date: must not be after today, 2017-05-02$/),
    ]);
  });

  it('answers 200, counting the upload items it removed or rewrote with the rest', () => {
    // By hand, for X/1: 2 events recorded (started, reviewed 27 Jan; 1 June refused)
    // and their 2 eventId claims = 4; the registry entries of the reviews and
    // protection logs = 2, and the two clocks' heads = 2 (each deleted by key, counted
    // whether there or not); the reviews clock's board: its one open entry (the next
    // review) and its mark = 2; no allocation; what the figures keep: the reviews log's
    // summary and X/1's caseload item (their episode) = 2. The upload: the chunk
    // rewritten, the result rewritten, the place deleted = 3. In all 4 + 2 + 2 + 2 + 2 + 3 = 15.
    expect(erased).toMatchObject({ status: 200, body: { childId: X, items: 15 } });
    expect(erasedR.status).toBe(200);
  });

  it("leaves no event nor row of the erased children in the chunk, and Y2's as they were", async () => {
    // Act
    const chunk = await unit.runtime.deps.imports.chunk(importId, 0);

    // Assess: R3 was the chunk's only child kept as rows, so none are left.
    expect(childrenIn(chunk)).toEqual({ events: [Y], rows: [] });
    expect(chunk?.children).toBeUndefined();
    expect(chunk?.events).toEqual(before.chunk?.events.filter((e) => childOf(e) === Y));
    expect(chunk?.events).toHaveLength(3);
  });

  it('leaves no result line naming X/1; the counts stay', async () => {
    // Act
    const [result] = await unit.runtime.deps.imports.results(importId);

    // Assess: Y2's line alone; both refusals still counted.
    expect(result?.problems).toEqual(
      before.problems.filter((l) => !xEventIds.some((id) => l.includes(id))),
    );
    expect(result?.problems).toHaveLength(1);
    expect(result?.refused).toEqual({ 'LacReviewHeld: dated after today': 2 });
  });

  it('GET /imports/{id} shows nothing of X/1', async () => {
    // Act
    const answer = await request('GET', `/imports/${importId}`);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('X/1');
    expect(answer.text).not.toContain('X%2F1');
    for (const eventId of xEventIds) expect(answer.text).not.toContain(eventId);
    expect(answer.body).toMatchObject({
      problemCount: 2,
      eventsRefused: { 'LacReviewHeld: dated after today': 2 },
    });
  });

  it("deletes the erased children's places, and keeps Y2's", async () => {
    expect(await placesOf(unit, X)).toEqual([]);
    expect(await placesOf(unit, R)).toEqual([]);
    expect(await placesOf(unit, Y)).toEqual([
      expect.objectContaining({ importId, chunk: 0, childId: Y }),
    ]);
  });

  it("leaves Y2's records alone", async () => {
    expect(await unit.runtime.deps.events.history('reviews/Y2')).toHaveLength(2);
    expect(await unit.runtime.deps.events.history('reviews/X%2F1')).toEqual([]);
    expect(await unit.runtime.deps.events.history('reviews/R3')).toEqual([]);
  });
});

describe('erasing a child while an upload is recording its chunk', () => {
  let unit: Unit;
  /** When set, the next chunk read erases this child after reading, before recording. */
  let eraseAfterRead: string | undefined;
  /** The chunk as read before that erasure. */
  let readBefore: ImportChunk | undefined;
  /** When set, the first append to this log erases the child first. */
  let eraseDuringAppendTo: { log: string; childId: string } | undefined;
  /** When set, the next chunk result erases this child before it is written. */
  let eraseBeforeResult: string | undefined;
  const answers: { status: number; body: unknown }[] = [];

  const erase = (childId: string) =>
    callHandler(
      unit,
      asHandler(eraseChild),
      apiEvent('DELETE /children/{childId}', admin, { path: { childId } }),
    );
  // Not callHandler there: it waits for the workflows to settle, and the chunk step
  // calling it is one of them.
  const eraseNow = async (childId: string) => {
    const answer = (await eraseChild(
      apiEvent('DELETE /children/{childId}', admin, { path: { childId } }),
      unit.runtime.deps,
    )) as { statusCode: number; body: string };
    answers.push({ status: answer.statusCode, body: JSON.parse(answer.body) });
  };

  beforeAll(async () => {
    unit = await startWith((deps) => ({
      ...deps,
      imports: {
        ...deps.imports,
        async chunk(id, n) {
          const read = await deps.imports.chunk(id, n);
          const childId = eraseAfterRead;
          eraseAfterRead = undefined;
          if (childId !== undefined) {
            readBefore = read;
            await eraseNow(childId);
          }
          return read;
        },
        async putResult(id, n, result) {
          const childId = eraseBeforeResult;
          eraseBeforeResult = undefined;
          if (childId !== undefined) await eraseNow(childId);
          return deps.imports.putResult(id, n, result);
        },
      },
      events: {
        ...deps.events,
        async appendAt(log, stored) {
          const during = eraseDuringAppendTo;
          if (during !== undefined && during.log === log) {
            eraseDuringAppendTo = undefined;
            await eraseNow(during.childId);
          }
          return deps.events.appendAt(log, stored);
        },
      },
    }));
  });
  afterAll(async () => {
    await unit.stop();
  });

  it('does not record X/1 from a chunk read before the erasure; Y2 and R3 are recorded', async () => {
    // Prepare
    eraseAfterRead = X;

    // Act
    const importId = await upload(unit);

    // Assess: the erasure ran between the read and the recording, and answered 200.
    expect(eraseAfterRead).toBeUndefined();
    expect(answers.shift()).toMatchObject({ status: 200, body: { childId: X } });
    const { deps } = unit.runtime;
    expect(await deps.events.history('reviews/X%2F1')).toEqual([]);
    const xEvents = (readBefore?.events ?? []).filter((e) => childOf(e) === X);
    expect(xEvents).toHaveLength(3);
    for (const event of xEvents) {
      expect(await deps.events.locate('staff', event.eventId ?? '')).toBeUndefined();
    }
    // Y2: started and reviewed on 20 February (10 June refused); R3: started.
    expect((await deps.events.history('reviews/Y2')).map((e) => e.event.type)).toEqual([
      'BecameLookedAfter',
      'LacReviewHeld',
    ]);
    expect((await deps.events.history('reviews/R3')).map((e) => e.event.type)).toEqual([
      'BecameLookedAfter',
    ]);
    expect(childrenIn(await deps.imports.chunk(importId, 0))).toEqual({ events: [Y], rows: [R] });
    const view = await callHandler(
      unit,
      asHandler(manageImports),
      apiEvent('GET /imports/{importId}', admin, { path: { importId } }),
    );
    // Only Y2's refusal was met: X/1's events were never recorded nor refused.
    expect(view.body).toMatchObject({
      status: 'done',
      eventsWritten: { BecameLookedAfter: 2, LacReviewHeld: 1 },
      eventsRefused: { 'LacReviewHeld: dated after today': 1 },
    });
    expect(view.body.problems).toEqual([
      expect.stringMatching(/: LacReviewHeld: date: must not be after today, 2017-05-02$/),
    ]);
    expect(JSON.stringify(view.body)).not.toContain('X/1');
    expect(await placesOf(unit, X)).toEqual([]);
  });

  it('answers 503 and erases nothing while the upload holds the child; erasing again then removes all', async () => {
    // Prepare: the same return uploaded again, a new upload (X/1, erased from the first,
    // is recorded anew from it). The first append to X/1's log starts an erasure of X/1.
    eraseDuringAppendTo = { log: 'reviews/X%2F1', childId: X };
    const { deps } = unit.runtime;

    // Act
    const importId = await upload(unit);

    // Assess: refused while held, with nothing erased; the upload went on and recorded
    // X/1's two events (started, reviewed 27 January; 1 June refused).
    expect(eraseDuringAppendTo).toBeUndefined();
    expect(answers.shift()).toEqual({
      status: 503,
      body: { reason: expect.stringContaining('erase again in a few minutes') },
    });
    expect(await deps.events.history('reviews/X%2F1')).toHaveLength(2);
    expect(await placesOf(unit, X)).toEqual([expect.objectContaining({ importId, chunk: 0 })]);
    expect((await deps.imports.results(importId)).flatMap((r) => r.problemChildren)).toEqual(
      expect.arrayContaining([X, Y]),
    );

    // Act: the chunk is in and the hold let go: erase again.
    const again = await erase(X);

    // Assess: all of X/1 gone, from the logs and the upload; Y2 and R3 stay in its chunk.
    expect(again.status).toBe(200);
    expect(await deps.events.history('reviews/X%2F1')).toEqual([]);
    expect(await placesOf(unit, X)).toEqual([]);
    expect(childrenIn(await deps.imports.chunk(importId, 0))).toEqual({ events: [Y], rows: [R] });
    const results = await deps.imports.results(importId);
    expect(results.flatMap((r) => r.problemChildren)).toEqual([Y]);
    expect(results.flatMap((r) => r.problems)).toHaveLength(1);
  });

  it("answers 503 too once the child's events are in but the chunk's result, which names them, is not", async () => {
    // Prepare: X/1 recorded by the last upload, erased; a third upload of the return
    // records X/1 anew and refuses their 1 June review again, in a line naming them.
    eraseBeforeResult = X;
    const { deps } = unit.runtime;

    // Act
    const importId = await upload(unit);

    // Assess: refused, nothing erased; the result written with X/1's line.
    expect(eraseBeforeResult).toBeUndefined();
    expect(answers.shift()).toMatchObject({ status: 503 });
    expect(await deps.events.history('reviews/X%2F1')).toHaveLength(2);
    expect((await deps.imports.results(importId)).flatMap((r) => r.problemChildren)).toEqual(
      expect.arrayContaining([X]),
    );

    // Act: erase again, the hold let go.
    expect((await erase(X)).status).toBe(200);

    // Assess
    expect((await deps.imports.results(importId)).flatMap((r) => r.problemChildren)).toEqual([Y]);
    expect(await deps.events.history('reviews/X%2F1')).toEqual([]);
  });
});
