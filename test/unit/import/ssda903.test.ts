/**
 * `cli import-903` (functions/import): the SSDA903 return's episodes and reviews in,
 * ordinary events out, every row accounted for. Fixtures follow the DfE specification
 * of the children-looked-after return; every expected event is worked out by hand
 * from the mapping rules in the comments.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReturnDate } from '../../../functions/import/ssda903-rows.js';
import {
  accountOf,
  DOB,
  EPISODES_HEADER,
  episode,
  episodes,
  importTables,
  PLACEMENT_POSTCODE,
  POSTCODE,
  review,
  reviews,
  run903,
  URN,
  withoutIds,
  YEAR_END_2018,
} from './support.js';

const became = (childId: string, date: string) => ({ type: 'BecameLookedAfter', childId, date });
const ceased = (childId: string, date: string) => ({ type: 'CeasedLookedAfter', childId, date });
const adopted = (childId: string, date: string) => ({ type: 'AdoptionOrderMade', childId, date });
const placementOrder = (childId: string, date: string) => ({
  type: 'PlacementOrderMade',
  childId,
  date,
});
const placedForAdoption = (childId: string, date: string) => ({
  type: 'PlacedForAdoption',
  childId,
  date,
});
const held = (childId: string, date: string, participation = 'PN1') => ({
  type: 'LacReviewHeld',
  childId,
  date,
  participation,
});

/** Personal data in the fixtures never reaches stdout, stderr or a written file. */
function expectNoPersonalData(text: string) {
  for (const value of [POSTCODE, PLACEMENT_POSTCODE, URN, DOB]) expect(text).not.toContain(value);
}

describe('import-903: episodes become periods of care', () => {
  it.each([
    {
      rule: 'S starts a period of care; an episode with no DEC leaves it running',
      rows: [episode('C1', '02/01/2017', 'S', 'C2', 'U1')],
      // BecameLookedAfter on the S episode's DECOM, nothing ends it.
      events: [became('C1', '2017-01-02')],
      account: { read: 1, imported: 1, warned: 0, notNeeded: 0, refused: 0 },
    },
    {
      rule: 'X1 goes on in the same period; L, P, T, U and B are changes within it; the first other REC ends it',
      rows: [
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/02/2017', 'X1'),
        episode('C1', '01/02/2017', 'L', 'C1', 'U1', '01/03/2017', 'X1'),
        episode('C1', '01/03/2017', 'P', 'C1', 'U3', '01/04/2017', 'X1'),
        episode('C1', '01/04/2017', 'T', 'C1', 'U3', '01/05/2017', 'X1'),
        episode('C1', '01/05/2017', 'U', 'C1', 'U4', '01/06/2017', 'X1'),
        episode('C1', '01/06/2017', 'B', 'C1', 'U4', '30/06/2017', 'E4A'),
      ],
      // Start on the S episode's DECOM; end on the DEC of the B episode (REC E4A, not X1).
      // L, P, T, U carry no event: not needed.
      events: [became('C1', '2017-01-02'), ceased('C1', '2017-06-30')],
      account: { read: 6, imported: 2, warned: 0, notNeeded: 4, refused: 0 },
    },
    {
      rule: 'the first episode with LS E1 in a period gives PlacementOrderMade; a re-entry counts afresh',
      rows: [
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1'),
        episode('C1', '01/03/2017', 'L', 'E1', 'U1', '01/05/2017', 'X1'),
        episode('C1', '01/05/2017', 'P', 'E1', 'U3', '31/07/2017', 'E13'),
        episode('C1', '01/09/2017', 'S', 'E1', 'U1'),
      ],
      // Period 1: E1 first on the L episode (2017-03-01); the P episode's E1 is not the first;
      // it ends 2017-07-31 (E13). Period 2 starts 2017-09-01 with E1 on its first episode.
      events: [
        became('C1', '2017-01-02'),
        placementOrder('C1', '2017-03-01'),
        ceased('C1', '2017-07-31'),
        became('C1', '2017-09-01'),
        placementOrder('C1', '2017-09-01'),
      ],
      account: { read: 4, imported: 4, warned: 0, notNeeded: 0, refused: 0 },
    },
    {
      rule: 'an episode starting some days after one that ended X1 still continues the period',
      rows: [
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1'),
        episode('C1', '15/03/2017', 'P', 'C2', 'U3', '01/05/2017', 'E3'),
      ],
      // X1 says the period goes on; the gap does not end it. Ends 2017-05-01 (E3). The
      // DfE flags the gap (433): the second row is imported with a warning.
      events: [became('C1', '2017-01-02'), ceased('C1', '2017-05-01')],
      account: { read: 2, imported: 1, warned: 1, notNeeded: 0, refused: 0 },
    },
    {
      rule: 'S with E1, an adoptive placement and REC E12 gives all four events',
      rows: [episode('C1', '06/02/2017', 'S', 'E1', 'A4', '10/10/2017', 'E12')],
      // Same DECOM: started, order, placed (in that order on the day); adopted on DEC.
      events: [
        became('C1', '2017-02-06'),
        placementOrder('C1', '2017-02-06'),
        placedForAdoption('C1', '2017-02-06'),
        adopted('C1', '2017-10-10'),
      ],
      account: { read: 1, imported: 1, warned: 0, notNeeded: 0, refused: 0 },
    },
  ])('$rule', async ({ rows, events, account }) => {
    // Act
    const run = await importTables(episodes(...rows), reviews(), YEAR_END_2018);

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual(events);
    expect(accountOf(run.stderr, 'episodes')).toEqual(account);
  });

  it.each(['A3', 'A4', 'A5', 'A6'])(
    'PLACE %s is a placement for adoption: the first in the period gives PlacedForAdoption',
    async (place) => {
      // Prepare: the adoptive placement starts 2017-04-01; a later A6 placement is not the first.
      const rows = [
        episode('C1', '02/01/2017', 'S', 'E1', 'U1', '01/04/2017', 'X1'),
        episode('C1', '01/04/2017', 'P', 'E1', place, '01/06/2017', 'X1'),
        episode('C1', '01/06/2017', 'P', 'E1', 'A6'),
      ];

      // Act
      const run = await importTables(episodes(...rows));

      // Assess
      expect(withoutIds(run.events)).toEqual([
        became('C1', '2017-01-02'),
        placementOrder('C1', '2017-01-02'),
        placedForAdoption('C1', '2017-04-01'),
      ]);
      expect(accountOf(run.stderr, 'episodes')).toEqual({
        read: 3,
        imported: 2,
        warned: 0,
        notNeeded: 1,
        refused: 0,
      });
    },
  );

  it.each([
    ['E11', 'AdoptionOrderMade'],
    ['E12', 'AdoptionOrderMade'],
    ...[
      'E13',
      'E14',
      'E15',
      'E16',
      'E17',
      'E2',
      'E3',
      'E41',
      'E45',
      'E46',
      'E47',
      'E48',
      'E4A',
      'E4B',
      'E5',
      'E6',
      'E7',
      'E8',
      'E9',
    ].map((rec) => [rec, 'CeasedLookedAfter']),
  ])('REC %s ends the period with %s on DEC', async (rec, type) => {
    // Act
    const run = await importTables(
      episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1', '02/02/2018', rec)),
      reviews(),
      YEAR_END_2018,
    );

    // Assess
    expect(withoutIds(run.events)).toEqual([
      became('C1', '2017-01-02'),
      { type, childId: 'C1', date: '2018-02-02' },
    ]);
  });

  it('a child whose first episode is not S was already looked after: the period starts on that episode, and the summary says so', async () => {
    // Prepare: the file begins inside C5's period (P), and C5 leaves care on 2017-03-01 (E3).
    const rows = [episode('C5', '01/02/2017', 'P', 'C2', 'U1', '01/03/2017', 'E3')];

    // Act
    const run = await importTables(episodes(...rows));

    // Assess
    expect(withoutIds(run.events)).toEqual([
      { ...became('C5', '2017-02-01'), startedBeforeRecords: true },
      ceased('C5', '2017-03-01'),
    ]);
    expect(run.stderr).toContain('taken to start on their first episode or earlier review: 1');
  });

  it('episodes are read in DECOM order whatever their order in the file', async () => {
    // Prepare: the ending episode comes first in the file.
    const rows = [
      episode('C1', '01/03/2017', 'P', 'C2', 'U3', '31/03/2017', 'E3'),
      episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1'),
    ];

    // Act
    const run = await importTables(episodes(...rows));

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      became('C1', '2017-01-02'),
      ceased('C1', '2017-03-31'),
    ]);
  });
});

describe('import-903: dates', () => {
  it.each([
    // [as written, the episode's DECOM (pivot), read as]
    ['15/09/17', '2017-03-01', '2017-09-15'], // 2017 is the first on or after DECOM
    ['01/02/03', '1998-06-15', '2003-02-01'], // 1903 is before DECOM: next century
    ['31/12/99', '1999-01-01', '1999-12-31'],
    ['01/01/00', '1999-12-01', '2000-01-01'],
    ['01/06/17', '2017-06-01', '2017-06-01'], // the pivot's own day is on or after it
    ['30/11/99', '1999-12-01', '2099-11-30'], // before DECOM in 1999: 2099, refused later as too long
    ['29/02/01', '2000-01-01', undefined], // 2001 is not a leap year
    ['5/4/2017', undefined, '2017-04-05'],
    ['15/09/17', undefined, undefined], // two digits only where a pivot is given (DEC)
    ['2017-09-15', undefined, undefined],
    ['31/04/2017', undefined, undefined],
  ])('%s (pivot %s) reads as %s', (text, pivot, expected) => {
    // Act / Assess
    expect(parseReturnDate(text, pivot)).toBe(expected);
  });

  it('a two-digit DEC takes its century from DECOM', async () => {
    // Act: DECOM 2011-06-15, DEC 01/02/13: 2013 is on or after DECOM -> 2013-02-01 (E3, ceased).
    const run = await importTables(
      episodes(episode('C1', '15/06/2011', 'S', 'C2', 'U1', '01/02/13', 'E3')),
      reviews(),
      ['--year-end', '2013-03-31'],
    );

    // Assess
    expect(withoutIds(run.events)).toEqual([
      became('C1', '2011-06-15'),
      ceased('C1', '2013-02-01'),
    ]);
  });

  it('a two-digit DEC that can only be read a century on is refused as impossible', async () => {
    // Act: DECOM 2016-10-01, DEC 15/09/15: 2015 is before DECOM, 2115 is over 18 years on.
    const run = await importTables(
      episodes(episode('C1', '01/10/2016', 'S', 'C2', 'U1', '15/09/15', 'E3')),
    );

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('episodes.csv:2: DEC: impossible date: is more than 18 years');
  });
});

describe('import-903: real files are messy', () => {
  it('reads a BOM, CRLF line endings and quoted fields, one of them over two lines, and names true lines', async () => {
    // Prepare: header line 1; row on line 2; a row over lines 3-4; a bad row on line 5.
    const text =
      `\uFEFF${EPISODES_HEADER}\r\n` +
      `"C1","02/01/2017","S","C2","N1","U1","PR1","01/03/2017","X1","CARPL","${POSTCODE}","${PLACEMENT_POSTCODE}","${URN}"\r\n` +
      `C1,01/03/2017,P,C2,N1,U3,PR1,,,"first line\r\nsecond line",${POSTCODE},,\r\n` +
      'C2,31/02/2017,S,C2,N1,U1,PR1,,,,,,\r\n';

    // Act
    const run = await importTables(text);

    // Assess
    expect(run.code).toBe(3);
    expect(withoutIds(run.events)).toEqual([became('C1', '2017-01-02')]);
    expect(run.stderr).toContain(
      'episodes.csv:5: DECOM: impossible date: must be a real date written dd/mm/yyyy',
    );
    expect(accountOf(run.stderr, 'episodes')).toEqual({
      read: 3,
      imported: 1,
      warned: 0,
      notNeeded: 1,
      refused: 1,
    });
  });

  it('takes the columns in any order and any case, and ignores extra ones', async () => {
    // Prepare
    const text = [
      'urn,Notes,child,decom,rne,ls,cin,place,place_provider,dec,rec,reason_place_change,home_post,pl_post',
      `${URN},anything,C1,02/01/2017,S,C2,N1,U1,PR1,,,,${POSTCODE},`,
    ].join('\n');

    // Act
    const run = await importTables(text);

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([became('C1', '2017-01-02')]);
  });

  it('repeated rows are not needed; a review repeated with another code is refused', async () => {
    // Prepare
    const rows = [
      episode('C1', '02/01/2017', 'S', 'C2', 'U1'),
      episode('C1', '02/01/2017', 'S', 'C2', 'U1'),
    ];
    const reviewRows = [
      review('C1', '27/01/2017', 'PN1'),
      review('C1', '27/01/2017', 'PN1'),
      review('C1', '27/01/2017', 'PN6'),
    ];

    // Act
    const run = await importTables(episodes(...rows), reviews(...reviewRows));

    // Assess
    expect(withoutIds(run.events)).toEqual([became('C1', '2017-01-02'), held('C1', '2017-01-27')]);
    expect(accountOf(run.stderr, 'episodes')).toEqual({
      read: 2,
      imported: 1,
      warned: 0,
      notNeeded: 1,
      refused: 0,
    });
    expect(accountOf(run.stderr, 'reviews')).toEqual({
      read: 3,
      imported: 1,
      warned: 0,
      notNeeded: 1,
      refused: 1,
    });
    expect(run.stderr).toContain('reviews.csv:4: REVIEW_CODE: conflicting duplicate');
    expect(run.stderr).toMatch(/episodes, duplicate row: 1/);
  });
});

describe('import-903: reviews fall within periods of care', () => {
  it('a re-entry gives two periods; reviews before, between and after them, or for a child never in care, are refused', async () => {
    // Prepare: C1 looked after 2017-01-02..2017-03-31 (E8), again from 2017-06-01.
    // C2 looked after 2017-01-02..2017-02-28 (E3).
    const rows = [
      episode('C1', '02/01/2017', 'S', 'C2', 'U1', '31/03/2017', 'E8'),
      episode('C1', '01/06/2017', 'S', 'C2', 'U1'),
      episode('C2', '02/01/2017', 'S', 'C2', 'U1', '28/02/2017', 'E3'),
    ];
    const reviewRows = [
      review('C1', '01/01/2017'), // line 2: the day before the first period: refused
      review('C1', '02/01/2017'), // line 3: on its first day: within
      review('C1', '31/03/2017'), // line 4: on its last day: within
      review('C1', '15/04/2017'), // line 5: between the periods: refused
      review('C1', '01/06/2017'), // line 6: first day of the re-entry: within
      review('C2', '01/03/2017'), // line 7: the day after C2 left care: refused
      review('C9', '10/10/2017'), // line 8: C9 has no period at all: refused
    ];

    // Act
    const run = await importTables(episodes(...rows), reviews(...reviewRows));

    // Assess: on a day a period starts, the start comes first; on its last day, the end last.
    expect(run.code).toBe(3);
    expect(withoutIds(run.events)).toEqual([
      became('C1', '2017-01-02'),
      held('C1', '2017-01-02'),
      held('C1', '2017-03-31'),
      ceased('C1', '2017-03-31'),
      became('C1', '2017-06-01'),
      held('C1', '2017-06-01'),
      became('C2', '2017-01-02'),
      ceased('C2', '2017-02-28'),
    ]);
    for (const line of [2, 5, 7, 8]) {
      expect(run.stderr).toContain(
        `reviews.csv:${line}: REVIEW: review outside any period of care`,
      );
    }
    expect(accountOf(run.stderr, 'reviews')).toEqual({
      read: 7,
      imported: 3,
      warned: 0,
      notNeeded: 0,
      refused: 4,
    });
    expect(run.stderr).toContain('reviews, review outside any period of care: 4');
  });

  it('carries the participation code, and leaves it out when the return has none', async () => {
    // Act
    const run = await importTables(
      episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1')),
      reviews(review('C1', '27/01/2017', 'PN7'), review('C1', '20/04/2017', '')),
      YEAR_END_2018,
    );

    // Assess
    expect(withoutIds(run.events)).toEqual([
      became('C1', '2017-01-02'),
      held('C1', '2017-01-27', 'PN7'),
      { type: 'LacReviewHeld', childId: 'C1', date: '2017-04-20' },
    ]);
  });
});

describe('import-903: a row that cannot become an event is named, and the rest goes on', () => {
  const good = episode('C7', '02/01/2017', 'S', 'C2', 'U1');

  it.each([
    ['an unknown LS', [episode('C1', '02/01/2017', 'S', 'Z9', 'U1')], 'LS: unknown code'],
    ['an unknown RNE', [episode('C1', '02/01/2017', 'X', 'C2', 'U1')], 'RNE: unknown code'],
    [
      'an unknown REC',
      [episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'E99')],
      'REC: unknown code',
    ],
    ['an unknown PLACE', [episode('C1', '02/01/2017', 'S', 'C2', 'A2')], 'PLACE: unknown code'],
    [
      'an impossible DECOM',
      [episode('C1', '31/02/2017', 'S', 'C2', 'U1')],
      'DECOM: impossible date',
    ],
    ['a missing DECOM', [episode('C1', '', 'S', 'C2', 'U1')], 'DECOM: missing value: is required'],
    ['a missing CHILD', [episode('', '02/01/2017', 'S', 'C2', 'U1')], 'CHILD: missing value'],
    [
      'a CHILD over 128 characters',
      [episode('C'.repeat(129), '02/01/2017', 'S', 'C2', 'U1')],
      'CHILD: invalid reference: must be at most 128 characters',
    ],
    ['a short row', ['C1,02/01/2017,S'], 'missing column: the row has 3 fields and the header 13'],
    ['a long row', [`${episode('C1', '02/01/2017', 'S', 'C2', 'U1')},x`], 'too many fields'],
    [
      'DEC before DECOM',
      [episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/01/2017', 'E3')],
      'DEC: episode ends before it starts',
    ],
    [
      'DEC without REC',
      [episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', '')],
      'REC: missing value',
    ],
  ])('%s', async (_, rows, message) => {
    // Act
    const run = await importTables(episodes(...rows, good));

    // Assess: line 2 refused, line 3 (C7) imported.
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`episodes.csv:2: ${message}`);
    expect(withoutIds(run.events)).toEqual([became('C7', '2017-01-02')]);
    expect(accountOf(run.stderr, 'episodes')).toEqual({
      read: 2,
      imported: 1,
      warned: 0,
      notNeeded: 0,
      refused: 1,
    });
    expectNoPersonalData(run.stdout + run.stderr);
  });

  it.each([
    [
      'an episode that starts before the previous one ended',
      [
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1'),
        episode('C1', '15/02/2017', 'P', 'C2', 'U3'),
      ],
      'episodes.csv:3: DECOM: episode overlaps the previous one: is before the end (DEC) of the episode on line 2',
    ],
    [
      'an episode after one that never ended',
      [episode('C1', '02/01/2017', 'S', 'C2', 'U1'), episode('C1', '01/03/2017', 'P', 'C2', 'U3')],
      'episodes.csv:3: DECOM: episode overlaps the previous one: starts while the episode on line 2',
    ],
    [
      'S while the period goes on (the previous episode ended X1)',
      [
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1'),
        episode('C1', '01/03/2017', 'S', 'C2', 'U3'),
      ],
      'episodes.csv:3: RNE: S episode within a period of care',
    ],
    [
      'a change within a period after the period ended',
      [
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'E3'),
        episode('C1', '01/04/2017', 'P', 'C2', 'U3'),
      ],
      'episodes.csv:3: RNE: change outside a period of care',
    ],
  ])('%s', async (_, rows, message) => {
    // Act
    const run = await importTables(episodes(...rows));

    // Assess: the first row's events stand; the second row is refused.
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(message);
    expect(accountOf(run.stderr, 'episodes').refused).toBe(1);
  });

  it.each([
    [
      'an unknown participation code',
      review('C1', '27/01/2017', 'PN9'),
      'REVIEW_CODE: unknown code',
    ],
    [
      'a review before birth',
      review('C1', '27/01/2017', 'PN0', '01/02/2017'),
      'REVIEW: review before birth',
    ],
    ['an impossible DOB', review('C1', '27/01/2017', 'PN1', '30/02/2009'), 'DOB: impossible date'],
    ['a missing REVIEW', review('C1', '', 'PN1'), 'REVIEW: missing value'],
  ])('reviews: %s', async (_, row, message) => {
    // Act
    const run = await importTables(
      episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1')),
      reviews(row, review('C1', '20/04/2017')),
      YEAR_END_2018,
    );

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`reviews.csv:2: ${message}`);
    expect(withoutIds(run.events)).toEqual([became('C1', '2017-01-02'), held('C1', '2017-04-20')]);
    expectNoPersonalData(run.stdout + run.stderr);
  });

  it('a review on the day a child turns 4 is no longer PN0', async () => {
    // Prepare: born 27/01/2013, reviewed 27/01/2017: 4 that day.
    const run = await importTables(
      episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1')),
      reviews(review('C1', '27/01/2017', 'PN1', '27/01/2013')),
    );

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([became('C1', '2017-01-02'), held('C1', '2017-01-27')]);
  });
});

describe('import-903: a file that is not the table exits 2 and writes nothing', () => {
  const okEpisodes = episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1'));
  const okReviews = reviews(review('C1', '27/01/2017'));

  it.each([
    [
      'the reviews table given as episodes',
      { 'e.csv': okReviews, 'r.csv': okReviews },
      'e.csv:1: the header is not that of this table: missing column DECOM, RNE',
    ],
    [
      'a header with a column missing',
      { 'e.csv': okEpisodes, 'r.csv': 'CHILD,DOB,REVIEW\nC1,x,y\n' },
      'r.csv:1: the header is not that of this table: missing column REVIEW_CODE',
    ],
    [
      'a quote never closed',
      { 'e.csv': `${okEpisodes}C2,"01/01/2017,S\n`, 'r.csv': okReviews },
      'e.csv:3: is not CSV that can be read (CSV_QUOTE_NOT_CLOSED)',
    ],
    ['an empty file', { 'e.csv': '', 'r.csv': okReviews }, 'e.csv: is empty: no header row'],
    ['a missing file', { 'e.csv': okEpisodes }, 'r.csv: cannot read the file (ENOENT)'],
  ])('%s', async (_, files, message) => {
    // Prepare
    const before = '{"type":"BecameLookedAfter","childId":"C0","date":"2016-01-04"}\n';

    // Act
    const run = await run903(
      ['import-903', '--episodes', 'e.csv', '--reviews', 'r.csv', '--out', 'out.jsonl'],
      { ...files, 'out.jsonl': before },
    );

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('nothing written');
    expect(run.files['out.jsonl']).toBe(before);
  });

  it('requires both tables', async () => {
    // Act
    const run = await run903(['import-903', '--episodes', 'e.csv'], { 'e.csv': okEpisodes });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--episodes FILE and --reviews FILE are required');
  });

  it.each([
    [
      'a go-live date that is no date',
      '{"recordKeepingFrom":"2017-02-30"}',
      'council.json: recordKeepingFrom: must be a real date written YYYY-MM-DD',
    ],
    ['a configuration that is not JSON', '{recordKeepingFrom:', 'council.json: is not valid JSON'],
    [
      'a missing configuration',
      undefined,
      'council.json: cannot read the configuration file (ENOENT)',
    ],
  ])('%s given as --config', async (_, config, message) => {
    // Prepare
    const before = '{"type":"BecameLookedAfter","childId":"C0","date":"2016-01-04"}\n';
    const files: Record<string, string> = { 'e.csv': okEpisodes, 'r.csv': okReviews };
    if (config !== undefined) files['council.json'] = config;

    // Act
    const run = await run903(
      [
        'import-903',
        '--episodes',
        'e.csv',
        '--reviews',
        'r.csv',
        '--out',
        'out.jsonl',
        '--config',
        'council.json',
      ],
      { ...files, 'out.jsonl': before },
    );

    // Assess: refused before any row is read; the value sent is not echoed
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toContain('2017-02-30');
    expect(run.stderr).toContain('nothing written');
    expect(run.files['out.jsonl']).toBe(before);
  });
});

describe('import-903: the same files twice store nothing new; next year adds only what is new', () => {
  const args = (year: string) => [
    'import-903',
    '--episodes',
    `episodes-${year}.csv`,
    '--reviews',
    `reviews-${year}.csv`,
    '--out',
    'history.jsonl',
  ];
  // 2016-17 return: C1 came into care 2017-01-02, reviewed 2017-01-27.
  // 2017-18 return: the same episode again, now ended X1 on 2017-06-01, then placed for
  // adoption (A4) under a placement order (E1); reviews 2017-04-20 and 2017-06-10.
  const files = {
    'episodes-2017.csv': episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1')),
    'reviews-2017.csv': reviews(review('C1', '27/01/2017')),
    'episodes-2018.csv': episodes(
      episode('C1', '02/01/2017', 'S', 'C2', 'U1', '01/06/2017', 'X1'),
      episode('C1', '01/06/2017', 'P', 'E1', 'A4'),
    ),
    'reviews-2018.csv': reviews(review('C1', '20/04/2017'), review('C1', '10/06/2017')),
  };

  it('gives every event an id derived from its type, child and date', async () => {
    // Act
    const run = await importTables(files['episodes-2017.csv']);

    // Assess: sha256 of "BecameLookedAfter\0C1\02017-01-02", base64url, first 32 characters.
    const digest = createHash('sha256')
      .update('BecameLookedAfter\u0000C1\u00002017-01-02')
      .digest('base64url');
    expect(run.events[0]?.eventId).toBe(`ssda903-${digest.slice(0, 32)}`);
  });

  it('imports, imports again unchanged, then adds next year', async () => {
    // Act
    const first = await run903(args('2017'), files);
    const again = await run903(args('2017'), first.files);
    const next = await run903(args('2018'), again.files);

    // Assess
    const history = (run: typeof first) =>
      (run.files['history.jsonl'] ?? '')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first.code).toBe(0);
    expect(withoutIds(history(first))).toEqual([
      became('C1', '2017-01-02'),
      held('C1', '2017-01-27'),
    ]);
    expect(again.code).toBe(0);
    expect(again.files['history.jsonl']).toBe(first.files['history.jsonl']);
    expect(again.stderr).toContain('events written: 0');
    expect(accountOf(again.stderr, 'episodes')).toEqual({
      read: 1,
      imported: 0,
      warned: 0,
      notNeeded: 1,
      refused: 0,
    });
    expect(again.stderr).toContain('episodes, already imported: 1');
    expect(next.code).toBe(0);
    // Only the new: the order and placement of 2017-06-01 and the two new reviews.
    expect(withoutIds(history(next))).toEqual([
      became('C1', '2017-01-02'),
      held('C1', '2017-01-27'),
      held('C1', '2017-04-20'),
      placementOrder('C1', '2017-06-01'),
      placedForAdoption('C1', '2017-06-01'),
      held('C1', '2017-06-10'),
    ]);
    expect(next.stderr).toContain('events written: 4');
  });

  it('an episode continuing a period already imported starts nothing new', async () => {
    // Prepare: history has C5 looked after since 2016-05-02; this file starts inside it.
    const before = `${JSON.stringify(became('C5', '2016-05-02'))}\n`;
    const run = await run903(args('x'), {
      'history.jsonl': before,
      'episodes-x.csv': episodes(episode('C5', '01/02/2017', 'P', 'C2', 'U1', '01/03/2017', 'E3')),
      'reviews-x.csv': reviews(review('C5', '15/11/2016')),
    });

    // Assess: no second start; the end and the review inside the known period are added.
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('taken to start on their first episode');
    expect(withoutIds(run.events)).toEqual([]);
    const added = (run.files['history.jsonl'] ?? '').slice(before.length).trim().split('\n');
    expect(withoutIds(added.map((l) => JSON.parse(l)))).toEqual([
      held('C5', '2016-11-15'),
      ceased('C5', '2017-03-01'),
    ]);
  });

  it('nothing bypasses the planner: a start while already looked after, and a review changed since, are refused rows', async () => {
    // Prepare: the first import stores C1's review of 2017-01-27 as PN1.
    const first = await run903(args('2017'), files);
    const history = first.files['history.jsonl'] ?? '';
    const later = {
      ...first.files,
      'history.jsonl': `${history}${JSON.stringify(became('C2', '2016-05-02'))}\n`,
      'episodes-y.csv': episodes(episode('C2', '02/01/2017', 'S', 'C2', 'U1')),
      'reviews-y.csv': reviews(review('C1', '27/01/2017', 'PN6')),
    };

    // Act
    const run = await run903(args('y'), later);

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'episodes-y.csv:2: DECOM: refused by the planner: BecameLookedAfter: the child is already looked after, since 2016-05-02',
    );
    expect(run.stderr).toMatch(
      /reviews-y\.csv:2: REVIEW: refused by the planner: LacReviewHeld: eventId ssda903-\S+ was already used by event 2 for a different event/,
    );
    expect(run.files['history.jsonl']).toBe(later['history.jsonl']);
  });
});

describe('import-903: new events never make the history already stored contradict itself', () => {
  const args = [
    'import-903',
    '--episodes',
    'e.csv',
    '--reviews',
    'r.csv',
    '--out',
    'history.jsonl',
  ];

  it('a start earlier than one already recorded, with no end, is refused: it would make the recorded start a contradiction', async () => {
    // Prepare: C3 recorded as looked after from 2017-06-01; the file says from 2017-01-02, still open.
    const before = `${JSON.stringify({ ...became('C3', '2017-06-01'), eventId: 'manual-1' })}\n`;

    // Act
    const run = await run903(args, {
      'history.jsonl': before,
      'e.csv': episodes(episode('C3', '02/01/2017', 'S', 'C2', 'U1')),
      'r.csv': reviews(),
    });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'e.csv:2: DECOM: refused by the planner: BecameLookedAfter: it contradicts an event already recorded (BecameLookedAfter manual-1): the child is already looked after, since 2017-01-02',
    );
    expect(run.files['history.jsonl']).toBe(before);
  });

  it.each([
    {
      rule: 'its end',
      // The S row gives BecameLookedAfter 2017-01-02 (DECOM) and CeasedLookedAfter
      // 2017-03-01 (DEC, REC E4A). The start contradicts the period recorded since
      // 2016-01-01; the end alone would close that period on a date no row says it ended.
      row: episode('C6', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'E4A'),
    },
    {
      rule: 'its placement order and adoptive placement',
      // The S row gives BecameLookedAfter, PlacementOrderMade (LS E1) and PlacedForAdoption
      // (PLACE A5), all on 2017-01-02: the start contradicts the recorded period, and the
      // other two alone would land in that period.
      row: episode('C6', '02/01/2017', 'S', 'E1', 'A5'),
    },
  ])('a row refused by the planner stores none of its events, not even $rule', async ({ row }) => {
    // Prepare: C6 recorded as looked after from 2016-01-01, still open.
    const before = `${JSON.stringify({ ...became('C6', '2016-01-01'), eventId: 'manual-6' })}\n`;

    // Act
    const run = await run903(args, {
      'history.jsonl': before,
      'e.csv': episodes(row),
      'r.csv': reviews(),
    });

    // Assess: the row is refused, so nothing of it is written: 1 read = 0 + 0 + 1 refused.
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'e.csv:2: DECOM: refused by the planner: BecameLookedAfter: the child is already looked after, since 2016-01-01',
    );
    expect(accountOf(run.stderr, 'episodes')).toEqual({
      read: 1,
      imported: 0,
      warned: 0,
      notNeeded: 0,
      refused: 1,
    });
    expect(run.stderr).toContain('events written: 0');
    expect(run.files['history.jsonl']).toBe(before);
  });

  it('an --out file that is not a consistent history stops the import: exit 2, nothing written', async () => {
    // Prepare: a review for a child never looked after.
    const before = `${JSON.stringify(held('C4', '2017-01-27'))}\n`;

    // Act
    const run = await run903(args, {
      'history.jsonl': before,
      'e.csv': episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1')),
      'r.csv': reviews(),
    });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'history.jsonl: the events already there are not a consistent history',
    );
    expect(run.files['history.jsonl']).toBe(before);
  });
});

describe('import-903 then obligations: the clocks of a small imported authority', () => {
  it('gives the clocks worked out by hand', async () => {
    // Prepare
    // A: in care 2017-01-02, reviewed 2017-01-27: due 2017-01-27 + 3 months = 2017-04-27.
    // B: in care 2017-01-02, reviews 2017-01-27 and 2017-04-20, placed for adoption (A3)
    //    2017-06-01: no review since, due 2017-06-01 + 28 days = 2017-06-29 (base 2017-10-20).
    // C: in care 2017-02-01, reviews 2017-02-20 and 2017-02-27 (base 2017-08-27), placement
    //    order 2017-03-01 with no review since: due 2017-03-01 + 3 months = 2017-06-01.
    // D: in care 2017-01-02, left 2017-03-31 (E4A): nothing open.
    // E: in care from 2017-05-02 (Tuesday): 20 working days, skipping 29 May (bank holiday):
    //    May 3-5 (3), 8-12 (8), 15-19 (13), 22-26 (18), 30, 31 (20): due 2017-05-31.
    const episodesCsv = episodes(
      episode('A', '02/01/2017', 'S', 'C2', 'U1'),
      episode('B', '02/01/2017', 'S', 'E1', 'U1', '01/06/2017', 'X1'),
      episode('B', '01/06/2017', 'P', 'E1', 'A3'),
      episode('C', '01/02/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1'),
      episode('C', '01/03/2017', 'L', 'E1', 'U1'),
      episode('D', '02/01/2017', 'S', 'C2', 'U1', '31/03/2017', 'E4A'),
      episode('E', '02/05/2017', 'S', 'C2', 'U1'),
    );
    const reviewsCsv = reviews(
      review('A', '27/01/2017'),
      review('B', '27/01/2017'),
      review('B', '20/04/2017'),
      review('C', '20/02/2017'),
      review('C', '27/02/2017'),
      review('D', '27/01/2017'),
    );
    // B's placement order was on its first episode (2017-01-02), reviewed since: no trigger.
    // The council goes live on 2 June 2017, after the whole imported history: the return
    // says nothing of records shared, so none of its reviews opens a record obligation.
    const council = JSON.stringify({ recordKeepingFrom: '2017-06-02' });
    const imported = await run903(
      [
        'import-903',
        '--episodes',
        'e.csv',
        '--reviews',
        'r.csv',
        '--out',
        'history.jsonl',
        '--config',
        'council.json',
      ],
      { 'e.csv': episodesCsv, 'r.csv': reviewsCsv, 'council.json': council },
    );
    const obligationsOf = (...config: string[]) =>
      run903(['obligations', '--events', 'history.jsonl', '--as-of', '2017-06-02', ...config], {
        ...imported.files,
      });

    // Act
    const obligations = await obligationsOf('--config', 'council.json');
    const unconfigured = await obligationsOf();

    // Assess
    expect(imported.code).toBe(0);
    expect(obligations.code).toBe(0);
    const open = (
      JSON.parse(obligations.stdout) as { subjectId: string; due: string; kind: string }[]
    )
      .map(({ kind, subjectId, due }) => ({ kind, subjectId, due }))
      .sort((a, b) => (a.subjectId < b.subjectId ? -1 : 1));
    expect(open).toEqual([
      { kind: 'lac-review', subjectId: 'A', due: '2017-04-27' },
      { kind: 'lac-review', subjectId: 'B', due: '2017-06-29' },
      { kind: 'lac-review', subjectId: 'C', due: '2017-06-01' },
      { kind: 'lac-review', subjectId: 'E', due: '2017-05-31' },
    ]);
    // Without the go-live date every imported review opens its records, all overdue: 6
    // reviews (A 1, B 2, C 2, D 1), each a review-decisions and a review-record. A's review
    // on Fri 27 Jan 2017: decisions due 30 Jan-3 Feb (5 working days) = 2017-02-03.
    expect(unconfigured.code).toBe(0);
    const records = (
      JSON.parse(unconfigured.stdout) as {
        subjectId: string;
        refId?: string;
        due: string;
        kind: string;
        overdue: boolean;
      }[]
    ).filter((o) => o.kind === 'review-decisions' || o.kind === 'review-record');
    expect(records).toHaveLength(12);
    expect(records.every((o) => o.overdue)).toBe(true);
    expect(records).toContainEqual(
      expect.objectContaining({
        kind: 'review-decisions',
        subjectId: 'A',
        refId: '2017-01-27',
        due: '2017-02-03',
      }),
    );
    expectNoPersonalData(imported.files['history.jsonl'] ?? '');
  });
});

describe('import-903: personal data is read to check rows, then dropped', () => {
  it('writes no DOB, postcode or URN, and prints none', async () => {
    // Act
    const run = await importTables(
      episodes(
        episode('C1', '02/01/2017', 'S', 'C2', 'U1', '31/03/2017', 'E3'),
        'C2,bad,S,,,,,,,,ZQ9 8,ZQ7 6,SC987654',
      ),
      reviews(review('C1', '27/01/2017'), `C1,${DOB},bad,PN1`),
    );

    // Assess
    expect(run.code).toBe(3);
    expectNoPersonalData(run.stdout + run.stderr);
    expect(run.stderr).toContain('episodes.csv:3: DECOM: impossible date');
    expect(run.stderr).toContain('reviews.csv:3: REVIEW: impossible date');
  });
});

describe('import-903 on real files', () => {
  it('streams the tables from disk, appends to --out, and exits 3 from the process when rows are refused', () => {
    // Prepare: a BOM and CRLF episodes file; one review outside any period (line 3).
    const dir = mkdtempSync(join(tmpdir(), 'import-903-'));
    try {
      const episodesFile = join(dir, 'episodes.csv');
      const reviewsFile = join(dir, 'reviews.csv');
      const out = join(dir, 'history.jsonl');
      writeFileSync(
        episodesFile,
        `\uFEFF${[EPISODES_HEADER, episode('C1', '02/01/2017', 'S', 'C2', 'U1')].join('\r\n')}\r\n`,
      );
      writeFileSync(reviewsFile, reviews(review('C1', '27/01/2017'), review('C1', '01/01/2017')));
      const root = fileURLToPath(new URL('../../../', import.meta.url));
      const cli = (...extra: string[]) =>
        spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            join(root, 'functions/cli/iro-run.ts'),
            'import-903',
            '--episodes',
            episodesFile,
            '--reviews',
            reviewsFile,
            ...extra,
          ],
          { cwd: root, encoding: 'utf8', timeout: 60_000 },
        );

      // Act
      const run = cli('--out', out);

      // Assess
      expect(run.status).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${reviewsFile}:3: REVIEW: review outside any period of care`);
      const written = readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(withoutIds(written)).toEqual([became('C1', '2017-01-02'), held('C1', '2017-01-27')]);
      expectNoPersonalData(readFileSync(out, 'utf8') + run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('import-903: at the edges (each pinned by a one-line change that once passed every test)', () => {
  it('a same-day episode (DEC on DECOM) starts and ends the period that day', async () => {
    // Act
    const run = await importTables(
      episodes(episode('C1', '02/01/2017', 'S', 'C2', 'U1', '02/01/2017', 'E3')),
    );

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      became('C1', '2017-01-02'),
      ceased('C1', '2017-01-02'),
    ]);
  });

  it('a change episode on the day a recorded period ended starts a new period, not the ended one', async () => {
    // Prepare: C5 recorded looked after from 2016-05-02 to 2016-09-01.
    const before = [became('C5', '2016-05-02'), ceased('C5', '2016-09-01')]
      .map((e) => `${JSON.stringify(e)}\n`)
      .join('');

    // Act: the file's first episode for C5 is a change (P) on 2016-09-01
    const run = await run903(
      ['import-903', '--episodes', 'e.csv', '--reviews', 'r.csv', '--out', 'history.jsonl'],
      {
        'history.jsonl': before,
        'e.csv': episodes(episode('C5', '01/09/2016', 'P', 'C2', 'U1')),
        'r.csv': reviews(),
      },
    );

    // Assess
    expect(run.code).toBe(0);
    const added = (run.files['history.jsonl'] ?? '').slice(before.length).trim().split('\n');
    // The file's first episode is a change, so the file says C5 was already in care that
    // day: a period started before the return, not the ended one reopened.
    expect(withoutIds(added.map((l) => JSON.parse(l)))).toEqual([
      { ...became('C5', '2016-09-01'), startedBeforeRecords: true },
    ]);
  });

  it('tallies a row breaking several rules under its first', async () => {
    // Act: an impossible DECOM, then an unknown RNE, LS and PLACE, in the order of the columns
    const run = await importTables(episodes(episode('C1', '31/02/2017', 'X', 'Z9', 'A2')));

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('rows refused: 1\n    episodes, impossible date: 1\n');
  });
});
