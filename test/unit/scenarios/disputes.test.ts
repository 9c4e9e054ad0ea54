/**
 * The IRO's dispute resolution process (timescales.md 3.4, IRO Handbook 2010 ch. 6):
 * 5 working days a stage, automatic escalation when a stage's date passes, manual
 * escalation (stages may be skipped), stage 5 staying open. Every expected date was
 * worked out by hand from the spec and a printed calendar.
 */
import { describe, expect, it } from 'vitest';
import { HistoryError, plan } from '../../../workflows/plan.js';
import { ev, openOf } from './support.js';

const D = 'D1';
const C = 'C3';
const stageOn = (events: Parameters<typeof openOf>[0], asOf: string) =>
  openOf(events, asOf, 'dispute-stage');
const open = (stage: number, due: string, overdue = false) => [
  { kind: 'dispute-stage', subjectId: C, refId: D, due, overdue, stage },
];

describe('dispute-stage: automatic escalation over Christmas 2017 (spec example, continued)', () => {
  // Raised Tue 19 Dec 2017.
  // stage 1: 20-22(3) [25, 26 Dec] 27, 28(5)            -> 2017-12-28
  // stage 2: 29(1) [1 Jan] 2-5 Jan(5)                     -> 2018-01-05
  // stage 3: 8-12 Jan                                     -> 2018-01-12
  // stage 4: 15-19 Jan                                    -> 2018-01-19
  // stage 5: 22-26 Jan                                    -> 2018-01-26, then stays
  const events = [ev.disputeRaised(D, C, '2017-12-19')];

  it.each([
    ['2017-12-19', 1, '2017-12-28', false],
    ['2017-12-28', 1, '2017-12-28', false],
    ['2017-12-29', 2, '2018-01-05', false],
    ['2018-01-05', 2, '2018-01-05', false],
    ['2018-01-06', 3, '2018-01-12', false],
    ['2018-01-13', 4, '2018-01-19', false],
    ['2018-01-20', 5, '2018-01-26', false],
    ['2018-01-26', 5, '2018-01-26', false],
    ['2018-01-27', 5, '2018-01-26', true],
    ['2018-06-30', 5, '2018-01-26', true],
  ])(
    'IRO Handbook ch. 6: as of %s the dispute stands at stage %i, due %s (overdue %s)',
    (asOf, stage, due, overdue) => {
      expect(stageOn(events, asOf)).toEqual(open(stage, due, overdue));
    },
  );
});

describe('dispute-stage: automatic escalation over Easter and other Christmases', () => {
  it.each([
    // Raised Mon 15 Apr 2019. stage 1: 16-18(3) [19 GF, 22 EM] 23, 24(5) -> 2019-04-24
    ['2019-04-15', '2019-04-15', 1, '2019-04-24'],
    // stage 2: 25, 26, 29, 30 Apr, 1 May -> 2019-05-01
    ['2019-04-15', '2019-04-25', 2, '2019-05-01'],
    // stage 3: 2, 3(2) [6 May] 7-9(5) -> 2019-05-09
    ['2019-04-15', '2019-05-02', 3, '2019-05-09'],
    // stage 4: 10, 13-16 -> 2019-05-16
    ['2019-04-15', '2019-05-10', 4, '2019-05-16'],
    // stage 5: 17, 20-23 -> 2019-05-23
    ['2019-04-15', '2019-05-17', 5, '2019-05-23'],
    // Raised Tue 20 Dec 2022. stage 1: 21-23(3) [26, 27 Dec substitute] 28, 29(5);
    // stage 2: 30(1) [2 Jan 2023 substitute] 3-6(5)
    ['2022-12-20', '2022-12-29', 1, '2022-12-29'],
    ['2022-12-20', '2022-12-30', 2, '2023-01-06'],
    // Raised Mon 21 Dec 2020. stage 1: 22-24(3) [25, 28 Dec substitute] 29, 30(5);
    // stage 2: 31(1) [1 Jan] 4-7(5)
    ['2020-12-21', '2020-12-30', 1, '2020-12-30'],
    ['2020-12-21', '2020-12-31', 2, '2021-01-07'],
  ])('IRO Handbook ch. 6: raised %s, as of %s: stage %i due %s', (raised, asOf, stage, due) => {
    const events = [ev.disputeRaised(D, C, raised)];

    expect(stageOn(events, asOf)).toEqual(open(stage, due));
  });
});

describe('dispute-stage: manual escalation', () => {
  // Raised Thu 1 Mar 2018: stage 1 due Fri 2(1), 5-8(5) -> 2018-03-08;
  // automatically stage 2 due 2018-03-15, stage 3 due 2018-03-22, stage 4 due 2018-03-29.
  const raised = ev.disputeRaised(D, C, '2018-03-01');

  it.each([
    {
      // escalated Mon 5 Mar to stage 3, skipping 2: 6-9(4) 12(5)
      name: 'escalated to stage 3 (skipping 2): due 5 working days after the escalation',
      events: [raised, ev.escalated(D, '2018-03-05', 3)],
      asOf: '2018-03-05',
      expected: open(3, '2018-03-12'),
    },
    {
      name: 'escalated to stage 2: due from the escalation, not from stage 1’s date',
      events: [raised, ev.escalated(D, '2018-03-05', 2)],
      asOf: '2018-03-09',
      expected: open(2, '2018-03-12'),
    },
    {
      // stage 4 automatically: 13-16(4) 19(5)
      name: 'after a manual escalation, the automatic one counts from that stage’s date',
      events: [raised, ev.escalated(D, '2018-03-05', 3)],
      asOf: '2018-03-13',
      expected: open(4, '2018-03-19'),
    },
    {
      // stage 5 automatically: 20-23(4) 26(5)
      name: 'then stage 5, overdue once its date has passed',
      events: [raised, ev.escalated(D, '2018-03-05', 3)],
      asOf: '2018-03-27',
      expected: open(5, '2018-03-26', true),
    },
    {
      // Tue 20 Mar (automatically at stage 3) to stage 4: 21-23(3) 26, 27(5)
      name: 'escalated past the automatic stage (3) to stage 4',
      events: [raised, ev.escalated(D, '2018-03-20', 4)],
      asOf: '2018-03-20',
      expected: open(4, '2018-03-27'),
    },
    {
      // stage 5 from 27 Mar: 28, 29(2) [30 Mar GF, 2 Apr EM] 3-5 Apr(5)
      name: 'and then automatically to stage 5 over Easter 2018',
      events: [raised, ev.escalated(D, '2018-03-20', 4)],
      asOf: '2018-03-28',
      expected: open(5, '2018-04-05'),
    },
    {
      // Tue 27 Mar (automatically at stage 4) to 5: 28, 29(2) [GF, EM] 3-5 Apr(5)
      name: 'escalated by hand to stage 5 over Easter 2018',
      events: [raised, ev.escalated(D, '2018-03-27', 5)],
      asOf: '2018-03-27',
      expected: open(5, '2018-04-05'),
    },
    {
      name: 'stage 5 is the last: it stays open and overdue, never escalating further',
      events: [raised, ev.escalated(D, '2018-03-27', 5)],
      asOf: '2018-09-03',
      expected: open(5, '2018-04-05', true),
    },
  ])('IRO Handbook ch. 6: $name', ({ events, asOf, expected }) => {
    expect(stageOn(events, asOf)).toEqual(expected);
  });
});

describe('dispute-stage: resolution', () => {
  it.each([
    ['at stage 1', '2018-03-06'],
    ['at stage 3, after automatic escalation', '2018-03-20'],
    ['at stage 5, long overdue', '2018-07-02'],
  ])('IRO Handbook ch. 6: resolved %s: nothing open afterwards', (_name, resolvedOn) => {
    const events = [ev.disputeRaised(D, C, '2018-03-01'), ev.resolved(D, resolvedOn)];

    expect(stageOn(events, '2018-12-31')).toEqual([]);
  });

  it('IRO Handbook ch. 6: a resolution dated after the as-of date is not yet considered', () => {
    const events = [ev.disputeRaised(D, C, '2018-03-01'), ev.resolved(D, '2018-03-20')];

    expect(stageOn(events, '2018-03-16')).toEqual(open(3, '2018-03-22'));
  });

  it('IRO Handbook ch. 6: two disputes for one child run separately', () => {
    const events = [
      ev.disputeRaised('D1', C, '2018-03-01'),
      ev.disputeRaised('D2', C, '2018-03-05'),
      ev.resolved('D1', '2018-03-07'),
    ];

    // D2: raised Mon 5 Mar: 6-9(4) 12(5) -> stage 1 due 2018-03-12
    expect(stageOn(events, '2018-03-07')).toEqual([
      {
        kind: 'dispute-stage',
        subjectId: C,
        refId: 'D2',
        due: '2018-03-12',
        overdue: false,
        stage: 1,
      },
    ]);
  });
});

describe('dispute-stage: contradictions are rejected', () => {
  it.each([
    [
      'escalation to a stage lower than a manual escalation',
      [
        ev.disputeRaised(D, C, '2018-03-01'),
        ev.escalated(D, '2018-03-02', 4),
        ev.escalated(D, '2018-03-05', 3),
      ],
    ],
    [
      'escalation to a stage lower than the automatic one (stage 3 on 20 March 2018)',
      [ev.disputeRaised(D, C, '2018-03-01'), ev.escalated(D, '2018-03-20', 2)],
    ],
    ['escalation of a dispute never raised', [ev.escalated(D, '2018-03-05', 2)]],
  ])('timescales.md 2: %s throws a HistoryError', (_name, events) => {
    expect(() => plan(events, '2018-12-31')).toThrow(HistoryError);
  });
});
