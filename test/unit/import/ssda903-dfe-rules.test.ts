/**
 * `cli import-903` against the DfE's validation rules for the children-looked-after
 * return (as data-to-insight's public validator, csc-validator-be-903, codes them): a
 * row whose only fault is a field the clocks do not need is imported with a warning
 * naming the rule; a date after the return's year end or after today is refused. Every
 * fixture is small and worked by hand.
 */
import { describe, expect, it } from 'vitest';
import {
  accountOf,
  episode,
  episodes,
  importTables,
  review,
  reviews,
  run903,
  withoutIds,
} from './support.js';

/** Today, for every run here: no test depends on the day it runs. */
const TODAY = '2026-12-07';

const became = (childId: string, date: string) => ({ type: 'BecameLookedAfter', childId, date });
const ceased = (childId: string, date: string) => ({ type: 'CeasedLookedAfter', childId, date });
const held = (childId: string, date: string, participation?: string) => ({
  type: 'LacReviewHeld',
  childId,
  date,
  ...(participation === undefined ? {} : { participation }),
});

describe('import-903: placement codes are the collection year’s own', () => {
  it.each([
    // The default year end is the 31 March on or after the latest DECOM (2024-05-01): 2025-03-31, 2024/25.
    ['K3 in 2024/25 (K3 added that year), by the default year end', 'K3', '01/05/2024', [], true],
    ['K3 in 2023/24', 'K3', '01/05/2023', ['--year-end', '2024-03-31'], false],
    ['H5 in 2024/25', 'H5', '01/05/2024', [], true],
    ['H5 in 2025/26 (dropped)', 'H5', '01/05/2025', [], false],
    ['Z1 in 2025/26 (dropped)', 'Z1', '01/05/2025', [], false],
    ['Z11 in 2025/26 (added)', 'Z11', '01/05/2025', [], true],
    ['Z14 in 2024/25 (not yet)', 'Z14', '01/05/2024', [], false],
    ['P2 in a 2017/18 return', 'P2', '01/05/2017', [], true],
  ])('%s', async (_, place, decom, extra, accepted) => {
    // Act
    const run = await importTables(
      episodes(episode('K', decom, 'S', 'C2', place)),
      reviews(),
      extra,
      TODAY,
    );

    // Assess
    if (accepted) {
      const [day, month, year] = decom.split('/');
      expect(run.code).toBe(0);
      expect(withoutIds(run.events)).toEqual([became('K', `${year}-${month}-${day}`)]);
    } else {
      expect(run.code).toBe(3);
      expect(run.events).toEqual([]);
      expect(run.stderr).toMatch(
        /episodes\.csv:2: PLACE: not a code of the year: is not a placement type in the DfE's list for 20\d\d\/\d\d \(DfE 146\)/,
      );
    }
  });

  it('a K3 placement keeps its period and its reviews', async () => {
    // Prepare: in care 2024-05-01 under K3, reviewed 2024-05-20; the year is 2024/25.
    const run = await importTables(
      episodes(episode('K', '01/05/2024', 'S', 'C2', 'K3')),
      reviews(review('K', '20/05/2024', 'PN1')),
      [],
      TODAY,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      became('K', '2024-05-01'),
      held('K', '2024-05-20', 'PN1'),
    ]);
    expect(run.stderr).toContain("return's year end: 2025-03-31 (the 2024/25 collection's codes)");
  });
});

describe('import-903: a participation code that does not fit the age is dropped, the review kept', () => {
  it('PN0 on the 4th birthday is kept (DfE 440 flags only later); PN0 the day after and PN3 the day before are dropped with a warning', async () => {
    // Prepare: born 27/01/2013, 4 on 2017-01-27. In care from 2017-01-02.
    // B, born the same day, is reviewed on the birthday with PN1: accepted too (DfE 441
    // flags only earlier reviews).
    const dob = '27/01/2013';
    const run = await importTables(
      episodes(
        episode('A', '02/01/2017', 'S', 'C2', 'U1'),
        episode('B', '02/01/2017', 'S', 'C2', 'U1'),
      ),
      reviews(
        review('A', '26/01/2017', 'PN3', dob), // under 4 with PN3: DfE 441
        review('A', '27/01/2017', 'PN0', dob), // the birthday: PN0 accepted
        review('A', '28/01/2017', 'PN0', dob), // over 4 with PN0: DfE 440
        review('B', '27/01/2017', 'PN1', dob), // the birthday: PN1 accepted
      ),
      [],
      TODAY,
    );

    // Assess: every review is held; only the birthday's keep their codes.
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      became('A', '2017-01-02'),
      held('A', '2017-01-26'),
      held('A', '2017-01-27', 'PN0'),
      held('A', '2017-01-28'),
      became('B', '2017-01-02'),
      held('B', '2017-01-27', 'PN1'),
    ]);
    expect(accountOf(run.stderr, 'reviews')).toEqual({
      read: 4,
      imported: 2,
      warned: 2,
      notNeeded: 0,
      refused: 0,
    });
    expect(run.stderr).toContain(
      'reviews.csv:2: REVIEW_CODE: DfE 441: PN1-PN7 for a child under 4:',
    );
    expect(run.stderr).toContain('reviews.csv:4: REVIEW_CODE: DfE 440: PN0 for a child 4 or over:');
    expect(run.stderr).not.toContain('reviews.csv:3:');
    expect(run.stderr).toContain('reviews, DfE 440: PN0 for a child 4 or over: 1');
  });
});

describe('import-903: nothing dated after the return’s year end, nor after today', () => {
  it('refuses a review after the year end and one after today, and an episode ending after the year end', async () => {
    // Prepare: the latest DECOM is 2017-01-02, so the year end is 2017-03-31. Today is 2026-12-07.
    const run = await importTables(
      episodes(
        episode('Y', '02/01/2017', 'S', 'C2', 'U1'),
        episode('Z', '02/01/2017', 'S', 'C2', 'U1', '01/04/2017', 'E3'), // DEC after: DfE 385
      ),
      reviews(
        review('Y', '27/01/2017', 'PN1'),
        review('Y', '03/04/2017', 'PN1'), // after the year end
        review('Y', '08/12/2026', 'PN1'), // after today
      ),
      [],
      TODAY,
    );

    // Assess
    expect(run.code).toBe(3);
    expect(withoutIds(run.events)).toEqual([
      became('Y', '2017-01-02'),
      held('Y', '2017-01-27', 'PN1'),
    ]);
    expect(run.stderr).toContain(
      "episodes.csv:3: DEC: after the year end: is after the return's year end (31 March 2017): DfE 385",
    );
    expect(run.stderr).toContain(
      "reviews.csv:3: REVIEW: after the year end: is after the return's year end (31 March 2017)",
    );
    expect(run.stderr).toContain(
      'reviews.csv:4: REVIEW: after today: is after today: a date yet to come cannot be imported',
    );
    expect(accountOf(run.stderr, 'reviews')).toEqual({
      read: 3,
      imported: 1,
      warned: 0,
      notNeeded: 0,
      refused: 2,
    });
  });

  it('takes the year end given (--year-end): a DECOM after it is refused (DfE 354), a review on it is kept', async () => {
    // Act
    const run = await importTables(
      episodes(
        episode('Y', '02/01/2017', 'S', 'C2', 'U1'),
        episode('W', '01/04/2017', 'S', 'C2', 'U1'),
      ),
      reviews(review('Y', '31/03/2017', 'PN1')),
      ['--year-end', '2017-03-31'],
      TODAY,
    );

    // Assess
    expect(run.code).toBe(3);
    expect(withoutIds(run.events)).toEqual([
      became('Y', '2017-01-02'),
      held('Y', '2017-03-31', 'PN1'),
    ]);
    expect(run.stderr).toContain('episodes.csv:3: DECOM: after the year end:');
    expect(run.stderr).toContain('DfE 354');
  });

  it('a year end after today still refuses what is after today', async () => {
    // Act: year end 2027-03-31, today 2026-12-07.
    const run = await importTables(
      episodes(episode('Y', '02/01/2026', 'S', 'C2', 'U1')),
      reviews(review('Y', '07/12/2026', 'PN1'), review('Y', '08/12/2026', 'PN1')),
      ['--year-end', '2027-03-31'],
      TODAY,
    );

    // Assess: today's review kept, tomorrow's refused.
    expect(withoutIds(run.events)).toEqual([
      became('Y', '2026-01-02'),
      held('Y', '2026-12-07', 'PN1'),
    ]);
    expect(run.stderr).toContain('reviews.csv:3: REVIEW: after today:');
  });

  it('a --year-end that is not a date is a usage error: exit 2, nothing written', async () => {
    // Act
    const run = await importTables(
      episodes(episode('Y', '02/01/2017', 'S', 'C2', 'U1')),
      reviews(),
      ['--year-end', '31/03/2017'],
      TODAY,
    );

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--year-end must be a real date written YYYY-MM-DD');
    expect(run.events).toEqual([]);
  });
});

describe('import-903: REC without DEC is an open episode, with a warning (DfE 148)', () => {
  it('imports the episode as open and its reviews', async () => {
    // Prepare: S on 2017-01-02 with REC E3 but no DEC: the child is in care; reviewed 2017-01-27.
    const run = await importTables(
      episodes(episode('R', '02/01/2017', 'S', 'C2', 'U1', '', 'E3')),
      reviews(review('R', '27/01/2017', 'PN1')),
      [],
      TODAY,
    );

    // Assess: no CeasedLookedAfter; the review is inside the open period.
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      became('R', '2017-01-02'),
      held('R', '2017-01-27', 'PN1'),
    ]);
    expect(accountOf(run.stderr, 'episodes')).toEqual({
      read: 1,
      imported: 0,
      warned: 1,
      notNeeded: 0,
      refused: 0,
    });
    expect(run.stderr).toContain(
      'episodes.csv:2: REC: DfE 148: reason ceased without an end date: a reason the episode ceased is given with no end date (DEC): imported as an open episode, without REC (warning: imported)',
    );
  });

  it('REC X1 without DEC is the same: an open episode, not a final X1', async () => {
    // Act
    const run = await importTables(
      episodes(episode('R', '02/01/2017', 'S', 'C2', 'U1', '', 'X1')),
      reviews(),
      [],
      TODAY,
    );

    // Assess: only DfE 148; the REC was left out, so no DfE 388.
    expect(withoutIds(run.events)).toEqual([became('R', '2017-01-02')]);
    expect(run.stderr).toContain('episodes.csv:2: REC: DfE 148');
    expect(run.stderr).not.toContain('DfE 388');
  });
});

describe('import-903: a final X1 leaves the period open, with a warning (DfE 388)', () => {
  it('names the row and closes nothing', async () => {
    // Prepare: S on 2017-01-02 ended 2017-03-01 X1, and no episode follows.
    const run = await importTables(
      episodes(episode('X', '02/01/2017', 'S', 'C2', 'U1', '01/03/2017', 'X1')),
      reviews(review('X', '27/01/2017', 'PN1')),
      [],
      TODAY,
    );

    // Assess
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      became('X', '2017-01-02'),
      held('X', '2017-01-27', 'PN1'),
    ]);
    expect(run.stderr).toContain('episodes.csv:2: REC: DfE 388: last episode ended X1:');
    expect(accountOf(run.stderr, 'episodes').warned).toBe(1);
  });

  it('a change that is not needed, ending X1 last, is still warned of', async () => {
    // Prepare: S ended X1 on 2017-02-01, then P ended X1 on 2017-03-01 with nothing after.
    const run = await importTables(
      episodes(
        episode('X', '02/01/2017', 'S', 'C2', 'U1', '01/02/2017', 'X1'),
        episode('X', '01/02/2017', 'P', 'C2', 'U3', '01/03/2017', 'X1'),
      ),
      reviews(),
      [],
      TODAY,
    );

    // Assess
    expect(withoutIds(run.events)).toEqual([became('X', '2017-01-02')]);
    expect(run.stderr).toContain('episodes.csv:3: REC: DfE 388');
    expect(run.stderr).not.toContain('episodes.csv:2: REC: DfE 388');
    expect(accountOf(run.stderr, 'episodes')).toEqual({
      read: 2,
      imported: 1,
      warned: 0,
      notNeeded: 1,
      refused: 0,
    });
  });
});

describe('import-903: a period already running when the file starts', () => {
  const importThenObligations = async (episodesCsv: string, reviewsCsv: string, asOf: string) => {
    const imported = await run903(
      ['import-903', '--episodes', 'e.csv', '--reviews', 'r.csv', '--out', 'history.jsonl'],
      { 'e.csv': episodesCsv, 'r.csv': reviewsCsv },
      TODAY,
    );
    const obligations = await run903(
      ['obligations', '--events', 'history.jsonl', '--as-of', asOf],
      imported.files,
    );
    const lac = (JSON.parse(obligations.stdout) as { kind: string; due: string }[]).filter(
      (o) => o.kind === 'lac-review',
    );
    const events = (imported.files['history.jsonl'] ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    return { imported, events, lac };
  };

  it('begins at the earliest review before its first episode, keeps that review, and sets the 6-month cycle', async () => {
    // Prepare: the file's first episode for P is a change (P) on 2017-02-01; a review on
    // 2016-11-10 shows the child in care before it. The period starts on 2016-11-10,
    // marked as begun before the records; with one review known the next is due
    // 2016-11-10 + 6 months = 2017-05-10 (not the 3 months of a second review, nor 20
    // working days of a first).
    const { imported, events, lac } = await importThenObligations(
      episodes(episode('P', '01/02/2017', 'P', 'C2', 'U1')),
      reviews(review('P', '10/11/2016', 'PN1')),
      '2017-03-01',
    );

    // Assess
    expect(imported.code).toBe(0);
    expect(withoutIds(events)).toEqual([
      { ...became('P', '2016-11-10'), startedBeforeRecords: true },
      held('P', '2016-11-10', 'PN1'),
    ]);
    expect(lac).toEqual([expect.objectContaining({ due: '2017-05-10' })]);
  });

  it('with no review in the file, begins at the first episode and the next review is due 6 months on', async () => {
    // Prepare: a change on 2017-02-01, no review: due 2017-02-01 + 6 months = 2017-08-01.
    const { events, lac } = await importThenObligations(
      episodes(episode('Q', '01/02/2017', 'T', 'C2', 'U1')),
      reviews(),
      '2017-03-01',
    );

    // Assess
    expect(withoutIds(events)).toEqual([
      { ...became('Q', '2017-02-01'), startedBeforeRecords: true },
    ]);
    expect(lac).toEqual([expect.objectContaining({ due: '2017-08-01' })]);
  });

  it('a first episode that is a change within the return’s year is warned of (DfE 357); one before it is not', async () => {
    // Prepare: year end 2017-03-31, so the year starts 2016-04-01.
    const run = await importTables(
      episodes(
        episode('M', '01/05/2016', 'P', 'C2', 'U1'), // in the year: 357
        episode('N', '01/03/2016', 'P', 'C2', 'U1'), // before the year: none
      ),
      reviews(),
      ['--year-end', '2017-03-31'],
      TODAY,
    );

    // Assess
    expect(run.stderr).toContain('episodes.csv:2: RNE: DfE 357: first episode is not S');
    expect(run.stderr).not.toContain('episodes.csv:3: RNE: DfE 357');
  });
});

describe('import-903: the DfE’s sequence rules, as warnings', () => {
  it('S on the day the previous period ended (DfE 431), and episodes after E2 (DfE 437)', async () => {
    // Prepare: G leaves care 2017-02-01 (E3) and starts again that day (S): two periods,
    // warned. H's episode ends E2 (died) on 2017-02-01, and a new S follows on 2017-03-01.
    const run = await importTables(
      episodes(
        episode('G', '02/01/2017', 'S', 'C2', 'U1', '01/02/2017', 'E3'),
        episode('G', '01/02/2017', 'S', 'C2', 'U1'),
        episode('H', '02/01/2017', 'S', 'C2', 'U1', '01/02/2017', 'E2'),
        episode('H', '01/03/2017', 'S', 'C2', 'U1'),
      ),
      reviews(),
      [],
      TODAY,
    );

    // Assess
    expect(withoutIds(run.events)).toEqual([
      became('G', '2017-01-02'),
      ceased('G', '2017-02-01'),
      became('G', '2017-02-01'),
      became('H', '2017-01-02'),
      ceased('H', '2017-02-01'),
      became('H', '2017-03-01'),
    ]);
    expect(run.stderr).toContain(
      'episodes.csv:3: RNE: DfE 431: S on the day the previous episode ended',
    );
    expect(run.stderr).toContain(
      'episodes.csv:5: DECOM: DfE 437: episodes after the child died or turned 18',
    );
  });
});

describe('import-903: legal status V3 or V4 is a series of short breaks, not care (CPPCR 2010 reg 48)', () => {
  const arrangement = (type: string, childId: string, date: string) => ({ type, childId, date });

  it('a short-breaks child with two reviews: an arrangement and its reviews, on the short-breaks clock', async () => {
    // Prepare: SB's short breaks (V3) begin on 2017-02-06, reviewed 2017-04-28 and
    // 2017-10-20. By hand: the next review within 6 months of 2017-10-20, by 2018-04-20;
    // no looked-after review clock.
    const imported = await run903(
      [
        'import-903',
        '--episodes',
        'e.csv',
        '--reviews',
        'r.csv',
        '--out',
        'history.jsonl',
        '--year-end',
        '2018-03-31',
      ],
      {
        'e.csv': episodes(episode('SB', '06/02/2017', 'S', 'V3', 'U1')),
        'r.csv': reviews(review('SB', '28/04/2017', 'PN1'), review('SB', '20/10/2017', 'PN1')),
      },
      TODAY,
    );
    const obligations = await run903(
      ['obligations', '--events', 'history.jsonl', '--as-of', '2017-10-20'],
      imported.files,
    );

    // Assess
    expect(imported.code).toBe(0);
    const events = (imported.files['history.jsonl'] ?? '')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(withoutIds(events)).toEqual([
      arrangement('ShortBreaksStarted', 'SB', '2017-02-06'),
      held('SB', '2017-04-28', 'PN1'),
      held('SB', '2017-10-20', 'PN1'),
    ]);
    const open = (JSON.parse(obligations.stdout) as { kind: string; due: string }[])
      .filter((o) => o.kind === 'short-breaks-review' || o.kind === 'lac-review')
      .map(({ kind, due }) => ({ kind, due }));
    expect(open).toEqual([{ kind: 'short-breaks-review', due: '2018-04-20' }]);
  });

  it('an arrangement that ends gives ShortBreaksEnded; one that turns into care ends and a period of care begins', async () => {
    // Prepare: V4 from 2017-02-01, ended 2017-03-20 (E8). SW: V3 from 2017-02-01, ended
    // X1 on 2017-03-01, then a change (P) to C2 (care) on 2017-03-01, still open.
    const run = await importTables(
      episodes(
        episode('V', '01/02/2017', 'S', 'V4', 'U1', '20/03/2017', 'E8'),
        episode('SW', '01/02/2017', 'S', 'V3', 'U1', '01/03/2017', 'X1'),
        episode('SW', '01/03/2017', 'P', 'C2', 'U1'),
      ),
      reviews(),
      [],
      TODAY,
    );

    // Assess: on 2017-03-01 care begins, then the short breaks end (the clocks side by side).
    expect(run.code).toBe(0);
    expect(withoutIds(run.events)).toEqual([
      arrangement('ShortBreaksStarted', 'V', '2017-02-01'),
      arrangement('ShortBreaksEnded', 'V', '2017-03-20'),
      arrangement('ShortBreaksStarted', 'SW', '2017-02-01'),
      became('SW', '2017-03-01'),
      arrangement('ShortBreaksEnded', 'SW', '2017-03-01'),
    ]);
  });
});
