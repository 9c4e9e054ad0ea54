/**
 * The unit's figures (figures.md), every one from hand-computed fixtures
 * (./fixtures.ts). The working of each expected figure is in the comment above it;
 * working days are counted out where they cross a weekend or a bank holiday.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { unitFigures } from '../../../workflows/figures/figures.js';
import {
  disputesYear,
  FY2016,
  fx,
  lookedAfterYear,
  otherReviewsYear,
  protectionYear,
  wholeYear,
} from './fixtures.js';

const figuresOf = (events: readonly CaseEvent[], options = {}) =>
  unitFigures(events, FY2016, options);

describe('figures.md section 7: the worked example', () => {
  it('counts two reviews, one late, and A alone in L5 at 0% (0 of 1)', () => {
    // Prepare: A looked after 2016-01-04, reviews 2016-01-29, 2016-04-20, 2016-10-25; B from 2017-03-20.
    const events = [
      fx.became('A', '2016-01-04'),
      fx.review('A', '2016-01-29'),
      fx.review('A', '2016-04-20'),
      fx.review('A', '2016-10-25'),
      fx.became('B', '2017-03-20'),
    ];

    // Act
    const { figures, shortfalls } = figuresOf(events);

    // Assess
    // 2016-04-20: due 2016-01-29 + 3 months = 2016-04-29, on time.
    // 2016-10-25: due 2016-04-20 + 6 months = 2016-10-20, late.
    expect(figures.L4).toEqual({ held: 2, onTime: 1, late: 1 });
    // B started 11 days before `to` (< 28): not counted. A had a late review: 0 of 1.
    expect(figures.L5).toEqual({ numerator: 0, denominator: 1 });
    // A's next review is due 2016-10-25 + 6 months = 2017-04-25: nothing overdue on `to`.
    expect(shortfalls.L5).toEqual([
      { subjectId: 'A', date: '2016-10-25', due: '2016-10-20', reason: 'late' },
    ]);
  });
});

describe('looked-after children (L1 to L8)', () => {
  const { figures, shortfalls, months } = figuresOf(lookedAfterYear, { childPopulation: 4000 });

  it('L1: children looked after on `to`', () => {
    // A, B, E, F and H; G ceased on 2016-08-15.
    expect(figures.L1).toEqual({ count: 5 });
  });

  it('L2: episodes started and ceased in the period', () => {
    // Started: G 05-03, E 06-01, H 07-04 (re-entered), F 09-01, B 2017-03-20; A and H's first
    // episode began before. Ceased: H 2016-05-10, G 2016-08-15.
    expect(figures.L2).toEqual({ started: 5, ceased: 2 });
  });

  it('L3: the rate per 10,000, rounded half up', () => {
    // 5 x 10,000 / 4,000 = 12.5 -> 13.
    expect(figures.L3).toEqual({ rate: 13 });
  });

  it('L4: reviews held, on time (a review on its due date is on time) and late', () => {
    // A 04-20 (due 04-29) on time; A 10-25 (due 10-20) late; A 2017-03-22 (due 2017-04-25) on time.
    // G 06-01: looked after Tue 3 May 2016, + 20 working days: 4-6 May (3), 9-13 (8), 16-20 (13),
    //   23-27 (18), [30 May bank holiday], 31 (19), 1 Jun (20) -> due 2016-06-01: on time, on the day.
    // F 09-29: Thu 1 Sep + 20 wd: 2 (1), 5-9 (6), 12-16 (11), 19-23 (16), 26-29 (20) -> on time on the day.
    // F 12-20: due 2016-09-29 + 3 months = 2016-12-29: on time.
    // H 04-25 (old episode): due 2015-10-20 + 3 months = 2016-01-20: late.
    // H 07-28: re-entered Mon 4 Jul + 20 wd = 1 Aug: on time. H 10-28: due 07-28 + 3 months, on the day.
    expect(figures.L4).toEqual({ held: 9, onTime: 7, late: 2 });
    expect(shortfalls.L4).toEqual([
      { subjectId: 'A', date: '2016-10-25', due: '2016-10-20', reason: 'late' },
      { subjectId: 'H', date: '2016-04-25', due: '2016-01-20', reason: 'late' },
    ]);
  });

  it('L5: children reviewed within timescales, the current episode only', () => {
    // Denominator: looked after on 2017-03-31 since 2017-03-03 or earlier: A, E, F, H (B: 11 days).
    // A: late review in the period. E: looked after Wed 1 Jun + 20 wd: 2-3 (2), 6-10 (7), 13-17 (12),
    //   20-24 (17), 27-29 (20) -> due 2016-06-29, overdue on `to`. F: on time.
    // H: its late review (2016-04-25) was in the episode that ended; the current one is on time.
    // 2 of 4.
    expect(figures.L5).toEqual({ numerator: 2, denominator: 4 });
    expect(shortfalls.L5).toEqual([
      { subjectId: 'A', date: '2016-10-25', due: '2016-10-20', reason: 'late' },
      { subjectId: 'E', date: '2017-03-31', due: '2016-06-29', reason: 'overdue' },
    ]);
  });

  it('L6: participation codes, and PN1 to PN6 of the reviews coded other than PN0', () => {
    // Codes: A PN1, PN7, PN2; G PN0; F PN3 and none; H PN5, PN4, PN6.
    // Denominator: coded and not PN0 = PN1, PN7, PN2, PN3, PN5, PN4, PN6 = 7; numerator all but PN7 = 6.
    expect(figures.L6).toEqual({
      byCode: { PN0: 1, PN1: 1, PN2: 1, PN3: 1, PN4: 1, PN5: 1, PN6: 1, PN7: 1, none: 1 },
      numerator: 6,
      denominator: 7,
    });
    expect(shortfalls.L6).toEqual([
      { subjectId: 'A', date: '2016-10-25', reason: 'views not conveyed' },
      { subjectId: 'F', date: '2016-12-20', reason: 'no participation code' },
    ]);
  });

  it('L7: IRO contact after the previous review (or on or after the episode start) and on or before the review', () => {
    // A 04-20: contact 04-20 (same day) counts. A 10-25: the 04-20 contact is not after the
    //   previous review. A 2017-03-22: none. G 06-01: contact on the episode's first day counts.
    // F 09-29: contact that day counts. F 12-20: the contact came the day after.
    // H 04-25: contact 2015-10-20 was on the previous review's day, not after it.
    // H 07-28: the 05-05 contact was in the old episode, before the new one began.
    // H 10-28: contact 08-10 counts. 4 of 9.
    expect(figures.L7).toEqual({ numerator: 4, denominator: 9 });
    expect(shortfalls.L7.map((s) => `${s.subjectId} ${s.date}`)).toEqual([
      'A 2016-10-25',
      'A 2017-03-22',
      'F 2016-12-20',
      'H 2016-04-25',
      'H 2016-07-28',
    ]);
  });

  it('L8: decisions (5 working days) and records (20 working days) shared on time', () => {
    // Decisions, due review + 5 wd:
    //   A 04-20 (Wed): 21, 22, 25, 26, 27 -> 04-27; shared 04-27 on time.
    //   A 10-25: the full record on 10-31 carries the decisions; due 11-01: on time.
    //   A 2017-03-22 (Wed): 23, 24, 27, 28, 29 -> 2017-03-29; shared 2017-04-03, after `to`: not shared.
    //   G 06-01: never shared. F 09-29 (Thu): 30, 3, 4, 5, 6 Oct -> 10-06; shared 10-07: late.
    //   F 12-20 (Tue): 21, 22, 23, [26, 27 Dec], 28, 29 -> 12-29; shared 12-29: on time.
    //   H 04-25 (Mon): 26-29, [2 May], 3 May -> 05-03; its only sharing, the record on 05-24, is late.
    //   H 07-28 (Thu): 29, 1-4 Aug -> 08-04; shared 08-04: on time.
    //   H 10-28 (Fri): 31 Oct, 1-4 Nov -> 11-04; shared 11-07: late.
    //   On time: A 04-20, A 10-25, F 12-20, H 07-28 = 4 of 9.
    expect(figures.L8.decisions).toEqual({ numerator: 4, denominator: 9 });
    // Records, due review + 20 wd:
    //   A 04-20: 21, 22 (2), 25-29 (7), [2 May], 3-6 (11), 9-13 (16), 16-19 (20) -> 05-19; 05-20 late.
    //   A 10-25 (Tue): 26-28 (3), 31 (4), 1-4 Nov (8), 7-11 (13), 14-18 (18), 21, 22 (20) -> 11-22; 10-31 on time.
    //   A 2017-03-22: due in April, after `to`: not counted.
    //   G 06-01: 2, 3 (2), 6-10 (7), 13-17 (12), 20-24 (17), 27-29 (20) -> 06-29; never shared.
    //   F 09-29: 30 (1), 3-7 Oct (6), 10-14 (11), 17-21 (16), 24-27 (20) -> 10-27; shared 10-27 on time.
    //   F 12-20: 21-23 (3), 28-30 (6), [2 Jan], 3-6 (10), 9-13 (15), 16-20 (20) -> 2017-01-20; never shared.
    //   H 04-25: 26-29 (4), 3-6 May (8), 9-13 (13), 16-20 (18), 23, 24 (20) -> 05-24; on time.
    //   H 07-28: 29 (1), 1-5 Aug (6), 8-12 (11), 15-19 (16), 22-25 (20) -> 08-25; on time.
    //   H 10-28: 31 (1), 1-4 Nov (5), 7-11 (10), 14-18 (15), 21-25 (20) -> 11-25; on time.
    //   5 of 8 (62.5%, shown 63%).
    expect(figures.L8.record).toEqual({ numerator: 5, denominator: 8 });
    expect(shortfalls['L8.decisions']).toContainEqual({
      subjectId: 'A',
      date: '2017-03-22',
      due: '2017-03-29',
      reason: 'not shared',
    });
    expect(shortfalls['L8.record']).toEqual([
      { subjectId: 'A', date: '2016-04-20', due: '2016-05-19', reason: 'shared late' },
      { subjectId: 'F', date: '2016-12-20', due: '2017-01-20', reason: 'not shared' },
      { subjectId: 'G', date: '2016-06-01', due: '2016-06-29', reason: 'not shared' },
    ]);
  });

  it('month by month: L5 as of each month end over the year so far', () => {
    // June (to 06-30, since 06-02 or earlier): A (on time so far), E (overdue since 06-29),
    //   G (reviewed 06-01; H was not looked after): 2 of 3.
    // October (to 10-31): A late on 10-25, E overdue, F fine, H fine; G ceased: 2 of 4.
    const byMonth = Object.fromEntries(months.map((m) => [m.month, m.L5]));
    expect(months).toHaveLength(12);
    expect(byMonth['2016-06']).toEqual({ numerator: 2, denominator: 3 });
    expect(byMonth['2016-10']).toEqual({ numerator: 2, denominator: 4 });
    expect(byMonth['2017-03']).toEqual(figures.L5);
  });
});

describe('child protection (C1 to C11)', () => {
  const { figures, shortfalls, months } = figuresOf(protectionYear, { childPopulation: 4000 });

  it('C1, C2: children with a plan on `to`, and the rate', () => {
    // P1 and P3; P2 ended, P4 to P6 ended, P7 had none. 2 x 10,000 / 4,000 = 5.
    expect(figures.C1).toEqual({ count: 2 });
    expect(figures.C2).toEqual({ rate: 5 });
  });

  it('C3: plans started and ended', () => {
    // Started: P3 04-15, P2 05-11, P1 05-24. Ended: P4, P5, P6 on 06-01, P2 at review 08-11.
    expect(figures.C3).toEqual({ started: 3, ended: 4 });
  });

  it('C4: initial conferences within 15 working days; one without a strategy discussion is listed and left out', () => {
    // P1: strategy Tue 3 May, + 15 wd: 4-6 (3), 9-13 (8), 16-20 (13), 23, 24 (15) -> 05-24; held 05-24: on time.
    // P2: strategy Mon 18 Apr: 19-22 (4), 25-29 (9), [2 May], 3-6 (13), 9, 10 (15) -> 05-10; held 05-11: late.
    // P3: strategy Wed 30 Mar: 31, 1 Apr (2), 4-8 (7), 11-15 (12), 18-20 (15) -> 04-20; held 04-15: on time.
    // P7: no strategy discussion: held, listed, not in the percentage. 2 of 3, 4 held.
    expect(figures.C4).toEqual({ held: 4, numerator: 2, denominator: 3 });
    expect(shortfalls.C4).toEqual([
      { subjectId: 'P2', refId: 'K2', date: '2016-05-11', due: '2016-05-10', reason: 'late' },
      { subjectId: 'P7', refId: 'K1', date: '2016-11-14', reason: 'no strategy discussion' },
    ]);
  });

  it('C5: initial conferences with no plan', () => {
    // P7 alone, of 4.
    expect(figures.C5).toEqual({ numerator: 1, denominator: 4 });
  });

  it('C6: review conferences within timescales (a due date on a Sunday does not move)', () => {
    // P1 K2: due 05-24 + 3 months = 08-24, held 08-26: late. P1 K3: due 08-26 + 6 months =
    // 2017-02-26, held 02-24: on time. P2 K3: due 05-11 + 3 months = 08-11, on the day.
    // P3 K3: due 04-15 + 3 months = 07-15, on the day. P3 K4: due 07-15 + 6 months = Sunday
    // 2017-01-15, held Monday 01-16: late. 3 of 5.
    expect(figures.C6).toEqual({ held: 5, numerator: 3, denominator: 5 });
    expect(shortfalls.C6.map((s) => `${s.subjectId} ${s.refId} ${s.due}`)).toEqual([
      'P1 K2 2016-08-24',
      'P3 K4 2017-01-15',
    ]);
  });

  it('C7: second plans, ever and within 24 months (restarted 23 and 25 months after the last ended)', () => {
    // P2: previous plan ended 2014-06-10; + 24 months = 2016-06-10 >= start 2016-05-11 (23 months): within.
    // P3: previous ended 2014-03-15; + 24 months = 2016-03-15 < start 2016-04-15 (25 months): ever only.
    // P1: first plan.
    expect(figures.C7).toEqual({ started: 3, ever: 2, within24Months: 1 });
    expect(shortfalls.C7).toEqual([
      {
        subjectId: 'P2',
        date: '2016-05-11',
        reason: 'earlier plan ended within 24 months',
      },
      { subjectId: 'P3', date: '2016-04-15', reason: 'earlier plan' },
    ]);
  });

  it('C8: plans lasting two years or more, of those ended', () => {
    // P4: 2014-05-20 + 24 months = 2016-05-20 <= end 06-01: yes. P5: 2014-06-01 + 24 months =
    // 2016-06-01 <= 06-01: yes (exactly two years). P6: 2016-06-02 > 06-01: no. P2: no. 2 of 4.
    expect(figures.C8).toEqual({ numerator: 2, denominator: 4 });
  });

  it('C9: family attendance, of the conferences where it was recorded', () => {
    // Initial: P1 yes, P2 yes, P3 not recorded, P7 no: 2 of 3.
    // Review: P1 K2 no, P1 K3 not recorded, P2 K3 yes, P3 K3 yes, P3 K4 yes: 3 of 4.
    expect(figures.C9).toEqual({
      initial: { numerator: 2, denominator: 3 },
      review: { numerator: 3, denominator: 4 },
    });
  });

  it('C10: reports shared 2 working days before booked conferences (a conference with no booking is left out)', () => {
    // P1 K1 at Tue 24 May 10:00: due Fri 20 May 10:00; shared 09:00 that day: on time.
    // P1 K2 at Fri 26 Aug 10:00: due Wed 24 Aug 10:00; shared 11:00: late.
    // P7 K1: the report came the day after the conference: not on time.
    // P1 K3, P2 and P3's conferences were never booked: left out. 1 of 3.
    expect(figures.C10).toEqual({ numerator: 1, denominator: 3 });
    expect(shortfalls.C10).toEqual([
      {
        subjectId: 'P1',
        refId: 'K2',
        date: '2016-08-26',
        due: '2016-08-24T10:00:00+01:00',
        reason: 'report late',
      },
      {
        subjectId: 'P7',
        refId: 'K1',
        date: '2016-11-14',
        reason: 'no report before the conference',
      },
    ]);
  });

  it('C11: minutes within 20 working days', () => {
    // P1 K1 05-24: 25-27 (3), [30 May], 31 (4), 1-3 Jun (7), 6-10 (12), 13-17 (17), 20-22 (20) -> 06-22: on the day.
    // P1 K2 Fri 08-26: [29 Aug], 30, 31 (2), 1, 2 (4), 5-9 (9), 12-16 (14), 19-23 (19), 26 (20) -> 09-26; 09-27 late.
    // P1 K3 Fri 2017-02-24: 27, 28 (2), 1-3 (5), 6-10 (10), 13-17 (15), 20-24 (20) -> 03-24: not shared.
    // P2 K2 05-11 -> 06-09, shared 06-01. P2 K3 08-11 -> 09-09, on the day.
    // P3 K2 04-15 -> 05-16, shared 05-13. P3 K3 Fri 07-15 -> 08-12, on the day.
    // P3 K4 Mon 2017-01-16 -> 02-13; 02-14 late. P7 K1 11-14 -> 12-12, shared 12-01. 6 of 9.
    expect(figures.C11).toEqual({ numerator: 6, denominator: 9 });
    expect(shortfalls.C11.map((s) => `${s.subjectId} ${s.refId} ${s.due} ${s.reason}`)).toEqual([
      'P1 K2 2016-09-26 shared late',
      'P1 K3 2017-03-24 not shared',
      'P3 K4 2017-02-13 shared late',
    ]);
  });

  it('month by month: C4 and C6 over each month, n/a when nothing was held', () => {
    const byMonth = Object.fromEntries(months.map((m) => [m.month, m]));
    // April: P3 on time. May: P1 on time, P2 late. November: P7 only, left out.
    expect(byMonth['2016-04']?.C4).toEqual({ numerator: 1, denominator: 1 });
    expect(byMonth['2016-05']?.C4).toEqual({ numerator: 1, denominator: 2 });
    expect(byMonth['2016-11']?.C4).toEqual({ numerator: 0, denominator: 0 });
    // August: P1 K2 late, P2 K3 on time. January: P3 K4 late.
    expect(byMonth['2016-08']?.C6).toEqual({ numerator: 1, denominator: 2 });
    expect(byMonth['2017-01']?.C6).toEqual({ numerator: 0, denominator: 1 });
  });
});

describe('disputes (D1 to D5)', () => {
  const { figures, shortfalls } = figuresOf(disputesYear);

  it('D1: raised and resolved in the period', () => {
    // Raised: DR1 to DR6 (DR7 was raised in March 2016). Resolved: DR1, DR2, DR3, DR4, DR7.
    expect(figures.D1).toEqual({ raised: 6, resolved: 5 });
  });

  it('D2: the highest stage reached, hand and automatic escalations both', () => {
    // DR1 raised Wed 1 Jun: stage 1 due 2, 3, 6, 7, 8 -> 06-08; resolved 06-08: stage 1.
    // DR2: resolved 06-09, after stage 1 fell due: stage 2 (automatic).
    // DR3 raised Thu 1 Sep: stage 1 due 09-08, stage 2 due 09-15, stage 3 from 09-16 due 09-22;
    //   escalated by hand on 09-16 to stage 4, due 19-23 -> 09-23; on 09-30 stage 5 (automatic).
    // DR4: escalated by hand to stage 3 on 11-02, resolved 11-04: stage 3.
    // DR7 raised Mon 21 Mar 2016: stage 1 due 22-24, [25, 28 Mar Easter], 29, 30 -> 03-30;
    //   stage 2 due 31, 1, 4, 5, 6 -> 04-06; resolved 04-12: stage 3.
    expect(figures.D2).toEqual({ byStage: { 1: 1, 2: 1, 3: 2, 5: 1 } });
  });

  it('D3: resolved within 20 working days', () => {
    // DR3: 1 Sep + 20 wd = 09-29; resolved 09-30: not within. The others within. 4 of 5.
    expect(figures.D3).toEqual({ numerator: 4, denominator: 5 });
    expect(shortfalls.D3).toEqual([
      {
        subjectId: 'F',
        refId: 'DR3',
        date: '2016-09-01',
        due: '2016-09-29',
        reason: 'not resolved within 20 working days',
        stage: 5,
        workingDays: 21,
      },
    ]);
  });

  it('D4: open on `to` by stage, with working days open', () => {
    // DR5 raised Wed 1 Mar 2017: stages due 03-08, 03-15, 03-22, 03-29; stage 5 on 03-31.
    //   Working days 2 Mar to 31 Mar: 2, 3 (2), 6-10 (7), 13-17 (12), 20-24 (17), 27-31 (22).
    // DR6 raised Mon 27 Mar: stage 1 due 28-31, 3 Apr -> 04-03; 4 working days open.
    // Listed by child: E before H.
    expect(figures.D4).toEqual({ byStage: { 1: 1, 5: 1 } });
    expect(shortfalls.D4).toEqual([
      {
        subjectId: 'E',
        refId: 'DR6',
        date: '2017-03-27',
        due: '2017-04-03',
        reason: 'open',
        stage: 1,
        workingDays: 4,
      },
      {
        subjectId: 'H',
        refId: 'DR5',
        date: '2017-03-01',
        due: '2017-04-05',
        reason: 'open',
        stage: 5,
        workingDays: 22,
      },
    ]);
  });

  it('D5: the median working days to resolve', () => {
    // DR1 5, DR2 6, DR3 21, DR4 (2, 3, 4 Nov) 3, DR7 (22-24, 29-31, 1, 4-8, 11, 12 Apr) 14.
    // Sorted 3, 5, 6, 14, 21: 6.
    expect(figures.D5).toEqual({ medianWorkingDays: 6 });
  });

  it('D5: the lower middle value of an even number, and null when nothing was resolved', () => {
    // DR1 5 and DR4 3 working days: sorted 3, 5 -> 3.
    const two = figuresOf([
      fx.raised('DR1', 'A', '2016-06-01'),
      fx.resolved('DR1', '2016-06-08'),
      fx.raised('DR4', 'H', '2016-11-01'),
      fx.resolved('DR4', '2016-11-04'),
    ]);
    const none = figuresOf([fx.raised('DR1', 'A', '2016-06-01')]);

    expect(two.figures.D5).toEqual({ medianWorkingDays: 3 });
    expect(none.figures.D5).toBeNull();
  });
});

describe('other reviews the unit chairs (O1, O2)', () => {
  const { figures, shortfalls } = figuresOf(otherReviewsYear);

  it('O1: secure accommodation reviews', () => {
    // Placed 05-31: due + 1 month = 06-30, held on the day. Next due 06-30 + 3 months = 09-30;
    // held 10-03: late. 1 of 2.
    expect(figures.O1).toEqual({ held: 2, numerator: 1, denominator: 2 });
    expect(shortfalls.O1).toEqual([
      { subjectId: 'S1', date: '2016-10-03', due: '2016-09-30', reason: 'late' },
    ]);
  });

  it('O2: foster carer reviews', () => {
    // FC1 approved 2015-06-15: due 2016-06-15, held on the day. FC2: reviewed 2016-02-20,
    // due 2017-02-20, held 02-21: late. 1 of 2.
    expect(figures.O2).toEqual({ held: 2, numerator: 1, denominator: 2 });
  });
});

describe('a period of care the records begin inside of (an imported return)', () => {
  it('is looked after (L1) and its reviews count, but it is not a start (L2)', () => {
    // P's records begin on 2016-06-01, already in care; reviewed 2016-09-20. Q starts 2016-07-04.
    const { figures } = figuresOf([
      { type: 'BecameLookedAfter', childId: 'P', date: '2016-06-01', startedBeforeRecords: true },
      fx.review('P', '2016-09-20', 'PN1'),
      fx.became('Q', '2016-07-04'),
    ]);
    expect(figures.L1).toEqual({ count: 2 });
    expect(figures.L2).toEqual({ started: 1, ceased: 0 });
    expect(figures.L4.held).toBe(1);
  });
});

describe('short breaks (O3; timescales.md 3.6): reviewed, not looked after', () => {
  // SB's short breaks begin on 2016-05-02; reviews on 2016-07-29 and 2017-02-15.
  const events: CaseEvent[] = [
    { type: 'ShortBreaksStarted', childId: 'SB', date: '2016-05-02' },
    fx.review('SB', '2016-07-29', 'PN1'),
    fx.review('SB', '2017-02-15', 'PN1'),
  ];
  const { figures, shortfalls } = figuresOf(events);

  it('O3 counts the reviews held during the arrangement, on time against short-breaks-review', () => {
    // First due 2016-05-02 + 3 months = 2016-08-02: 07-29 on time. Next due 2016-07-29 +
    // 6 months = 2017-01-29: 02-15 late. 1 of 2.
    expect(figures.O3).toEqual({ held: 2, numerator: 1, denominator: 2 });
    expect(shortfalls.O3).toEqual([
      { subjectId: 'SB', date: '2017-02-15', due: '2017-01-29', reason: 'late' },
    ]);
  });

  it('no looked-after figure counts the child or their reviews', () => {
    expect(figures.L1).toEqual({ count: 0 });
    expect(figures.L2).toEqual({ started: 0, ceased: 0 });
    expect(figures.L4).toEqual({ held: 0, onTime: 0, late: 0 });
    expect(figures.L6).toEqual({ byCode: {}, numerator: 0, denominator: 0 });
  });

  it('counts no review after the arrangement ended: one in care then is looked-after', () => {
    // Ended 2016-12-01; looked after from 2017-01-09, reviewed 2017-02-01: L4, not O3.
    const ended = figuresOf([
      ...events.slice(0, 2),
      { type: 'ShortBreaksEnded', childId: 'SB', date: '2016-12-01' },
      fx.became('SB', '2017-01-09'),
      fx.review('SB', '2017-02-01', 'PN1'),
    ]);
    expect(ended.figures.O3).toEqual({ held: 1, numerator: 1, denominator: 1 });
    expect(ended.figures.L4.held).toBe(1);
  });
});

describe('the shape of figures.md section 8', () => {
  it('carries every id, L3 and C2 only with a population, empty ratios as 0 of 0', () => {
    // Act
    const empty = figuresOf([]);
    const withPopulation = figuresOf([], { childPopulation: 22_620 });

    // Assess
    expect(Object.keys(empty.figures)).toEqual([
      'L1',
      'L2',
      'L4',
      'L5',
      'L6',
      'L7',
      'L8',
      'L12',
      'C1',
      'C3',
      'C4',
      'C5',
      'C6',
      'C7',
      'C8',
      'C9',
      'C10',
      'C11',
      'D1',
      'D2',
      'D3',
      'D4',
      'D5',
      'O1',
      'O2',
      'O3',
      'L9',
      'L10',
      'L11',
      'C12',
      'C13',
      'C14',
      'C15',
      'C16',
      'A1',
    ]);
    expect(empty.figures.L5).toEqual({ numerator: 0, denominator: 0 });
    expect(empty.figures.L6).toEqual({ byCode: {}, numerator: 0, denominator: 0 });
    expect(empty.figures.D2).toEqual({ byStage: {} });
    expect(empty.figures.D5).toBeNull();
    expect(withPopulation.figures.L3).toEqual({ rate: 0 });
    expect(withPopulation.figures.C2).toEqual({ rate: 0 });
    expect(empty.period).toEqual(FY2016);
  });
});

describe('years side by side', () => {
  it('gives the earlier financial years, nearest first', () => {
    // Act
    const report = unitFigures(wholeYear, FY2016, { years: 3 });

    // Assess
    expect(report.earlier.map((e) => e.period)).toEqual([
      { from: '2015-04-01', to: '2016-03-31' },
      { from: '2014-04-01', to: '2015-03-31' },
    ]);
    // 2015/16 reviews: A 2016-01-29 (due: Mon 4 Jan + 20 wd = 1 Feb), H 2015-10-20 (due:
    // Thu 1 Oct + 20 wd = 29 Oct): both on time.
    expect(report.earlier[0]?.figures.L4).toEqual({ held: 2, onTime: 2, late: 0 });
    // 2014/15: P2's plan ended 2014-06-10 and P3's 2014-03-15 (the year before); P4, P5 and P6
    // started in May and June 2014, P2's first plan ended in it.
    expect(report.earlier[1]?.figures.C3).toEqual({ started: 3, ended: 1 });
  });
});

describe('what counts', () => {
  it('leaves out a retracted event, whenever it was retracted', () => {
    // Prepare: F's 2016-12-20 review retracted on 2017-04-10, after `to`.
    const events: CaseEvent[] = [
      fx.became('F', '2016-09-01'),
      { ...fx.review('F', '2016-09-29'), eventId: 'r1' },
      { ...fx.review('F', '2016-12-20'), eventId: 'r2' },
      { type: 'EventRetracted', eventId: 'r2', reason: 'recorded twice', date: '2017-04-10' },
    ];

    // Act
    const { figures } = figuresOf(events);

    // Assess: one review held; the next was due 2016-09-29 + 3 months = 12-29, overdue on `to`.
    expect(figures.L4).toEqual({ held: 1, onTime: 1, late: 0 });
    expect(figures.L5).toEqual({ numerator: 0, denominator: 1 });
  });

  it('reads a child whose reference holds slashes and markup like any other', () => {
    // Prepare: looked after Wed 1 Jun 2016, never reviewed: due 2016-06-29, overdue on `to`.
    const events = [fx.became('DRP/17/<09>', '2016-06-01')];

    // Act
    const { figures, shortfalls } = figuresOf(events);

    // Assess
    expect(figures.L5).toEqual({ numerator: 0, denominator: 1 });
    expect(shortfalls.L5).toEqual([
      { subjectId: 'DRP/17/<09>', date: '2017-03-31', due: '2016-06-29', reason: 'overdue' },
    ]);
  });

  it('leaves out events the planner rejects, and a repeated eventId counts once', () => {
    // Prepare: a review for a child never looked after, and a review sent twice.
    const events: CaseEvent[] = [
      fx.review('Z', '2016-05-01'),
      fx.became('F', '2016-09-01'),
      { ...fx.review('F', '2016-09-29'), eventId: 'r1' },
      { ...fx.review('F', '2016-09-29'), eventId: 'r1' },
    ];

    // Act
    const { figures } = figuresOf(events);

    // Assess
    expect(figures.L4).toEqual({ held: 1, onTime: 1, late: 0 });
  });

  it('measures against the plan as it stood just before: a review brought forward earlier the same day counts', () => {
    // Prepare: F reviewed 2016-09-29 (next due 12-29); on 2016-11-01 the review is brought
    // forward to 2016-11-10; held 2016-11-14: late against 11-10, though before 12-29.
    const events: CaseEvent[] = [
      fx.became('F', '2016-09-01'),
      fx.review('F', '2016-09-29'),
      { type: 'ReviewBroughtForward', childId: 'F', date: '2016-11-01', reviewBy: '2016-11-10' },
      fx.review('F', '2016-11-14'),
    ];

    // Act
    const { shortfalls } = figuresOf(events);

    // Assess
    expect(shortfalls.L4).toEqual([
      { subjectId: 'F', date: '2016-11-14', due: '2016-11-10', reason: 'late' },
    ]);
  });
});

describe("figures.md's boundaries, each on its edge", () => {
  it.each([
    {
      rule: 'L5: an episode started exactly 28 days before `to` counts; 27 days does not',
      // A from 2017-03-03: 2017-03-31 - 28 days = 03-03, counted. B from 03-04: 27 days, not.
      // A's first review is due 03-03 + 20 working days: 6-10 (5), 13-17 (10), 20-24 (15),
      // 27-31 (20) -> 2017-03-31, not overdue on `to` (due that day): 1 of 1.
      events: [fx.became('A', '2017-03-03'), fx.became('B', '2017-03-04')],
      read: (f: ReturnType<typeof figuresOf>) => f.figures.L5,
      expected: { numerator: 1, denominator: 1 },
    },
    {
      rule: "L7: a contact on the episode's first day and on the review's day counts; on the previous review's day it does not",
      // A from Fri 2016-04-01, contacts 04-01 and 04-20, reviews 04-20 (first due 04-01 +
      // 20 working days = 04-29) and 07-15 (due 04-20 + 3 months = 07-20). Review 04-20:
      // contacts on or after 04-01 and on or before 04-20: yes. Review 07-15: a contact
      // after 04-20 and on or before 07-15: none (04-20 is not after 04-20). 1 of 2.
      events: [
        fx.became('A', '2016-04-01'),
        fx.contact('A', '2016-04-01'),
        fx.review('A', '2016-04-20'),
        fx.contact('A', '2016-04-20'),
        fx.review('A', '2016-07-15'),
      ],
      read: (f: ReturnType<typeof figuresOf>) => f.figures.L7,
      expected: { numerator: 1, denominator: 2 },
    },
    {
      rule: 'D3: resolved on raised + 20 working days is within; a day later is not',
      // Raised Tue 2016-11-01 + 20 working days: 2-4 (3), 7-11 (8), 14-18 (13), 21-25 (18),
      // 28-29 (20) -> 11-29. D1 resolved 11-29: within. D2 resolved 11-30: not. 1 of 2.
      events: [
        fx.raised('D1', 'X', '2016-11-01'),
        fx.resolved('D1', '2016-11-29'),
        fx.raised('D2', 'Y', '2016-11-01'),
        fx.resolved('D2', '2016-11-30'),
      ],
      read: (f: ReturnType<typeof figuresOf>) => f.figures.D3,
      expected: { numerator: 1, denominator: 2 },
    },
    {
      rule: 'C10: a report shared at the due instant is on time; a second later is not',
      // K1 initial, Mon 2016-06-13 10:00 BST: 2 working days before is Thu 06-09 10:00 (Fri
      // 06-10 is 1): report at 06-09 10:00:00, on time. K2 review, Mon 2016-09-12 10:00:
      // due Thu 09-08 10:00; report at 10:00:01, late. 1 of 2.
      events: [
        fx.strategy('P', '2016-06-01'),
        fx.booked('P', 'K1', 'initial', '2016-06-02', '2016-06-13T10:00:00+01:00'),
        fx.report('P', 'K1', '2016-06-09T10:00:00+01:00'),
        fx.initial('P', 'K1', '2016-06-13', true),
        fx.booked('P', 'K2', 'review', '2016-08-01', '2016-09-12T10:00:00+01:00'),
        fx.report('P', 'K2', '2016-09-08T10:00:01+01:00'),
        fx.reviewConference('P', 'K2', '2016-09-12', true),
      ],
      read: (f: ReturnType<typeof figuresOf>) => f.figures.C10,
      expected: { numerator: 1, denominator: 2 },
    },
  ])('$rule', ({ events, read, expected }) => {
    // Act
    const report = figuresOf(events);

    // Assess
    expect(read(report)).toEqual(expected);
  });
});

describe("on the period's last day and other edges", () => {
  it('leaves a child who ceased on `to` out of L1 and L5: they are not looked after on it', () => {
    // Prepare: X looked after 2016-06-01, reviewed 2016-06-28, ceased on `to`, 2017-03-31.
    const events = [
      fx.became('X', '2016-06-01'),
      fx.review('X', '2016-06-28'),
      fx.ceased('X', '2017-03-31'),
    ];

    // Act
    const { figures } = figuresOf(events);

    // Assess
    expect(figures.L1).toEqual({ count: 0 });
    expect(figures.L5).toEqual({ numerator: 0, denominator: 0 });
  });

  it('counts in L8 a review whose decisions fall due on `to`', () => {
    // Prepare: Y's review on Friday 2017-03-24; decisions due 5 working days later: Mon 27,
    // Tue 28, Wed 29, Thu 30, Fri 31 March (no bank holiday), which is `to`. Not shared.
    const events = [fx.became('Y', '2017-02-01'), fx.review('Y', '2017-03-24')];

    // Act
    const { figures } = figuresOf(events);

    // Assess: the record (20 working days) falls due after `to`: not counted.
    expect(figures.L8).toEqual({
      decisions: { numerator: 0, denominator: 1 },
      record: { numerator: 0, denominator: 0 },
    });
  });

  it('counts in C7 a second plan starting exactly 24 months after the first ended', () => {
    // Prepare: Q's first plan ended 2014-06-10; + 24 months = 2016-06-10, the second's start.
    const events = [
      fx.initial('Q', 'K1', '2014-03-20', true),
      fx.planEnded('Q', '2014-06-10'),
      fx.strategy('Q', '2016-05-16'),
      fx.initial('Q', 'K2', '2016-06-10', true),
    ];

    // Act
    const { figures } = figuresOf(events);

    // Assess
    expect(figures.C7).toEqual({ started: 1, ever: 1, within24Months: 1 });
  });
});

describe('L5 month by month in one pass (childrenReviewedInTimeByMonth)', () => {
  // Four children over 2016/17. Bank holidays: Good Friday 2016-03-25, Easter Monday
  // 03-28, early May 05-02.
  const history: CaseEvent[] = [
    // K: looked after Mon 2016-04-04, never reviewed. First review due 20 working days on:
    //   Apr 5-8 (4), 11-15 (9), 18-22 (14), 25-29 (19), May 2 a holiday, May 3 (20): due
    //   05-03, overdue from 05-04. Settled (28 days) from 05-02: not counted in April
    //   (to 04-30), counted and failed (overdue) from May on.
    fx.became('K', '2016-04-04'),
    // L: figures.md section 7's child A. Reviews 01-29, 04-20 on time (next due 10-20),
    //   10-25 late (due 10-20): passes April to September, fails October on (late in the
    //   period so far).
    fx.became('L', '2016-01-04'),
    fx.review('L', '2016-01-29'),
    fx.review('L', '2016-04-20'),
    fx.review('L', '2016-10-25'),
    // M: looked after Mon 2016-02-01, first review due Feb 2-5 (4), 8-12 (9), 15-19 (14),
    //   22-26 (19), 29 (20): 02-29, held 02-26. Next due 05-26, held 05-20 (next due
    //   11-20). Ceased 08-31, August's last day: counted and passing April to July, not
    //   looked after on 08-31, so not counted from August.
    fx.became('M', '2016-02-01'),
    fx.review('M', '2016-02-26'),
    fx.review('M', '2016-05-20'),
    fx.ceased('M', '2016-08-31'),
    // N: looked after Mon 2016-01-04, first review due Jan 5-8 (4), 11-15 (9), 18-22 (14),
    //   25-29 (19), Feb 1 (20): held 02-10, late, before the period (read: two years asked). Next due 05-10,
    //   held 05-09; next due 11-09, held 11-01; next due 2017-05-01: passes every month.
    fx.became('N', '2016-01-04'),
    fx.review('N', '2016-02-10'),
    fx.review('N', '2016-05-09'),
    fx.review('N', '2016-11-01'),
    // P: looked after Thu 2016-06-02, exactly 28 days before 06-30: counted in June. First
    //   review due Jun 3 (1), 6-10 (6), 13-17 (11), 20-24 (16), 27-30 (20): 06-30, not yet
    //   overdue on 06-30, so passing in June; never reviewed, failing from July on.
    fx.became('P', '2016-06-02'),
  ];
  const { months } = figuresOf(history, { years: 2 });
  const byMonth = Object.fromEntries(months.map((m) => [m.month, m.L5]));

  it('counts each month as of its last day: settled, not ended, late so far, overdue then', () => {
    const r = (numerator: number, denominator: number) => ({ numerator, denominator });
    expect(byMonth).toEqual({
      '2016-04': r(3, 3), // L, M, N pass; K not settled
      '2016-05': r(3, 4), // K overdue
      '2016-06': r(4, 5), // P settled that day, its review not yet overdue
      '2016-07': r(3, 5), // P overdue
      '2016-08': r(2, 4), // M ceased on the month's last day
      '2016-09': r(2, 4),
      '2016-10': r(1, 4), // L late on 10-25
      '2016-11': r(1, 4),
      '2016-12': r(1, 4),
      '2017-01': r(1, 4),
      '2017-02': r(1, 4),
      '2017-03': r(1, 4),
    });
  });

  it('equals L5 of the period from its start to each month end, asked month by month', () => {
    for (const month of months) {
      const upTo = unitFigures(history, { from: FY2016.from, to: month.to });
      expect({ month: month.month, L5: month.L5 }).toEqual({
        month: month.month,
        L5: upTo.figures.L5,
      });
    }
  });
});
