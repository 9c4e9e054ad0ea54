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
import { EPISODES_HEADER, episode, episodes, REVIEWS_HEADER, review, reviews } from './support.js';

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
