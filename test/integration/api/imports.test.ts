/**
 * The SSDA903 upload through the local HTTP API: POST /imports maps the files, stores
 * the events in chunks and starts the import state machine (the synthesized
 * definition, on the local runner), whose import-chunk task records them through the
 * ordinary record path; GET /imports/{id} tells how it went, and the children's clocks
 * run as if each event had been recorded by hand.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import { councilSettings } from '../../../workflows/policy.js';
import {
  DOB,
  EPISODES_HEADER,
  episode,
  episodes,
  PLACEMENT_POSTCODE,
  POSTCODE,
  REVIEWS_HEADER,
  review,
  reviews,
  URN,
} from '../../unit/import/support.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { localRequest } from './support.js';

/**
 * A small authority's return.
 * - A1 starts to be looked after on Mon 2 January 2017 (S), still looked after; line 6
 *   repeats line 2 exactly. Reviews on 27 January and 20 April 2017; one on
 *   1 December 2016, before any period of care, is refused.
 * - B2 starts on 1 March 2016 (S, ended X1), then a change of legal status and
 *   placement on 1 June 2016 (T: LS E1, a placement order; PLACE A3, placed for
 *   adoption), ending with E11 (adopted) on 1 December 2016. Reviewed 20 March 2016.
 * - D4's only episode has a legal status that is no code (ZZ): refused.
 */
const EPISODES = episodes(
  episode('A1', '02/01/2017', 'S', 'C2', 'U1'), // line 2
  episode('B2', '01/03/2016', 'S', 'C2', 'U1', '01/06/2016', 'X1'), // line 3
  episode('B2', '01/06/2016', 'T', 'E1', 'A3', '01/12/2016', 'E11'), // line 4
  episode('D4', '01/02/2017', 'S', 'ZZ', 'U1'), // line 5
  episode('A1', '02/01/2017', 'S', 'C2', 'U1'), // line 6
);
const REVIEWS = reviews(
  review('A1', '27/01/2017'), // line 2
  review('A1', '20/04/2017'), // line 3
  review('B2', '20/03/2016'), // line 4
  review('A1', '01/12/2016'), // line 5
);

/**
 * Worked by hand from the mapping (issue 9):
 * - episodes: 5 read = 3 turned into events (lines 2, 3, 4) + 1 not needed (line 6, a
 *   duplicate row) + 1 refused (line 5, LS unknown code);
 * - reviews: 4 read = 3 turned into events + 1 refused (line 5, outside any period);
 * - events: BecameLookedAfter A1 and B2 (2); PlacementOrderMade, PlacedForAdoption
 *   (B2 on 1 June 2016) and AdoptionOrderMade (B2 on 1 December 2016), 1 each;
 *   LacReviewHeld 3. Eight in all.
 */
/** The return's year end: 2017/18, so that A1's review of 20 April 2017 is within it. */
const YEAR_END = '2018-03-31';

const EVENTS_BY_TYPE = {
  AdoptionOrderMade: 1,
  BecameLookedAfter: 2,
  LacReviewHeld: 3,
  PlacedForAdoption: 1,
  PlacementOrderMade: 1,
};

// The return says nothing of records shared: from a go-live date after these reviews,
// only the review clock itself is open.
const settings = councilSettings({ recordKeepingFrom: '2018-04-01' });

let unit: Unit;
let api: Awaited<ReturnType<typeof serveLocalApi>>;
beforeAll(async () => {
  if (!settings.ok) throw new Error('the test configuration is invalid');
  unit = await startUnit({
    startAt: '2017-05-02T09:00:00Z',
    subjects: ['A1', 'B2'],
    settings: settings.settings,
  });
  api = await serveLocalApi(unit.runtime.deps, unit.runtime.stepFunctions);
});
afterAll(async () => {
  api.server.closeAllConnections();
  await new Promise((resolve) => api.server.close(resolve));
  await unit.stop();
});

const admin = { 'x-local-user': 'admin-1', 'x-local-roles': 'admin' };
const iro = { 'x-local-user': 'iro-1', 'x-local-roles': 'iro' };

const request = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  localRequest(api.url, method, path, headers, body).then(({ status, location, text, body }) => ({
    status,
    location,
    text,
    body,
  }));

/** Every item of the table's import partitions and event logs: what an upload stored. */
async function stored() {
  const { Items = [] } = await unit.runtime.dynamo.client.send(
    new ScanCommand({ TableName: unit.runtime.dynamo.tableName }),
  );
  const pks = Items.map((item) => String(item.pk));
  return {
    imports: pks.filter((pk) => pk.startsWith('IMPORT#')).length,
    events: pks.filter((pk) => pk.startsWith('LOG#')).length,
  };
}

/** Polls the upload until the state machine has finished with it. */
async function finished(location: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    await unit.runtime.stepFunctions.settled();
    const answer = await request('GET', location, admin);
    if (answer.body.status !== 'running') return answer;
  }
  throw new Error('the import did not finish');
}

describe('POST /imports refuses, and stores nothing', () => {
  it.each([
    ['nobody signed in', {}, 401],
    ['an IRO (administrators only)', iro, 403],
  ])('for %s', async (_who, headers, status) => {
    // Act
    const answer = await request('POST', '/imports', headers, {
      episodes: EPISODES,
      reviews: REVIEWS,
      yearEnd: YEAR_END,
    });

    // Assess
    expect(answer.status).toBe(status);
    expect(await stored()).toEqual({ imports: 0, events: 0 });
  });

  it('a file that is not its table: 400 naming the file and the missing column', async () => {
    // Prepare: the reviews header lacks REVIEW_CODE.
    const badHeader = `${REVIEWS_HEADER.replace(',REVIEW_CODE', '')}\nA1,${DOB},27/01/2017\n`;

    // Act
    const answer = await request('POST', '/imports', admin, {
      episodes: EPISODES,
      reviews: badHeader,
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      {
        field: 'reviews',
        reason: expect.stringMatching(
          /^line 1: the header is not that of this table: missing column REVIEW_CODE/,
        ),
      },
    ]);
    expect(await stored()).toEqual({ imports: 0, events: 0 });
  });

  it.each([
    ['a missing table', { episodes: EPISODES }, 'reviews'],
    ['a table that is not text', { episodes: 42, reviews: REVIEWS }, 'episodes'],
  ])('%s: 400 naming it', async (_case, body, field) => {
    const answer = await request('POST', '/imports', admin, body);
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([{ field, reason: expect.any(String) }]);
    expect(await stored()).toEqual({ imports: 0, events: 0 });
  });

  it('a body over 6 MB: 413 with the reason', async () => {
    // Prepare: header lines, over 6 MB of them, whatever else is sent.
    const line = `${EPISODES_HEADER}\n`;
    const huge = line.repeat(Math.ceil((6 * 1024 * 1024) / line.length) + 1);

    // Act
    const answer = await request('POST', '/imports', admin, { episodes: huge, reviews: REVIEWS });

    // Assess
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ reason: expect.stringContaining('6 MB') });
    expect(await stored()).toEqual({ imports: 0, events: 0 });
  });
});

describe('an SSDA903 upload, end to end on the local system', () => {
  let first: Awaited<ReturnType<typeof request>>;
  let done: Awaited<ReturnType<typeof request>>;
  beforeAll(async () => {
    first = await request('POST', '/imports', admin, {
      episodes: EPISODES,
      reviews: REVIEWS,
      yearEnd: YEAR_END,
    });
    done = await finished(first.location ?? '');
  });

  it('answers 202 with the account of the rows and where to follow it', () => {
    // A1 has a review outside every period in the file, which an earlier period of
    // theirs might hold: A1's rows (episodes 2, 6; reviews 2, 3, 5) wait for their
    // chunk, to be mapped against A1's recorded history. B2's 2 episode rows and 1
    // review, and D4's refused row, are counted now; B2's 5 events are to record.
    expect(first.status).toBe(202);
    expect(first.location).toBe(`/imports/${first.body.importId}`);
    expect(first.body).toMatchObject({
      status: 'running',
      importedBy: 'admin-1',
      rowsRead: { episodes: 5, reviews: 4 },
      rowsWithHistory: { children: 1, episodes: 2, reviews: 3 },
      rows: {
        episodes: { imported: 2, notNeeded: 0, refused: 1 },
        reviews: { imported: 1, notNeeded: 0, refused: 0 },
      },
      rowsRefused: { 'episodes, unknown code': 1 },
      rowsNotNeeded: {},
      eventsToRecord: {
        AdoptionOrderMade: 1,
        BecameLookedAfter: 1,
        LacReviewHeld: 1,
        PlacedForAdoption: 1,
        PlacementOrderMade: 1,
      },
      eventsWritten: {},
      problemCount: 1,
    });
  });

  it('records every event, and GET /imports/{id} says so, with every row accounted for', () => {
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      importId: first.body.importId,
      status: 'done',
      chunks: { total: 1, recorded: 1 },
      rows: {
        episodes: { imported: 3, notNeeded: 1, refused: 1 },
        reviews: { imported: 3, notNeeded: 0, refused: 1 },
      },
      rowsRefused: {
        'episodes, unknown code': 1,
        'reviews, review outside any period of care': 1,
      },
      rowsNotNeeded: { 'episodes, duplicate row': 1 },
      eventsToRecord: EVENTS_BY_TYPE,
      eventsWritten: EVENTS_BY_TYPE,
      eventsAlreadyRecorded: {},
      eventsRefused: {},
      problemCount: 2,
    });
    expect(done.body.problems).toEqual([
      'episodes:5: LS: unknown code: must be one of C1, C2, D1, E1, J1, J2, J3, L1, L2, L3, V2, V3, V4',
      expect.stringMatching(/^reviews:5: REVIEW: review outside any period of care: /),
    ]);
  });

  it('keeps the chunk of events 30 days, then DynamoDB deletes it by TTL', async () => {
    // By hand: uploaded at 2017-05-02T09:00:00Z (the virtual now) = 1,493,715,600 s
    // (2017-01-01 is 1,483,228,800; + 121 days + 9 hours); + 30 days (2,592,000 s).
    const { Items = [] } = await unit.runtime.dynamo.client.send(
      new ScanCommand({ TableName: unit.runtime.dynamo.tableName }),
    );
    const chunk = Items.find(
      (item) => item.pk === `IMPORT#${first.body.importId}` && item.sk === 'CHUNK#000000',
    );
    expect(chunk?.expiresAt).toBe(1_496_307_600);
  });

  it('never shows the date of birth, the postcodes or the URN', () => {
    for (const text of [first.text, done.text]) {
      for (const personal of [DOB, POSTCODE, PLACEMENT_POSTCODE, URN]) {
        expect(text).not.toContain(personal);
      }
    }
  });

  it('starts the clocks: A1 reviewed twice, so the next review is 6 months after the second', async () => {
    // By hand (timescales.md 3.1): became looked after 2017-01-02, reviews 2017-01-27
    // and 2017-04-20: k = 2, due 2017-04-20 + 6 months = 2017-10-20; not overdue on
    // 2 May 2017. Records are tracked from 2018-04-01, so nothing else is open.
    const a1 = await request('GET', '/children/A1/obligations', admin);
    expect(a1.body.obligations).toEqual([
      expect.objectContaining({
        kind: 'lac-review',
        subjectId: 'A1',
        due: '2017-10-20',
        overdue: false,
      }),
    ]);
    // B2 was adopted on 2016-12-01: the episode, and its review clock, ended.
    const b2 = await request('GET', '/children/B2/obligations', admin);
    expect(b2).toMatchObject({ status: 200, body: { obligations: [] } });
  });

  it("records the events as the administrator's, naming the upload", async () => {
    const trail = await request('GET', '/children/A1/events', admin);
    expect(trail.body.events).toHaveLength(3);
    for (const entry of trail.body.events) {
      expect(entry).toMatchObject({
        source: 'staff',
        recordedBy: 'admin-1',
        requestId: `import/${first.body.importId}`,
      });
    }
  });

  it('lets staff send an imported event again harmlessly, answered as any repeat is', async () => {
    // Prepare: A1's start, as the audit trail shows it.
    const trail = await request('GET', '/children/A1/events', admin);
    const [start] = trail.body.events;

    // Act
    const again = await request('POST', '/events', admin, start.event);

    // Assess: who recorded the first copy stays in the audit trail, out of the answer.
    expect(again).toMatchObject({ status: 200 });
    expect(again.body).toEqual({ eventId: start.eventId, duplicate: true });
  });

  it('importing the same files again writes nothing new', async () => {
    // Prepare
    const before = await stored();

    // Act
    const again = await request('POST', '/imports', admin, {
      episodes: EPISODES,
      reviews: REVIEWS,
      yearEnd: YEAR_END,
    });
    const second = await finished(again.location ?? '');

    // Assess
    expect(again.body.importId).not.toBe(first.body.importId);
    // B2's five events go to be recorded and are there already; A1's rows are mapped
    // against A1's log, as the CLI maps against --out: line 2's start and the reviews
    // on lines 2 and 3 are already imported, line 6 is a duplicate row.
    expect(second.body).toMatchObject({
      status: 'done',
      eventsWritten: {},
      eventsAlreadyRecorded: {
        AdoptionOrderMade: 1,
        BecameLookedAfter: 1,
        LacReviewHeld: 1,
        PlacedForAdoption: 1,
        PlacementOrderMade: 1,
      },
      rowsNotNeeded: {
        'episodes, already imported': 1,
        'episodes, duplicate row': 1,
        'reviews, already imported': 2,
      },
    });
    expect((await stored()).events).toBe(before.events);
  });

  it('GET /imports/{id}: 404 for an id no upload has, 403 for anyone but an administrator', async () => {
    expect((await request('GET', '/imports/no-such-import', admin)).status).toBe(404);
    expect((await request('GET', `/imports/${first.body.importId}`, iro)).status).toBe(403);
  });
});

describe("an upload checked against the return's year: warnings beside refusals", () => {
  // Today is Tue 2 May 2017 (the virtual now). W8 is in care from 1 February 2017 (S),
  // born 27 January 2013 (4 on 27 January 2017). Reviews: 27 January 2017 PN0 (the 4th
  // birthday: kept), 28 February 2017 PN0 (over 4: kept with no code, DfE 440),
  // 3 April 2017 (after the year end, 31 March 2017: refused), 3 May 2017 (after today:
  // refused too). The episode gives BecameLookedAfter; the reviews 2 LacReviewHeld.
  const dob = '27/01/2013';
  const files = {
    episodes: episodes(episode('W8', '01/02/2017', 'S', 'C2', 'U1')),
    reviews: reviews(
      review('W8', '27/01/2017', 'PN0', dob), // line 2: before the S episode: outside
      review('W8', '28/02/2017', 'PN0', dob), // line 3
      review('W8', '03/04/2017', 'PN1', dob), // line 4
      review('W8', '03/05/2017', 'PN1', dob), // line 5
    ),
  };

  it('GET /imports/{id} lists the warning by rule and line, beside the refusals', async () => {
    // Act
    const started = await request('POST', '/imports', admin, {
      ...files,
      yearEnd: '2017-03-31',
    });
    const done = await finished(started.location ?? '');

    // Assess: line 2 is before W8's period (an S episode): W8 waits for their recorded
    // history, where nothing holds it either; line 3 is imported with its warning.
    expect(done.body).toMatchObject({
      status: 'done',
      yearEnd: '2017-03-31',
      rows: {
        episodes: { imported: 1, importedWithWarnings: 0, notNeeded: 0, refused: 0 },
        reviews: { imported: 0, importedWithWarnings: 1, notNeeded: 0, refused: 3 },
      },
      rowsRefused: {
        'reviews, after the year end': 1,
        'reviews, after today': 1,
        'reviews, review outside any period of care': 1,
      },
      rowsWarned: { 'reviews, DfE 440: PN0 for a child 4 or over': 1 },
      warnings: [
        expect.stringMatching(/^reviews:3: REVIEW_CODE: DfE 440: PN0 for a child 4 or over: /),
      ],
      warningCount: 1,
      eventsWritten: { BecameLookedAfter: 1, LacReviewHeld: 1 },
    });
    expect(done.body.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^reviews:4: REVIEW: after the year end: /),
        expect.stringMatching(/^reviews:5: REVIEW: after today: /),
      ]),
    );
    expect(done.text).not.toContain(dob);
  });

  it('a year end that is not a date: 400 naming yearEnd, nothing stored', async () => {
    // Prepare
    const before = await stored();

    // Act
    const answer = await request('POST', '/imports', admin, { ...files, yearEnd: '31/03/2017' });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.problems).toEqual([
      { field: 'yearEnd', reason: 'must be a real date written YYYY-MM-DD' },
    ]);
    expect(await stored()).toEqual(before);
  });
});

describe('an upload whose chunk cannot be recorded', () => {
  let broken: Unit;
  let brokenApi: Awaited<ReturnType<typeof serveLocalApi>>;
  /** While true, reading a chunk fails, as a DynamoDB outage would. */
  let failing = true;
  /** While true, the next chunk's result is lost after its events are recorded, as if its Lambda died. */
  let dieBeforeResult = false;
  beforeAll(async () => {
    broken = await startUnit({
      startAt: '2017-05-02T09:00:00Z',
      subjects: ['A1', 'B2'],
      adjust: (deps) => ({
        ...deps,
        imports: {
          ...deps.imports,
          chunk: (importId, n) =>
            failing ? Promise.reject(new Error('outage')) : deps.imports.chunk(importId, n),
          putResult: (importId, n, result) => {
            if (!dieBeforeResult) return deps.imports.putResult(importId, n, result);
            dieBeforeResult = false;
            return Promise.reject(new Error('died'));
          },
        },
      }),
    });
    brokenApi = await serveLocalApi(broken.runtime.deps, broken.runtime.stepFunctions);
  });
  afterAll(async () => {
    brokenApi.server.closeAllConnections();
    await new Promise((resolve) => brokenApi.server.close(resolve));
    await broken.stop();
  });

  const post = async (
    files: { episodes: string; reviews: string; yearEnd?: string } = {
      episodes: EPISODES,
      reviews: REVIEWS,
      yearEnd: YEAR_END,
    },
  ) => {
    const response = await fetch(`${brokenApi.url}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify(files),
    });
    await broken.runtime.stepFunctions.settled();
    const read = await fetch(`${brokenApi.url}${response.headers.get('location')}`, {
      headers: admin,
    });
    // biome-ignore lint/suspicious/noExplicitAny: read field by field
    return (await read.json()) as any;
  };

  it('is marked failed once its retries run out, the execution failed for the alarm', async () => {
    // Act
    const upload = await post();

    // Assess
    expect(upload).toMatchObject({
      status: 'failed',
      failure: 'Error',
      chunks: { total: 1, recorded: 0 },
      eventsWritten: {},
    });
    expect(broken.runtime.stepFunctions.failures).toEqual([
      {
        execution: `import-${upload.importId}`,
        error: expect.stringMatching(/the upload is marked failed/),
      },
    ]);
  });

  it('is made good by uploading the same files again', async () => {
    // Prepare
    failing = false;

    // Act
    const again = await post();

    // Assess: nothing of the first was recorded, so all eight events are written now.
    expect(again).toMatchObject({ status: 'done', eventsWritten: EVENTS_BY_TYPE });
  });

  it('counts as written what a chunk recorded before its Lambda died, when Step Functions runs it again', async () => {
    // Prepare: the same return for two other children, whose chunk dies once after
    // recording its events and before writing its result.
    const other = (csv: string) => csv.replaceAll('A1,', 'A7,').replaceAll('B2,', 'B7,');
    dieBeforeResult = true;

    // Act
    const upload = await post({
      episodes: other(EPISODES),
      reviews: other(REVIEWS),
      yearEnd: YEAR_END,
    });

    // Assess: the retry finds its own events in the logs (recorded under this upload's
    // request id): all eight were written by this upload, none were there before it.
    expect(dieBeforeResult).toBe(false);
    expect(upload).toMatchObject({
      status: 'done',
      chunks: { total: 1, recorded: 1 },
      eventsWritten: EVENTS_BY_TYPE,
      eventsAlreadyRecorded: {},
    });
  });
});
