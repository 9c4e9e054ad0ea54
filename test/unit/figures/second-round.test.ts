/**
 * The second round of the unit's figures (figures.md section 9), from hand-worked
 * fixtures: the working of each expected figure is in the comment above it. The edges
 * the issue names are here: a second review on the period's first and last day, an IRO
 * changed and changed back, a category changed at a review conference, a disability
 * recorded then recorded false, an audit of an IRO who has left, an empty period, and
 * retracted events counting for nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorityHistory } from '../../../bench/support/authority.js';
import { GRADES } from '../../../workflows/answers.js';
import { addDays } from '../../../workflows/calendar/index.js';
import { clocksOf } from '../../../workflows/clocks.js';
import { type CaseEvent, eventDate } from '../../../workflows/events.js';
import { unitFigures } from '../../../workflows/figures/figures.js';
import { historyUpTo } from '../../../workflows/figures/history.js';
import { figuresCsv } from '../../../workflows/figures/render-csv.js';
import { figuresHtml } from '../../../workflows/figures/render-html.js';
import { figuresMarkdown } from '../../../workflows/figures/render-markdown.js';
import type { FiguresReport } from '../../../workflows/figures/shape.js';
import { DEFAULT_RULES_CONTEXT } from '../../../workflows/obligations.js';
import { FY2016 } from './fixtures.js';
import {
  allocated,
  audit,
  conference,
  contact,
  retracted,
  review,
  secondRound,
} from './second-round-fixtures.js';

const ratioTextOf = (r: { numerator: number; denominator: number }) =>
  `${r.numerator} of ${r.denominator}`;

describe('figures.md section 9', () => {
  const report = unitFigures(secondRound, FY2016, { years: 2 });
  const { figures, shortfalls } = report;

  it('is a history the planner accepts whole', () => {
    expect(historyUpTo(secondRound, FY2016.to, DEFAULT_RULES_CONTEXT).rejected).toBe(0);
  });

  it('L9: permanence agreed at the second review of an episode held in the period', () => {
    // Second reviews in the period: S1 2016-04-01 (first day, agreed), S2 2017-03-31 (last
    // day, not agreed), S4 2016-09-15 (not recorded), S6 2016-08-25 (second episode,
    // agreed). S3's second was 2016-03-31, before the period; S5's was taken back.
    expect(figures.L9).toEqual({ numerator: 2, denominator: 4, notRecorded: 1 });
    expect(shortfalls.L9).toEqual([
      { subjectId: 'S2', date: '2017-03-31', reason: 'permanence plan not agreed' },
      { subjectId: 'S4', date: '2016-09-15', reason: 'permanence plan not recorded' },
    ]);
    // 2015/16: S6's first episode, second review 2015-07-30, nothing recorded; S3's on
    // 2016-03-31, agreed.
    expect(report.earlier[0]?.figures.L9).toEqual({
      numerator: 1,
      denominator: 2,
      notRecorded: 1,
    });
  });

  it('L10: contact by method; those with children living outside the area', () => {
    // In the period: S1 05-10 visit (out), S1 07-10 phone (out), S2 video (in area), S4
    // 07-01 visit (out), S6 message. S1's 2016-03-01 is before; S4's 08-01 taken back.
    expect(figures.L10).toEqual({
      byMethod: { visit: 2, video: 1, phone: 1, message: 1 },
      outOfArea: { contacts: 3, children: 2 },
    });
  });

  it('L11: one IRO throughout, a change and a change back still a change', () => {
    // Looked after on the last day, since before 2016-04-01, with an IRO by then: S1, S3,
    // S7 (first allocated on the first day), S8, S10. S3 went to bwest on 2016-06-01 and
    // back; S8 was given the same IRO again; S10's change was taken back. S6 came into
    // care in the period, S9 had no IRO by its first day, S11 ceased.
    expect(figures.L11).toEqual({ numerator: 4, denominator: 5 });
    expect(shortfalls.L11).toEqual([
      { subjectId: 'S3', date: '2016-06-01', reason: 'IRO changed' },
    ]);
  });

  it('C12: advocacy at conferences where recorded', () => {
    // Q1 K1 involved, Q1 K2 offered and declined, Q2 K1 not offered; Q5's was taken back.
    expect(figures.C12).toEqual({
      byValue: { involved: 1, 'offered-declined': 1, 'not-offered': 1 },
      numerator: 1,
      denominator: 3,
    });
    expect(shortfalls.C12.map((s) => [s.subjectId, s.refId, s.reason])).toEqual([
      ['Q1', 'K2', 'advocate offered and declined'],
      ['Q2', 'K1', 'advocate not offered'],
    ]);
  });

  it('C13: the young person attended or conveyed their views, too young left out', () => {
    // Q1 K1 attended, Q1 K2 views conveyed, Q3 K1 not involved; Q2 K1 too young.
    expect(figures.C13).toEqual({
      byValue: { attended: 1, 'views-conveyed': 1, 'not-involved': 1 },
      numerator: 2,
      denominator: 3,
    });
    expect(shortfalls.C13.map((s) => [s.subjectId, s.refId])).toEqual([['Q3', 'K1']]);
  });

  it('C14: plans on the last day by their latest category, plans started by their first', () => {
    // On 2017-03-31: Q1 (neglect, then emotional at its review), Q2 physical, Q4 physical
    // (sexual, none at its first review, physical at its second), Q6 multiple (given at its
    // review). Q7 ended; Q5 taken back.
    // Started: Q1 neglect, Q2 physical, Q6 none at its initial conference, Q7 neglect.
    expect(figures.C14).toEqual({
      onTo: { emotional: 1, physical: 2, multiple: 1 },
      started: { neglect: 2, physical: 1, notRecorded: 1 },
    });
    // On 2016-03-31 only Q4 had a plan, started in that year (2015-09-01): sexual, its
    // review on 2016-03-01 giving none (its physical came later).
    expect(report.earlier[0]?.figures.C14).toEqual({
      onTo: { sexual: 1 },
      started: { sexual: 1 },
    });
  });

  it('C15: children on a plan whose latest answer says they have a disability', () => {
    // C1 = Q1, Q2, Q4, Q6. Q1: true, then false at its review. Q4: true. Q2, Q6: never said.
    expect(figures.C1).toEqual({ count: 4 });
    expect(figures.C15).toEqual({ numerator: 1, denominator: 4 });
  });

  it('C16: social work reports judged outstanding or good', () => {
    // Q1 K1 good, Q1 K2 outstanding, Q2 K1 requires improvement, Q3 K1 inadequate.
    expect(figures.C16).toEqual({
      byValue: { outstanding: 1, good: 1, 'requires-improvement': 1, inadequate: 1 },
      numerator: 2,
      denominator: 4,
    });
    expect(shortfalls.C16.map((s) => [s.subjectId, s.refId, s.reason])).toEqual([
      ['Q2', 'K1', 'report requires improvement'],
      ['Q3', 'K1', 'report inadequate'],
    ]);
  });

  it('A1: audits by grade, and for each IRO, one who has left included', () => {
    // In the period: AU1 good (akhan), AU2 requires improvement (bwest), AU3 outstanding
    // (dleft, who has left), AU6 inadequate (akhan). AU4 is before; AU5 taken back.
    expect(figures.A1).toEqual({
      byGrade: { outstanding: 1, good: 1, 'requires-improvement': 1, inadequate: 1 },
      numerator: 2,
      denominator: 4,
      byIro: {
        akhan: { byGrade: { good: 1, inadequate: 1 }, numerator: 1, denominator: 2 },
        bwest: { byGrade: { 'requires-improvement': 1 }, numerator: 0, denominator: 1 },
        dleft: { byGrade: { outstanding: 1 }, numerator: 1, denominator: 1 },
      },
    });
    expect(shortfalls.A1).toEqual([
      {
        subjectId: 'S2',
        refId: 'AU6',
        date: '2017-02-01',
        reason: 'audit graded inadequate',
        iro: 'akhan',
      },
      {
        subjectId: 'S3',
        refId: 'AU2',
        date: '2016-07-01',
        reason: 'audit graded requires improvement',
        iro: 'bwest',
      },
    ]);
  });

  it('permanence and participation month by month', () => {
    // Second reviews: S1 1 April (agreed), S6 25 August (agreed), S4 15 September (not
    // recorded), S2 31 March (not agreed). Taking part: Q1 K1 24 May (attended), Q3 K1
    // 1 July (not involved), Q1 K2 20 August (views conveyed); Q2's June one too young.
    const byMonth = Object.fromEntries(
      report.months.map((m) => [m.month, [ratioTextOf(m.L9), ratioTextOf(m.C13)]]),
    );
    expect(byMonth).toEqual({
      '2016-04': ['1 of 1', '0 of 0'],
      '2016-05': ['0 of 0', '1 of 1'],
      '2016-06': ['0 of 0', '0 of 0'],
      '2016-07': ['0 of 0', '0 of 1'],
      '2016-08': ['1 of 1', '1 of 1'],
      '2016-09': ['0 of 1', '0 of 0'],
      '2016-10': ['0 of 0', '0 of 0'],
      '2016-11': ['0 of 0', '0 of 0'],
      '2016-12': ['0 of 0', '0 of 0'],
      '2017-01': ['0 of 0', '0 of 0'],
      '2017-02': ['0 of 0', '0 of 0'],
      '2017-03': ['0 of 1', '0 of 0'],
    });
    expect(figuresMarkdown(report)).toContain('| 2016-07 | n/a | 0% (0 of 1) |');
  });

  it('S1 is not in a report made from the log alone', () => {
    expect(figures.S1).toBeUndefined();
  });
});

describe('an empty period', () => {
  it('counts nothing, and every rate reads "n/a", never 0%', () => {
    // Act: 2018/19, after everything in the fixtures.
    const report = unitFigures(secondRound, { from: '2018-04-01', to: '2019-03-31' });

    // Assess
    const { figures } = report;
    expect(figures.L9).toEqual({ numerator: 0, denominator: 0, notRecorded: 0 });
    expect(figures.L10).toEqual({ byMethod: {}, outOfArea: { contacts: 0, children: 0 } });
    expect(figures.C12).toEqual({ byValue: {}, numerator: 0, denominator: 0 });
    expect(figures.C13).toEqual({ byValue: {}, numerator: 0, denominator: 0 });
    expect(figures.C16).toEqual({ byValue: {}, numerator: 0, denominator: 0 });
    expect(figures.A1).toEqual({ byGrade: {}, numerator: 0, denominator: 0, byIro: {} });
    // The plans open then are still on a plan: Q1, Q2, Q4, Q6, none started.
    expect(figures.C14.started).toEqual({});
    const markdown = figuresMarkdown(report);
    for (const label of [
      'Second reviews at which the permanence plan was agreed (L9)',
      'Conferences with an advocate involved (of those recorded) (C12)',
      'Social work reports judged outstanding or good (C16)',
      'Audits of IRO work graded outstanding or good (A1)',
    ]) {
      expect(markdown).toContain(`| ${label} | n/a |`);
    }
  });
});

describe('section 9: properties', () => {
  const authority = (seed: number) =>
    authorityHistory({ children: 8, from: '2014-04-01', years: 3, seed });
  const children = ['S1', 'S2', 'S3', 'S4', 'S6', 'S7', 'S8', 'Q1', 'Q2', 'Q4', 'Q6'];
  const afterTo = fc.integer({ min: 1, max: 400 }).map((days) => addDays(FY2016.to, days));
  const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);
  /** Events of every kind section 9 counts, any of which might move a figure if read. */
  const laterEvent = fc.oneof(
    fc
      .record({ childId: pick(children), iro: pick(['akhan', 'bwest', 'zed']), date: afterTo })
      .map((r) => allocated(r.childId, r.iro, r.date)),
    fc
      .record({ childId: pick(children), date: afterTo, grade: pick(GRADES) })
      .map((r) => audit(`late-${r.date}-${r.childId}`, r.childId, 'akhan', r.date, r.grade)),
    fc
      .record({ childId: pick(['S1', 'S2', 'S3', 'S4', 'S6']), date: afterTo })
      .map((r) => contact(r.childId, r.date, 'visit', true)),
    fc
      .record({ childId: pick(['S2', 'S4', 'S6']), date: afterTo })
      .map((r) => review(r.childId, r.date, 'agreed')),
    fc
      .record({ childId: pick(['Q1', 'Q2', 'Q4', 'Q6']), date: afterTo, grade: pick(GRADES) })
      .map((r) =>
        conference(r.childId, `late-${r.date}`, 'review', r.date, true, {
          category: 'physical',
          disability: true,
          advocacy: 'involved',
          childParticipation: 'attended',
          reportQuality: r.grade,
        }),
      ),
  );

  it('an event dated after `to` changes no figure', () => {
    fc.assert(
      fc.property(fc.array(laterEvent, { minLength: 1, maxLength: 6 }), (later) => {
        expect(unitFigures([...secondRound, ...later], FY2016, { years: 2 })).toEqual(
          unitFigures(secondRound, FY2016, { years: 2 }),
        );
      }),
      { numRuns: 30 },
    );
  });

  it("an earlier year's figures are those of that year alone: nothing after its end is read", () => {
    // 2016/17's events all fall after 2015/16's last day.
    const { earlier } = unitFigures(secondRound, FY2016, { years: 2 });
    const { earlier: _none, ...alone } = unitFigures(secondRound, {
      from: '2015-04-01',
      to: '2016-03-31',
    });
    expect(earlier[0]).toEqual(alone);
  });

  it('retracting an event and recording it again gives the same figures', () => {
    // Only events alone on their date in their log: one recorded again arrives last, and
    // on a shared date arrival order is history order (timescales.md section 2).
    const dated = secondRound.filter((event) => event.type !== 'EventRetracted');
    const logOf = (event: CaseEvent) => `${clocksOf(event)[0].log}\u0000${eventDate(event)}`;
    const sharing = new Map<string, number>();
    for (const event of dated) sharing.set(logOf(event), (sharing.get(logOf(event)) ?? 0) + 1);
    const alone = secondRound.flatMap((event, index) =>
      event.type !== 'EventRetracted' &&
      event.eventId === undefined &&
      sharing.get(logOf(event)) === 1
        ? [index]
        : [],
    );
    expect(alone.length).toBeGreaterThan(20);
    const before = unitFigures(secondRound, FY2016, { years: 2 });
    fc.assert(
      fc.property(pick(alone), (index) => {
        const event = secondRound[index] as CaseEvent;
        const events = secondRound.with(index, { ...event, eventId: 'first' } as CaseEvent);
        const again = [...events, retracted('first'), { ...event, eventId: 'again' } as CaseEvent];
        expect(unitFigures(again, FY2016, { years: 2 })).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  /** The figures and lists of sections 2-5, as they stood before section 9. */
  const FIRST_ROUND = [
    'L1',
    'L2',
    'L3',
    'L4',
    'L5',
    'L6',
    'L7',
    'L8',
    'C1',
    'C2',
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
  ] as const;
  const firstRound = (report: FiguresReport) => [
    Object.fromEntries(FIRST_ROUND.map((id) => [id, report.figures[id]])),
    Object.fromEntries(
      Object.entries(report.shortfalls).filter(([id]) => !/^(L9|L11|C12|C13|C16|A1)$/.test(id)),
    ),
    report.months.map(({ month, L5, C4, C6 }) => ({ month, L5, C4, C6 })),
  ];

  it('the answers section 9 counts change no figure of sections 2-5', () => {
    // An older history, then the same with every new field answered and the new events added.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const older = authority(seed);
        const answered = older.flatMap((event, i): CaseEvent[] => {
          const grade = GRADES[i % GRADES.length] as string;
          if (event.type === 'LacReviewHeld') {
            return [
              { ...event, permanencePlan: i % 2 ? 'agreed' : 'not-agreed' } as CaseEvent,
              allocated(event.childId, `iro${i % 3}`, event.date),
              audit(`A${i}`, event.childId, `iro${i % 3}`, event.date, grade),
            ];
          }
          if (event.type === 'IroContactWithChild') {
            return [{ ...event, outOfArea: i % 2 === 0 } as CaseEvent];
          }
          if (event.type === 'ConferenceHeld') {
            return [
              {
                ...event,
                childParticipation: 'views-conveyed',
                advocacy: 'offered-declined',
                category: 'emotional',
                disability: i % 2 === 0,
                reportQuality: grade,
              } as CaseEvent,
            ];
          }
          return [event];
        });
        const period = { from: '2015-04-01', to: '2016-03-31' };
        expect(firstRound(unitFigures(answered, period, { years: 2 }))).toEqual(
          firstRound(unitFigures(older, period, { years: 2 })),
        );
      }),
      { numRuns: 10 },
    );
  });
});

describe('section 9 in every format', () => {
  const report = unitFigures(secondRound, FY2016, { years: 2 });

  it('markdown: the years side by side, oldest first, and the references behind a rate', () => {
    const markdown = figuresMarkdown(report);
    // 2015/16: 1 of 2; 2016/17: 2 of 4 (worked above).
    expect(markdown).toContain(
      '| Second reviews at which the permanence plan was agreed (L9) | 50% (1 of 2) | 50% (2 of 4) |',
    );
    expect(markdown).toContain(
      '| Children with a plan on the last day: physical abuse (C14.onTo.physical) | 0 | 2 |',
    );
    expect(markdown).toContain('- S2 2017-03-31: permanence plan not agreed');
    expect(markdown).toContain('- S2 AU6 2017-02-01: audit graded inadequate, IRO akhan');
    expect(markdown).toContain('- S3 2016-06-01: IRO changed');
  });

  it('csv: numbers as numbers, an empty rate left blank', () => {
    const csv = figuresCsv(report);
    expect(csv).toContain(
      'period,2016-04-01,2017-03-31,L11,Children looked after throughout with the same IRO,,4,5,80\r\n',
    );
    // 2015/16: AU4 (2016-03-01) inadequate, 0 of 1 is 0%; no advocacy recorded: blank, never 0.
    expect(csv).toContain(
      'period,2015-04-01,2016-03-31,A1,Audits of IRO work graded outstanding or good,,0,1,0\r\n',
    );
    expect(csv).toContain(
      'period,2015-04-01,2016-03-31,C12,Conferences with an advocate involved (of those recorded),,0,0,\r\n',
    );
  });

  it('html: the plans by category as a bar chart, described in words', () => {
    const html = figuresHtml(report);
    expect(html).toContain(
      '<title id="chart-categories-title">Children with a plan on the last day, by category, 2016/17</title>',
    );
    expect(html).toContain(
      'Neglect: 0; Emotional abuse: 1; Physical abuse: 2; Sexual abuse: 0; Multiple categories: 1; not recorded: 0',
    );
  });
});
