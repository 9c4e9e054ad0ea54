/**
 * Every refusal of an SSDA903 upload is kept (issue 18), not the first 100: the rows
 * refused when it was uploaded, page by page, and every event the rules refused when
 * its chunks were recorded, through `GET /imports/{importId}/refusals?page=`. On the
 * local system (dynalite, the local runner, the handlers).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manageImports } from '../../../functions/imports.js';
import { addDays } from '../../../workflows/calendar/index.js';
import { councilSettings } from '../../../workflows/policy.js';
import { episode, episodes, review, reviews } from '../../unit/import/support.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { apiEvent, callHandler } from './support.js';

const dmy = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** Refused rows: more than two pages of 1,000. */
const ROWS_REFUSED = 2_150;
/** Refused events: more than the 20 a chunk used to keep, all in chunk 0. */
const EVENTS_REFUSED = 30;

/**
 * Read on Fri 30 June 2017 for the year ending 31 March 2018; recorded on the virtual
 * today, Tue 2 May 2017.
 * - A1 starts on Mon 2 January 2017 (S), and has 2,150 reviews dated from Sat 1 July
 *   2017 on, a day apart: each after the upload's today, so each row is refused (lines
 *   2 to 2,151 of the reviews table).
 * - E1 to E30 each start on Wed 1 February 2017 (S) and are reviewed on Thu 1 June 2017:
 *   the rows pass the upload's checks (30 June), but the planner refuses each review as
 *   dated after today (2 May) when the chunk is recorded: 30 refused events.
 */
const children = Array.from({ length: EVENTS_REFUSED }, (_, i) => `E${i + 1}`);
const RETURN = {
  episodes: episodes(
    episode('A1', '02/01/2017', 'S', 'C2', 'U1'),
    ...children.map((child) => episode(child, '01/02/2017', 'S', 'C2', 'U1')),
  ),
  reviews: reviews(
    ...Array.from({ length: ROWS_REFUSED }, (_, i) => review('A1', dmy(addDays('2017-07-01', i)))),
    ...children.map((child) => review(child, '01/06/2017')),
  ),
  yearEnd: '2018-03-31',
};

const settings = councilSettings({ recordKeepingFrom: '2018-04-01' });
const admin = { roles: ['admin'], sub: 'admin-1' };

let unit: Unit;
let importId: string;
beforeAll(async () => {
  if (!settings.ok) throw new Error('the test configuration is invalid');
  unit = await startUnit({
    startAt: '2017-05-02T09:00:00Z',
    subjects: [],
    settings: settings.settings,
  });
  const started = await callHandler(
    unit,
    (event, deps) => manageImports(event, { ...deps, now: () => '2017-06-30T09:00:00.000Z' }),
    apiEvent('POST /imports', admin, { body: RETURN }),
  );
  expect(started.status).toBe(202);
  importId = started.body.importId;
  for (
    let n = 0;
    n < 100 && (await unit.runtime.deps.imports.record(importId))?.status === 'running';
    n++
  )
    await unit.runtime.stepFunctions.settled();
}, 120_000);
afterAll(async () => {
  await unit.stop();
});

const call = (routeKey: string, query?: Record<string, string>, id = importId) =>
  callHandler(
    unit,
    manageImports as (
      event: APIGatewayProxyEventV2,
      deps: Unit['runtime']['deps'],
    ) => Promise<unknown>,
    apiEvent(routeKey, admin, { path: { importId: id }, ...(query ? { query } : {}) }),
  );

describe("an upload's refusals", () => {
  it('are counted in full, the upload view showing the first 100', async () => {
    const view = await call('GET /imports/{importId}');
    expect(view.body.status).toBe('done');
    expect(view.body.problemCount).toBe(ROWS_REFUSED + EVENTS_REFUSED);
    expect(view.body.problems).toHaveLength(100);
  });

  it('are every one there page by page: the rows refused, then the events refused', async () => {
    // Act: from the first page, each next one until an answer has none.
    const pages: { page: number; lines: string[]; nextPage?: number }[] = [];
    let page: number | undefined = 0;
    while (page !== undefined && pages.length < 20) {
      const answer = await call(
        'GET /imports/{importId}/refusals',
        page === 0 ? undefined : { page: String(page) },
      );
      expect(answer.status).toBe(200);
      pages.push(answer.body);
      page = answer.body.nextPage;
    }

    // Assess: 1,000 rows, 1,000 rows, 150 rows, then chunk 0 (the only one) with 30 events.
    expect(pages.map((p) => [p.page, p.lines.length])).toEqual([
      [0, 1000],
      [1, 1000],
      [2, 150],
      [3, 30],
    ]);
    const lines = pages.flatMap((p) => p.lines);
    const rows = lines.slice(0, ROWS_REFUSED);
    expect(rows).toEqual(
      Array.from(
        { length: ROWS_REFUSED },
        (_, i) =>
          `reviews:${i + 2}: REVIEW: after today: is after today: a date yet to come cannot be imported`,
      ),
    );
    const events = lines.slice(ROWS_REFUSED);
    expect(events).toHaveLength(EVENTS_REFUSED);
    for (const line of events) expect(line).toMatch(/^events: \S+: LacReviewHeld: date: /);
    expect(new Set(events).size).toBe(EVENTS_REFUSED);
  });

  it('refuses a page that is not a whole number, naming the parameter, not the value', async () => {
    const answer = await call('GET /imports/{importId}/refusals', { page: 'two' });
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      { field: 'page', reason: 'must be a whole number, 0 or more' },
    ]);
    expect(JSON.stringify(answer.body)).not.toContain('two');
  });

  it('answers 404 for an upload that does not exist', async () => {
    const answer = await call('GET /imports/{importId}/refusals', undefined, 'no-such-upload');
    expect(answer.status).toBe(404);
  });
});
