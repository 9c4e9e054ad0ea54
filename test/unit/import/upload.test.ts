/**
 * The upload's planning (functions/import/upload.ts): the same account of the rows as
 * `cli import-903`, and the events cut into chunks of whole children, in order.
 */
import { describe, expect, it } from 'vitest';
import {
  CHUNK_EVENTS,
  chunked,
  MAX_CHUNK_BYTES,
  planUpload,
} from '../../../functions/import/upload.js';
import type { CaseEvent } from '../../../workflows/events.js';
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
} from './support.js';

/** `n` reviews of one child, numbered in their eventIds so order can be checked. */
const reviewsOf = (child: string, n: number): CaseEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    type: 'LacReviewHeld',
    eventId: `${child}-${i}`,
    childId: child,
    date: '2017-01-27',
  }));

describe('chunked', () => {
  it.each([
    // A chunk closes once it holds 250 or more, never inside a child:
    // 100 + 100 = 200 < 250, so the third child joins: one chunk of 300.
    [[100, 100, 100], [300]],
    // 300 >= 250, so the fourth child starts the next chunk.
    [
      [100, 100, 100, 100],
      [300, 100],
    ],
    // A child of 250 fills a chunk alone; the next child starts another.
    [
      [250, 1],
      [250, 1],
    ],
    [
      [249, 1, 5],
      [250, 5],
    ],
    [[], []],
  ])('children of %j events give chunks of %j', (sizes, expected) => {
    // Prepare
    const events = sizes.flatMap((n, i) => reviewsOf(`C${i}`, n));

    // Act
    const result = chunked(events);

    // Assess
    expect(result.ok && result.chunks.map((c) => c.events.length)).toEqual(expected);
  });

  it('keeps each child whole, in one chunk, in the order given', () => {
    // Prepare: the children interleaved in the input.
    const [a, b] = [reviewsOf('A', 200), reviewsOf('B', 200)];
    const events = a.flatMap((event, i) => [event, b[i] as CaseEvent]);

    // Act
    const result = chunked(events);

    // Assess: A's 200 (< 250) then B's 200 join it: one chunk, A's in order, then B's.
    expect(result.ok && result.chunks.map((c) => c.events.map((e) => e.eventId))).toEqual([
      [...a.map((e) => e.eventId), ...b.map((e) => e.eventId)],
    ]);
  });

  it('keeps a child given as rows whole, after the children given as events, a row counting as an event', () => {
    // Prepare: A with 240 events; K kept as rows (20 episodes + 10 reviews = 30), and
    // L kept as rows (1 episode).
    const keptChild = (child: string, nEpisodes: number, nReviews: number) => ({
      child,
      episodes: Array.from({ length: nEpisodes }, (_, i) => ({
        line: i + 2,
        child,
        start: '2017-01-02',
        rne: 'S' as const,
        ls: 'C2',
        place: 'U1',
        key: `${child}-${i}`,
      })),
      reviews: Array.from({ length: nReviews }, (_, i) => ({
        line: i + 2,
        child,
        date: '2017-01-27',
        key: `${child}-${i}`,
      })),
    });

    // Act
    const result = chunked(reviewsOf('A', 240), [keptChild('K', 20, 10), keptChild('L', 1, 0)]);

    // Assess: A's 240 (< 250), so K joins: 240 + 30 = 270 >= 250 closes the chunk, and
    // L starts the next.
    expect(
      result.ok &&
        result.chunks.map((c) => [c.events.length, (c.children ?? []).map((k) => k.child)]),
    ).toEqual([
      [240, ['K']],
      [0, ['L']],
    ]);
  });

  it('refuses a child whose events alone are over the chunk limit', () => {
    // Prepare: each review is about 80 bytes of JSON; 5,000 are about 400 KB.
    const events = reviewsOf('BIG', 5_000);
    expect(JSON.stringify(events).length).toBeGreaterThan(MAX_CHUNK_BYTES);

    // Act, assess
    expect(chunked(events)).toEqual({ ok: false, reason: expect.stringMatching(/one child/) });
  });

  it('is sized for DynamoDB: a chunk of CHUNK_EVENTS is far under the 400 KB item limit', () => {
    expect(CHUNK_EVENTS).toBe(250);
    expect(JSON.stringify(reviewsOf('C1', CHUNK_EVENTS)).length).toBeLessThan(MAX_CHUNK_BYTES / 10);
  });
});

describe('planUpload', () => {
  it('accounts for every row as the CLI does, naming each problem by table and line', async () => {
    // Prepare: C1 starts on 2 January 2017 and is reviewed on 27 January; line 3's
    // DECOM is no date; C1's review on 1 December 2016 is before their birth.
    const files = {
      episodes: episodes(
        episode('C1', '02/01/2017', 'S', 'C2', 'U1'),
        episode('C2', '31/02/2017', 'S', 'C2', 'U1'),
      ),
      reviews: reviews(
        review('C1', '27/01/2017', 'PN0', '01/06/2016'),
        review('C1', '01/12/2015', 'PN0', '01/06/2016'),
      ),
    };

    // Act
    const plan = await planUpload(files);

    // Assess
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.summary).toMatchObject({
      read: { episodes: 2, reviews: 2 },
      rows: {
        episodes: { imported: 1, notNeeded: 0, refused: 1 },
        reviews: { imported: 1, notNeeded: 0, refused: 1 },
      },
      refused: {
        'episodes, impossible date': 1,
        'reviews, review before birth': 1,
      },
      events: { BecameLookedAfter: 1, LacReviewHeld: 1 },
      problemCount: 2,
    });
    expect(plan.summary.problems).toEqual([
      expect.stringMatching(/^episodes:3: DECOM: impossible date: /),
      expect.stringMatching(/^reviews:3: REVIEW: review before birth: /),
    ]);
    expect(plan.summary.withHistory).toBeUndefined();
    expect(plan.chunks).toEqual([
      {
        events: [
          expect.objectContaining({ type: 'BecameLookedAfter' }),
          expect.objectContaining({ type: 'LacReviewHeld' }),
        ],
      },
    ]);
  });

  it.each([
    // K1's first episode is a placement change: their period began in an earlier return.
    [
      'first episode not S',
      episode('K1', '10/04/2017', 'P', 'C2', 'U4'),
      review('K1', '20/04/2017'),
    ],
    // K1's review is before the period the file starts: an earlier period may hold it.
    [
      'review outside every period',
      episode('K1', '10/04/2017', 'S', 'C2', 'U4'),
      review('K1', '05/04/2017'),
    ],
  ])(
    'keeps a child as rows, to map against their recorded history, when the %s',
    async (_case, kept, keptReview) => {
      // Prepare: C1 starts on 2 January 2017 (S) and is reviewed on 27 January.
      const files = {
        episodes: episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1'), kept),
        reviews: reviews(review('C1', '27/01/2017'), keptReview),
      };

      // Act
      const plan = await planUpload(files);

      // Assess: C1 is counted and cut into events; K1's rows (episode line 3, review
      // line 3) are kept whole, without their personal columns, and not counted yet.
      expect(plan.ok && plan.summary).toMatchObject({
        read: { episodes: 2, reviews: 2 },
        withHistory: { children: 1, episodes: 1, reviews: 1 },
        rows: {
          episodes: { imported: 1, notNeeded: 0, refused: 0 },
          reviews: { imported: 1, notNeeded: 0, refused: 0 },
        },
        refused: {},
        events: { BecameLookedAfter: 1, LacReviewHeld: 1 },
        periodsInProgress: 0,
        problemCount: 0,
      });
      expect(plan.ok && plan.chunks).toEqual([
        {
          events: [
            expect.objectContaining({ type: 'BecameLookedAfter', childId: 'C1' }),
            expect.objectContaining({ type: 'LacReviewHeld', childId: 'C1' }),
          ],
          children: [
            {
              child: 'K1',
              episodes: [expect.objectContaining({ line: 3, start: '2017-04-10' })],
              reviews: [expect.objectContaining({ line: 3 })],
            },
          ],
        },
      ]);
      for (const personal of [DOB, POSTCODE, PLACEMENT_POSTCODE, URN]) {
        expect(JSON.stringify(plan)).not.toContain(personal);
      }
    },
  );

  it.each([
    ['episodes', `${EPISODES_HEADER.replace(',URN', '')}\n`, `${REVIEWS_HEADER}\n`],
    ['reviews', `${EPISODES_HEADER}\n`, 'CHILD,DOB,REVIEW\n'],
  ])('refuses %s when it is not its table, as the CLI exits 2', async (file, e, r) => {
    const plan = await planUpload({ episodes: e, reviews: r });
    expect(plan).toEqual({
      ok: false,
      status: 400,
      problems: [
        expect.stringMatching(new RegExp(`^${file}:1: the header is not that of this table`)),
      ],
    });
  });

  it('names both files when neither is its table', async () => {
    const plan = await planUpload({ episodes: '', reviews: 'not,a,return\n' });
    expect(plan.ok === false && plan.status === 400 && plan.problems).toEqual([
      'episodes: is empty: no header row',
      expect.stringMatching(/^reviews:1: the header is not that of this table/),
    ]);
  });
});
