/**
 * Two years' SSDA903 returns uploaded one after the other through the local HTTP API
 * (issue 9): the second year's file begins inside periods of care the first began, and
 * the upload maps those children against the history already recorded, as `cli
 * import-903 --out` maps against its file. Year 2 adds only what is new.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLocalApi } from '../../../infra/local/api-server.js';
import { councilSettings } from '../../../workflows/policy.js';
import {
  DOB,
  episode,
  episodes,
  PLACEMENT_POSTCODE,
  POSTCODE,
  review,
  reviews,
  run903,
  URN,
} from '../../unit/import/support.js';
import { startUnit, type Unit } from '../workflows/support.js';
import { localRequest } from './support.js';

/**
 * Year 1 (1 April 2016 to 31 March 2017):
 * - A1 starts on Mon 2 January 2017 (S), still looked after; reviewed 27 January 2017.
 * - C3 starts on Tue 1 November 2016 (S); the episode ends X1 on 20 March 2017, and the
 *   next episode begins after the year's end, so C3's period is still running.
 *   Reviewed 25 November 2016 and 20 February 2017.
 * - E5 starts on Wed 1 February 2017 (S, ended X1 on 15 March 2017), then a change of
 *   legal status (L) on 15 March 2017, still open. Reviewed 20 February 2017.
 */
const YEAR_1 = {
  episodes: episodes(
    episode('A1', '02/01/2017', 'S', 'C2', 'U1'), // line 2
    episode('C3', '01/11/2016', 'S', 'C2', 'U1', '20/03/2017', 'X1'), // line 3
    episode('E5', '01/02/2017', 'S', 'C2', 'U1', '15/03/2017', 'X1'), // line 4
    episode('E5', '15/03/2017', 'L', 'C1', 'U1'), // line 5
  ),
  reviews: reviews(
    review('A1', '27/01/2017'), // line 2
    review('C3', '25/11/2016'), // line 3
    review('C3', '20/02/2017'), // line 4
    review('E5', '20/02/2017'), // line 5
  ),
};

/**
 * Year 2 (1 April 2017 to 31 March 2018): the episodes open on 1 April come again with
 * the same DECOM; the S episodes that ended X1 in year 1 do not.
 * - A1: the same open S episode; reviewed 20 April and 16 October 2017.
 * - C3: a placement change (P) on 10 April 2017, still open; reviewed 5 April 2017
 *   (before that episode, inside the period begun in year 1), and not since.
 * - E5: the L episode of 15 March 2017, now ended on 31 July 2017 with E4A (returned
 *   home): the period ends. Reviewed 10 May 2017.
 */
const YEAR_2 = {
  episodes: episodes(
    episode('A1', '02/01/2017', 'S', 'C2', 'U1'), // line 2
    episode('C3', '10/04/2017', 'P', 'C2', 'U4'), // line 3
    episode('E5', '15/03/2017', 'L', 'C1', 'U1', '31/07/2017', 'E4A'), // line 4
  ),
  reviews: reviews(
    review('A1', '20/04/2017'), // line 2
    review('A1', '16/10/2017'), // line 3
    review('C3', '05/04/2017'), // line 4
    review('E5', '10/05/2017'), // line 5
  ),
};

// Records kept from after these dates: only the review clocks are open.
const settings = councilSettings({ recordKeepingFrom: '2018-06-01' });

let unit: Unit;
let api: Awaited<ReturnType<typeof serveLocalApi>>;
beforeAll(async () => {
  if (!settings.ok) throw new Error('the test configuration is invalid');
  // Sun 1 April 2018: the year-2 return is complete.
  unit = await startUnit({
    startAt: '2018-04-01T09:00:00Z',
    subjects: ['A1', 'C3', 'E5'],
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

const request = (method: string, path: string, body?: unknown) =>
  localRequest(api.url, method, path, admin, body).then(({ status, location, text, body }) => ({
    status,
    location,
    text,
    body,
  }));

/** Uploads the files and polls until the state machine has finished with them. */
async function upload(files: { episodes: string; reviews: string }) {
  const started = await request('POST', '/imports', files);
  for (let attempt = 0; attempt < 200; attempt++) {
    await unit.runtime.stepFunctions.settled();
    const answer = await request('GET', started.location ?? '');
    if (answer.body.status !== 'running') return { started, done: answer };
  }
  throw new Error('the import did not finish');
}

/** The events in the children's logs that an upload recorded, ordered by eventId. */
async function recordedBy(importId?: string) {
  const events: Record<string, unknown>[] = [];
  for (const child of ['A1', 'C3', 'E5']) {
    const trail = await request('GET', `/children/${child}/events`);
    for (const entry of trail.body.events) {
      if (importId === undefined || entry.requestId === `import/${importId}`) {
        events.push(entry.event);
      }
    }
  }
  return byId(events);
}

const byId = (events: readonly Record<string, unknown>[]) =>
  [...events].sort((a, b) => String(a.eventId).localeCompare(String(b.eventId)));

/** The two uploads' ids, year 1's first. */
const uploadIds: string[] = [];

describe("a year's return uploaded after the year before", () => {
  let year1: Awaited<ReturnType<typeof upload>>;
  let year2: Awaited<ReturnType<typeof upload>>;
  beforeAll(async () => {
    year1 = await upload(YEAR_1);
    year2 = await upload(YEAR_2);
    uploadIds.push(
      ...[year1, year2].map((u) => (u.started.location ?? '').replace(/^\/imports\//, '')),
    );
  });

  it('year 1 records each start and review: every first episode is S, every review inside', () => {
    // By hand: BecameLookedAfter A1, C3, E5 (3); reviews 4; E5's L episode (line 5) is a
    // change within a period of care. C3's episode (line 3) ends X1 and no episode
    // follows in this file (DfE 388): imported, with a warning; its period stays open.
    expect(year1.done.body).toMatchObject({
      status: 'done',
      yearEnd: '2017-03-31',
      rowsWithHistory: { children: 0, episodes: 0, reviews: 0 },
      rows: {
        episodes: { imported: 2, importedWithWarnings: 1, notNeeded: 1, refused: 0 },
        reviews: { imported: 4, importedWithWarnings: 0, notNeeded: 0, refused: 0 },
      },
      eventsWritten: { BecameLookedAfter: 3, LacReviewHeld: 4 },
      eventsRefused: {},
      problemCount: 0,
      rowsWarned: { 'episodes, DfE 388: last episode ended X1': 1 },
      warnings: [expect.stringMatching(/^episodes:3: REC: DfE 388: last episode ended X1: /)],
      warningCount: 1,
    });
  });

  it('year 2 answers 202 with C3 and E5 to be mapped against their recorded history', () => {
    // By hand: C3's and E5's first year-2 episodes are not S, so their rows (1 episode
    // and 1 review each) wait for their chunk. A1 now: line 2 gives A1's start
    // again, lines 2 and 3 of the reviews two reviews.
    expect(year2.started.status).toBe(202);
    expect(year2.started.body).toMatchObject({
      rowsRead: { episodes: 3, reviews: 4 },
      rowsWithHistory: { children: 2, episodes: 2, reviews: 2 },
      rows: {
        episodes: { imported: 1, notNeeded: 0, refused: 0 },
        reviews: { imported: 2, notNeeded: 0, refused: 0 },
      },
      eventsToRecord: { BecameLookedAfter: 1, LacReviewHeld: 2 },
      periodsInProgress: 0,
      problemCount: 0,
    });
  });

  it('year 2 adds only what is new: nothing refused, no period started again', () => {
    // By hand, against the history year 1 recorded:
    // - A1: the start (2017-01-02) is already recorded; reviews 2017-04-20, 2017-10-16.
    // - C3: the P episode continues the period begun 2016-11-01 (a change within it);
    //   review 2017-04-05 (inside that period).
    // - E5: the L episode continues the period begun 2017-02-01 and ends it on
    //   2017-07-31 (E4A: CeasedLookedAfter); review 2017-05-10.
    // Episodes 3 = 2 imported (A1, E5) + 1 not needed (C3); reviews 4 imported.
    expect(year2.done.body).toMatchObject({
      status: 'done',
      rows: {
        episodes: { imported: 2, notNeeded: 1, refused: 0 },
        reviews: { imported: 4, notNeeded: 0, refused: 0 },
      },
      rowsRefused: {},
      rowsNotNeeded: { 'episodes, change within a period of care': 1 },
      periodsInProgress: 0,
      eventsToRecord: { BecameLookedAfter: 1, CeasedLookedAfter: 1, LacReviewHeld: 4 },
      eventsWritten: { CeasedLookedAfter: 1, LacReviewHeld: 4 },
      eventsAlreadyRecorded: { BecameLookedAfter: 1 },
      eventsRefused: {},
      problems: [],
      problemCount: 0,
    });
  });

  it('records the same events as the CLI run with --out on the same files', async () => {
    // Prepare: the CLI over both years, appending to one file of events.
    const argv = (year: number) => [
      'import-903',
      '--episodes',
      `episodes-${year}.csv`,
      '--reviews',
      `reviews-${year}.csv`,
      '--out',
      'history.jsonl',
    ];
    const first = await run903(argv(1), {
      'episodes-1.csv': YEAR_1.episodes,
      'reviews-1.csv': YEAR_1.reviews,
    });
    const afterYear1 = first.files['history.jsonl'] ?? '';

    // Act
    const second = await run903(argv(2), {
      ...first.files,
      'episodes-2.csv': YEAR_2.episodes,
      'reviews-2.csv': YEAR_2.reviews,
    });

    // Assess: what each year added, and the whole history, are the same events.
    const lines = (text: string) =>
      text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const cliYear2 = lines((second.files['history.jsonl'] ?? '').slice(afterYear1.length));
    expect(second.code).toBe(0);
    expect(cliYear2).toHaveLength(5);
    expect(await recordedBy(year2.started.body.importId)).toEqual(byId(cliYear2));
    expect(await recordedBy(year1.started.body.importId)).toEqual(byId(lines(afterYear1)));
    expect(await recordedBy()).toEqual(byId(lines(second.files['history.jsonl'] ?? '')));
  });

  it('runs the clocks from the whole history: the next reviews, and none for E5', async () => {
    // By hand (timescales.md 3.1), on Sun 1 April 2018:
    // - A1: reviews 2017-01-27, 2017-04-20, 2017-10-16: after the second, every 6
    //   months: due 2017-10-16 + 6 months = 2018-04-16, not overdue.
    // - C3: reviews 2016-11-25, 2017-02-20, 2017-04-05: after the second, every 6
    //   months: due 2017-04-05 + 6 months = 2017-10-05, overdue. (Were the review of
    //   5 April refused, the last would be 2017-02-20, due 2017-08-20.)
    // - E5 ceased to be looked after on 2017-07-31: no review is due.
    const obligations = async (child: string) =>
      (await request('GET', `/children/${child}/obligations`)).body.obligations;
    expect(await obligations('A1')).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2018-04-16', overdue: false }),
    ]);
    expect(await obligations('C3')).toEqual([
      expect.objectContaining({ kind: 'lac-review', due: '2017-10-05', overdue: true }),
    ]);
    expect(await obligations('E5')).toEqual([]);
  });

  it('never shows nor stores the date of birth, the postcodes or the URN', async () => {
    // Prepare: the uploads' items, chunks with C3's and E5's rows among them.
    const { Items = [] } = await unit.runtime.dynamo.client.send(
      new ScanCommand({ TableName: unit.runtime.dynamo.tableName }),
    );
    const importItems = Items.filter((item) => String(item.pk).startsWith('IMPORT#'));
    const kept = importItems.flatMap((item) =>
      item.children === undefined ? [] : (JSON.parse(String(item.children)) as { child: string }[]),
    );
    expect(kept.map((rows) => rows.child)).toEqual(['C3', 'E5']);

    // Assess
    for (const text of [year2.started.text, year2.done.text, JSON.stringify(importItems)]) {
      for (const personal of [DOB, POSTCODE, PLACEMENT_POSTCODE, URN]) {
        expect(text).not.toContain(personal);
      }
    }
  });
});

describe('what the returns brought in already overdue', () => {
  it('reminds nobody of it: the next morning list (Tue 3 April 2018, after Easter Monday) is for A1, coming due', async () => {
    // Prepare: by hand, on Sun 1 April 2018 (as above): C3's review, due 2017-10-05,
    // arrived overdue, so its reminders and its escalations to the team manager and the
    // head of service are marked told; A1's, due 2018-04-16, is not overdue, and its
    // 15-working-day line (Thu 22 March) is listed on the next working day, Tue 3 April.
    // The lists that go for A1 carry C3 among the overdue work, but not as new; no
    // list goes to the team manager or the head of service, whose lines were C3's.
    const before = (await unit.mail()).length;

    // Act
    await unit.advanceTo('2018-04-03T09:00:00+01:00');

    // Assess
    const mail = (await unit.mail()).slice(before);
    expect(mail.map((m) => m.to).sort()).toEqual([
      'iro@council.example',
      'social-worker@council.example',
    ]);
    // The IRO's also carries issue 20's line: A1's review has no young person's link yet
    for (const m of mail) {
      expect(m.subject).toBe(
        m.to === 'iro@council.example'
          ? 'Morning list for Tuesday 3 April 2018: 2 new, 1 overdue'
          : 'Morning list for Tuesday 3 April 2018: 1 new, 1 overdue',
      );
      expect(m.text).toContain(
        '- [new] Looked-after child review - child A1 - due Monday 16 April 2018',
      );
      expect(m.text).toContain(
        '- Looked-after child review - child C3 - was due Thursday 5 October 2017',
      );
    }
  });

  it("counts, in each chunk's result, what arrived overdue, by kind", async () => {
    const all = await Promise.all(uploadIds.map((id) => unit.runtime.deps.imports.results(id)));
    const overdue = all.map((results) =>
      results.reduce((n, r) => n + (r.arrivedOverdue?.['lac-review'] ?? 0), 0),
    );
    // Year 1 as of 1 April 2018: A1 (due 2017-07-27), C3 (2017-08-20) and E5
    // (2017-08-20) overdue; year 2: C3 alone (2017-10-05).
    expect(overdue).toEqual([3, 1]);
  });
});
