/**
 * The second mapping of an upload's child whose period of care began before the file
 * (functions/import/with-history.ts): against the events already recorded for them, as
 * `cli import-903 --out` maps against its file.
 */
import { describe, expect, it } from 'vitest';
import { importedEventId } from '../../../functions/import/ssda903.js';
import type { ChildRows } from '../../../functions/import/with-history.js';
import { mapWithHistory } from '../../../functions/import/with-history.js';
import type { CaseEvent } from '../../../workflows/events.js';

/**
 * K1 in a year-2 file: a placement change (P) on 10 April 2017, still open (episodes
 * line 2), and a review on 5 April 2017 (reviews line 2), before that episode.
 */
const K1: ChildRows = {
  child: 'K1',
  episodes: [
    { line: 2, child: 'K1', start: '2017-04-10', rne: 'P', ls: 'C2', place: 'U4', key: 'k1-p' },
  ],
  reviews: [{ line: 2, child: 'K1', date: '2017-04-05', participation: 'PN1', key: 'k1-r' }],
};

/** K1 became looked after on 1 November 2016, recorded from year 1's return. */
const began: CaseEvent = {
  type: 'BecameLookedAfter',
  eventId: importedEventId('BecameLookedAfter', 'K1', '2016-11-01'),
  childId: 'K1',
  date: '2016-11-01',
};
const reviewed: CaseEvent = {
  type: 'LacReviewHeld',
  eventId: importedEventId('LacReviewHeld', 'K1', '2017-04-05'),
  childId: 'K1',
  date: '2017-04-05',
  participation: 'PN1',
};

describe('mapWithHistory', () => {
  it.each([
    [
      'the period recorded continues: the P episode is a change, the review falls inside',
      [began],
      [{ type: 'LacReviewHeld', date: '2017-04-05' }],
      {
        rows: {
          episodes: { imported: 0, importedWithWarnings: 0, notNeeded: 1, refused: 0 },
          reviews: { imported: 1, importedWithWarnings: 0, notNeeded: 0, refused: 0 },
        },
        notNeeded: { 'episodes, change within a period of care': 1 },
        refused: {},
        periodsInProgress: 0,
      },
    ],
    [
      'nothing recorded: the period is taken to start on the review before the P episode, which is kept',
      [],
      [
        { type: 'BecameLookedAfter', date: '2017-04-05' },
        { type: 'LacReviewHeld', date: '2017-04-05' },
      ],
      {
        rows: {
          episodes: { imported: 1, importedWithWarnings: 0, notNeeded: 0, refused: 0 },
          reviews: { imported: 1, importedWithWarnings: 0, notNeeded: 0, refused: 0 },
        },
        refused: {},
        periodsInProgress: 1,
      },
    ],
    [
      'the review recorded already (a second upload of the file): nothing new',
      [began, reviewed],
      [],
      {
        rows: {
          episodes: { imported: 0, importedWithWarnings: 0, notNeeded: 1, refused: 0 },
          reviews: { imported: 0, importedWithWarnings: 0, notNeeded: 1, refused: 0 },
        },
        notNeeded: {
          'episodes, change within a period of care': 1,
          'reviews, already imported': 1,
        },
        periodsInProgress: 0,
      },
    ],
  ])('%s', (_case, recorded, expectedEvents, expectedAccount) => {
    // Act
    const { events, account } = mapWithHistory([K1], recorded as CaseEvent[]);

    // Assess
    expect(events.map((e) => ({ type: e.type, date: 'date' in e ? e.date : '' }))).toEqual(
      expectedEvents,
    );
    expect(account).toMatchObject(expectedAccount);
  });
});
