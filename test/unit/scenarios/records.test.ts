/**
 * The records of the meetings the unit chairs (timescales.md 3.5): a looked-after
 * review's decisions (5 working days) and full written record (20), and a child
 * protection conference's minutes (20). Every expected date was worked out by hand from
 * the spec and a printed calendar; the working-day counts are written out, bank
 * holidays in brackets.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../workflows/events.js';
import { HistoryError, plan, reviewHistory } from '../../../workflows/plan.js';
import { councilSettings, DEFAULT_SETTINGS, stepsFor } from '../../../workflows/policy.js';
import { ev, openAmong, openOf } from './support.js';

const C = 'C1';
const RECORDS = ['review-decisions', 'review-record', 'conference-minutes'] as const;
const records = (events: readonly CaseEvent[], asOf: string) => openAmong(events, asOf, RECORDS);

/** Looked after since 2 January 2017, so any review after it is in the episode. */
const reviewed = (...reviews: string[]): CaseEvent[] => [
  ev.becameLookedAfter(C, '2016-12-01'),
  ...reviews.map((r) => ev.lacReview(C, r)),
];

describe('review-decisions and review-record: 5 and 20 working days after the review', () => {
  it.each([
    // Fri 27 Jan 2017: 30 Jan-3 Feb(5); 6-10(10) 13-17(15) 20-24(20)
    ['2017-01-27', '2017-02-03', '2017-02-24', 'no holiday'],
    // Thu 13 Apr 2017: [14 GF, 17 EM] 18-21(4) 24(5); 25-28(9) [1 May] 2-5(13) 8-12(18) 15, 16(20)
    ['2017-04-13', '2017-04-24', '2017-05-16', 'Easter and early May 2017'],
    // Tue 30 Apr 2019: 1-3 May(3) [6 May] 7, 8(5); 9, 10(7) 13-17(12) 20-24(17) [27 May] 28-30(20)
    ['2019-04-30', '2019-05-08', '2019-05-30', 'the May 2019 bank holidays'],
    // Sat 23 Dec 2017 (the day itself never counts): [25, 26 Dec] 27-29(3) [1 Jan] 2, 3(5);
    // 4, 5(7) 8-12(12) 15-19(17) 22-24(20)
    ['2017-12-23', '2018-01-03', '2018-01-24', 'Christmas and New Year, from a Saturday'],
  ])('a review held on %s: decisions by %s, record by %s (%s)', (review, decisions, record) => {
    // Prepare
    const events = reviewed(review);

    // Act
    const open = records(events, review);

    // Assess
    expect(open).toEqual([
      { kind: 'review-decisions', subjectId: C, refId: review, due: decisions, overdue: false },
      { kind: 'review-record', subjectId: C, refId: review, due: record, overdue: false },
    ]);
  });

  it('a review with a participation code needs its records like any other', () => {
    // Prepare
    const events: CaseEvent[] = [
      ev.becameLookedAfter(C, '2016-12-01'),
      { type: 'LacReviewHeld', childId: C, date: '2017-01-27', participation: 'PN1' },
    ];

    // Act / Assess
    expect(records(events, '2017-01-27').map((o) => o.due)).toEqual(['2017-02-03', '2017-02-24']);
  });

  it('each review held has its own records, told apart by the review date', () => {
    // Prepare: reviews on Fri 27 Jan and Thu 13 Apr 2017 (the dates of the table above)
    const events = reviewed('2017-01-27', '2017-04-13');

    // Act
    const open = records(events, '2017-04-13');

    // Assess: the January review's are overdue by April
    expect(open).toEqual([
      {
        kind: 'review-decisions',
        subjectId: C,
        refId: '2017-01-27',
        due: '2017-02-03',
        overdue: true,
      },
      {
        kind: 'review-decisions',
        subjectId: C,
        refId: '2017-04-13',
        due: '2017-04-24',
        overdue: false,
      },
      {
        kind: 'review-record',
        subjectId: C,
        refId: '2017-01-27',
        due: '2017-02-24',
        overdue: true,
      },
      {
        kind: 'review-record',
        subjectId: C,
        refId: '2017-04-13',
        due: '2017-05-16',
        overdue: false,
      },
    ]);
  });
});

describe('review records: closed by the right part, late or not', () => {
  const held = reviewed('2017-01-27');

  it('the decisions close review-decisions only; the record is still due', () => {
    // Prepare
    const events = [...held, ev.recordShared(C, '2017-01-27', 'decisions', '2017-02-01')];

    // Act / Assess
    expect(records(events, '2017-02-10')).toEqual([
      {
        kind: 'review-record',
        subjectId: C,
        refId: '2017-01-27',
        due: '2017-02-24',
        overdue: false,
      },
    ]);
  });

  it('the full record closes both: it carries the decisions', () => {
    // Prepare
    const events = [...held, ev.recordShared(C, '2017-01-27', 'record', '2017-02-02')];

    // Act / Assess
    expect(records(events, '2017-02-10')).toEqual([]);
  });

  it('decisions shared late are overdue until shared, then closed', () => {
    // Prepare: due Fri 3 Feb, shared Mon 6 Feb
    const events = [...held, ev.recordShared(C, '2017-01-27', 'decisions', '2017-02-06')];

    // Act
    const before = openOf(events, '2017-02-05', 'review-decisions');
    const after = openOf(events, '2017-02-06', 'review-decisions');

    // Assess
    expect(before).toEqual([
      {
        kind: 'review-decisions',
        subjectId: C,
        refId: '2017-01-27',
        due: '2017-02-03',
        overdue: true,
      },
    ]);
    expect(after).toEqual([]);
  });

  it("a record shared for another review of the child leaves this one's open", () => {
    // Prepare
    const events = [
      ...reviewed('2017-01-27', '2017-04-13'),
      ev.recordShared(C, '2017-04-13', 'record', '2017-04-20'),
    ];

    // Act / Assess
    expect(records(events, '2017-04-20').map((o) => `${o.kind} ${o.refId}`)).toEqual([
      'review-decisions 2017-01-27',
      'review-record 2017-01-27',
    ]);
  });

  it('the records stay open after the child stops being looked after', () => {
    // Prepare
    const events = [...held, ev.ceased(C, '2017-02-01')];

    // Act / Assess: the looked-after review has closed, its records have not
    expect(openOf(events, '2017-03-01', 'lac-review')).toEqual([]);
    expect(records(events, '2017-03-01').map((o) => [o.kind, o.overdue])).toEqual([
      ['review-decisions', true],
      ['review-record', true],
    ]);
  });

  it('a record shared after the episode ended still closes it', () => {
    // Prepare
    const events = [
      ...held,
      ev.ceased(C, '2017-02-01'),
      ev.recordShared(C, '2017-01-27', 'record', '2017-03-01'),
    ];

    // Act / Assess
    expect(records(events, '2017-03-01')).toEqual([]);
  });
});

describe('conference-minutes: 20 working days after the conference', () => {
  /** An initial conference that makes a plan on `c`, then review conferences. */
  const conferences = (c: string, ...reviews: [string, string][]): CaseEvent[] => [
    ev.initialHeld(C, 'K1', c, true),
    ...reviews.map(([id, r]) => ev.reviewHeld(C, id, r, true)),
  ];

  it.each([
    // Thu 30 Nov 2017: 1 Dec(1) 4-8(6) 11-15(11) 18-22(16) [25, 26] 27-29(19) [1 Jan] 2 Jan(20)
    ['2017-11-30', '2018-01-02', 'Christmas and New Year'],
    // Thu 22 Mar 2018: 23(1) 26-29(5) [30 GF, 2 Apr EM] 3-6 Apr(9) 9-13(14) 16-20(19) 23(20)
    ['2018-03-22', '2018-04-23', 'Easter 2018'],
  ])('an initial conference held on %s: minutes by %s (%s)', (c, due) => {
    // Act
    const open = records(conferences(c), c);

    // Assess
    expect(open).toEqual([
      { kind: 'conference-minutes', subjectId: C, refId: 'K1', due, overdue: false },
    ]);
  });

  it('a review conference needs its minutes too, each conference its own', () => {
    // Prepare: initial on 30 Nov 2017, review R1 on 22 Mar 2018 (the dates above)
    const events = conferences('2017-11-30', ['R1', '2018-03-22']);

    // Act / Assess
    expect(records(events, '2018-03-22')).toEqual([
      { kind: 'conference-minutes', subjectId: C, refId: 'K1', due: '2018-01-02', overdue: true },
      { kind: 'conference-minutes', subjectId: C, refId: 'R1', due: '2018-04-23', overdue: false },
    ]);
  });

  it("minutes shared close that conference's obligation only, even late", () => {
    // Prepare: K1's minutes due 2 Jan 2018, shared 10 Jan
    const events = [
      ...conferences('2017-11-30', ['R1', '2018-03-22']),
      ev.minutesShared(C, 'K1', '2018-01-10'),
    ];

    // Act / Assess
    expect(records(events, '2018-03-22').map((o) => o.refId)).toEqual(['R1']);
  });

  it('the minutes stay open after the plan ends', () => {
    // Prepare: a review conference ends the plan; its minutes and the initial's are still due
    const events = [
      ev.initialHeld(C, 'K1', '2017-11-30', true),
      ev.reviewHeld(C, 'R1', '2018-03-22', false),
    ];

    // Act
    const open = plan(events, '2018-04-01');

    // Assess
    expect(open.map((o) => `${o.kind} ${o.refId}`)).toEqual([
      'conference-minutes K1',
      'conference-minutes R1',
    ]);
  });

  it('an initial conference with no plan still needs its minutes', () => {
    // Act / Assess
    expect(records([ev.initialHeld(C, 'K1', '2017-11-30', false)], '2017-12-01')).toEqual([
      { kind: 'conference-minutes', subjectId: C, refId: 'K1', due: '2018-01-02', overdue: false },
    ]);
  });
});

describe('contradictions: rejected, and nothing of them planned', () => {
  const contradictions: [string, CaseEvent[], string][] = [
    [
      'a record shared for a review never held',
      [...reviewed('2017-01-27'), ev.recordShared(C, '2017-01-26', 'decisions', '2017-02-01')],
      'reviewDate',
    ],
    [
      "a record shared for another child's review",
      [...reviewed('2017-01-27'), ev.recordShared('C9', '2017-01-27', 'record', '2017-02-01')],
      'reviewDate',
    ],
    [
      'a record shared for a review that was itself rejected (the child was not looked after)',
      [ev.lacReview(C, '2017-01-27'), ev.recordShared(C, '2017-01-27', 'record', '2017-02-01')],
      'reviewDate',
    ],
    [
      'minutes for a conference never held',
      [ev.initialHeld(C, 'K1', '2017-11-30', true), ev.minutesShared(C, 'K2', '2017-12-20')],
      'conferenceId',
    ],
    [
      'minutes for a conference booked but not yet held',
      [
        ev.booked(C, 'K1', 'initial', '2017-11-20', '2017-12-04T10:00:00Z'),
        ev.minutesShared(C, 'K1', '2017-11-30'),
      ],
      'conferenceId',
    ],
    [
      'an IRO contact with a child who was never looked after',
      [ev.iroContact(C, '2017-01-20')],
      'childId',
    ],
    [
      'an IRO contact after the child stopped being looked after',
      [...reviewed('2017-01-27'), ev.ceased(C, '2017-02-01'), ev.iroContact(C, '2017-02-02')],
      'childId',
    ],
    [
      'an IRO contact after an adoption order',
      [
        ...reviewed('2017-01-27'),
        ev.adoptionOrder(C, '2017-02-01'),
        ev.iroContact(C, '2017-02-02'),
      ],
      'childId',
    ],
  ];
  it.each(contradictions.map(([name, events, field]) => ({ name, events, field })))(
    '$name is rejected, naming $field',
    ({ events, field }) => {
      // Act
      const { obligations, problems } = reviewHistory(events, '2017-12-31');

      // Assess: the last event is the one rejected, and it leaves no record open for it
      const last = problems.at(-1);
      expect(last).toMatchObject({ index: events.length - 1, field });
      expect(last?.reason).not.toContain('C9');
      expect(() => plan(events, '2017-12-31')).toThrow(HistoryError);
      expect(obligations.filter((o) => o.subjectId === 'C9')).toEqual([]);
    },
  );

  it('a review the looked-after rules reject leaves no record due: an event counts for every process or none', () => {
    // Act
    const { obligations, problems } = reviewHistory([ev.lacReview(C, '2017-01-27')], '2017-03-01');

    // Assess
    expect(problems.map((p) => p.field)).toEqual(['childId']);
    expect(obligations).toEqual([]);
  });

  it('a conference the child protection rules reject leaves no minutes due', () => {
    // Prepare: a review conference for a child with no plan
    const events = [ev.reviewHeld(C, 'R1', '2017-11-30', true)];

    // Act
    const { obligations, problems } = reviewHistory(events, '2018-03-01');

    // Assess
    expect(problems).toHaveLength(1);
    expect(obligations).toEqual([]);
  });

  it('an IRO contact while the child is looked after is accepted and opens nothing', () => {
    // Prepare
    const without = reviewed('2017-01-27');
    const withContact = [...without, ev.iroContact(C, '2017-01-20')];

    // Act / Assess
    expect(plan(withContact, '2017-02-01')).toEqual(plan(without, '2017-02-01'));
  });

  it('a record shared on the day of the review counts only after the review (same-day ties keep arrival order)', () => {
    // Prepare: same date; ties keep arrival order, so the record before the review is refused
    const review = ev.lacReview(C, '2017-01-27');
    const shared = ev.recordShared(C, '2017-01-27', 'decisions', '2017-01-27');
    const start = ev.becameLookedAfter(C, '2016-12-01');

    // Act
    const inOrder = reviewHistory([start, review, shared]).problems;
    const reversed = reviewHistory([start, shared, review]).problems;

    // Assess
    expect(inOrder).toEqual([]);
    expect(reversed.map((p) => p.field)).toEqual(['reviewDate']);
  });
});

describe('record-keeping days are the council’s to configure', () => {
  it('applies the council’s working days to each record', () => {
    // Prepare
    const result = councilSettings({
      recordWorkingDays: { 'review-decisions': 10, 'conference-minutes': 15 },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const events = [...reviewed('2017-01-27'), ev.initialHeld('C2', 'K1', '2017-11-30', false)];

    // Act
    const open = plan(events, '2017-01-27', result.settings.rules);
    const later = plan(events, '2017-11-30', result.settings.rules);

    // Assess: Fri 27 Jan 2017 + 10: 30 Jan-3 Feb(5) 6-10(10); the record keeps its 20 (24 Feb).
    // Thu 30 Nov 2017 + 15: 1 Dec(1) 4-8(6) 11-15(11) 18-21(15).
    expect(open.filter((o) => o.kind.startsWith('review-')).map((o) => o.due)).toEqual([
      '2017-02-10',
      '2017-02-24',
    ]);
    expect(later.find((o) => o.kind === 'conference-minutes')?.due).toBe('2017-12-21');
  });

  it.each([
    [{ recordWorkingDays: { 'review-record': 0 } }, 'recordWorkingDays.review-record'],
    [{ recordWorkingDays: { 'review-minutes': 5 } }, 'recordWorkingDays'],
  ])('rejects %j, naming %s', (config, field) => {
    // Act
    const result = councilSettings(config);

    // Assess
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toContain(field);
  });
});

describe('recordKeepingFrom: meetings held before the council’s go-live need no record', () => {
  /** The council's rules with record keeping from `from` (an imported history before it). */
  const from = (recordKeepingFrom: string) => {
    const result = councilSettings({ recordKeepingFrom });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.settings.rules;
  };

  it.each([
    // Thu 26 Jan 2017, the day before Fri 27 Jan: its records are not tracked.
    ['2017-01-26', []],
    // Fri 27 Jan 2017 itself: 30 Jan-3 Feb(5); 6-10(10) 13-17(15) 20-24(20); overdue by 1 March.
    [
      '2017-01-27',
      [
        {
          kind: 'review-decisions',
          subjectId: C,
          refId: '2017-01-27',
          due: '2017-02-03',
          overdue: true,
        },
        {
          kind: 'review-record',
          subjectId: C,
          refId: '2017-01-27',
          due: '2017-02-24',
          overdue: true,
        },
      ],
    ],
  ])('from 2017-01-27, a review held on %s: records open %j', (review, expected) => {
    // Prepare
    const events = reviewed(review);

    // Act
    const open = openAmong(events, '2017-03-01', RECORDS, from('2017-01-27'));

    // Assess
    expect(open).toEqual(expected);
  });

  it.each([
    // Wed 29 Nov 2017, the day before Thu 30 Nov: its minutes are not tracked.
    ['2017-11-29', []],
    // Thu 30 Nov 2017: 1 Dec(1) 4-8(6) 11-15(11) 18-22(16) [25, 26] 27-29(19) [1 Jan] 2 Jan(20).
    [
      '2017-11-30',
      [{ kind: 'conference-minutes', subjectId: C, refId: 'K1', due: '2018-01-02', overdue: true }],
    ],
  ])('from 2017-11-30, a conference held on %s: minutes open %j', (held, expected) => {
    // Prepare
    const events = [ev.initialHeld(C, 'K1', held, false)];

    // Act
    const open = openAmong(events, '2018-02-01', RECORDS, from('2017-11-30'));

    // Assess
    expect(open).toEqual(expected);
  });

  it('a record or minutes shared for a meeting before the date are accepted, and close nothing', () => {
    // Prepare: a review and a conference each side of the date; the early ones' records shared
    const events = [
      ...reviewed('2017-11-29', '2017-11-30'),
      ev.initialHeld('C2', 'K1', '2017-11-29', false),
      ev.initialHeld('C2', 'K2', '2017-11-30', false),
      ev.recordShared(C, '2017-11-29', 'record', '2017-12-01'),
      ev.minutesShared('C2', 'K1', '2017-12-01'),
    ];

    // Act
    const { obligations, problems } = reviewHistory(events, '2017-12-01', from('2017-11-30'));

    // Assess: no contradiction; only the meetings on the date are due.
    // Thu 30 Nov 2017 + 5: 1 Dec(1) 4-7(5); + 20: 2 Jan 2018 (worked above).
    expect(problems).toEqual([]);
    expect(
      obligations
        .filter((o) => (RECORDS as readonly string[]).includes(o.kind))
        .map((o) => `${o.kind} ${o.subjectId} ${o.refId} ${o.due}`)
        .sort(),
    ).toEqual([
      'conference-minutes C2 K2 2018-01-02',
      'review-decisions C1 2017-11-30 2017-12-07',
      'review-record C1 2017-11-30 2018-01-02',
    ]);
  });

  it('leaves the other clocks alone: a review before the date still moves the next review', () => {
    // Prepare: in care 1 Dec 2016, first review Thu 26 Jan 2017 (before the date)
    const events = reviewed('2017-01-26');

    // Act
    const open = openAmong(events, '2017-01-26', ['lac-review'], from('2017-01-27'));

    // Assess: the second review is due within 3 months of the first: 2017-04-26.
    expect(open).toEqual([{ kind: 'lac-review', subjectId: C, due: '2017-04-26', overdue: false }]);
  });

  it.each([
    ['2017-02-30', 'an impossible date'],
    ['27/01/2017', 'a date not written YYYY-MM-DD'],
    [20170127, 'a number'],
  ])('rejects %j (%s), naming recordKeepingFrom without echoing it', (value, _what) => {
    // Act
    const result = councilSettings({ recordKeepingFrom: value });

    // Assess
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.field)).toEqual(['recordKeepingFrom']);
    for (const p of problems) expect(p.reason).not.toContain(String(value));
  });
});

describe('reminders and escalations (timescales.md section 4)', () => {
  const summary = (events: CaseEvent[], asOf: string, kind: string) =>
    plan(events, asOf)
      .filter((o) => o.kind === kind)
      .flatMap((o) => stepsFor(o, DEFAULT_SETTINGS))
      .map((s) => `${s.at} ${s.action} ${s.to.join(',')}`);

  it('review-decisions: the IRO 2 working days before, the service manager the day after', () => {
    // Tue 30 Apr 2019 review: decisions due Wed 8 May; 2 working days before: 7(1) [6] Fri 3(2)
    expect(summary(reviewed('2019-04-30'), '2019-04-30', 'review-decisions')).toEqual([
      '2019-05-03T08:00:00+01:00 reminder iro',
      '2019-05-09T08:00:00+01:00 escalation service-manager',
    ]);
  });

  it('review-record: the IRO 2 working days before, the service manager the day after', () => {
    // record due Thu 30 May 2019: Wed 29(1) Tue 28(2)
    expect(summary(reviewed('2019-04-30'), '2019-04-30', 'review-record')).toEqual([
      '2019-05-28T08:00:00+01:00 reminder iro',
      '2019-05-31T08:00:00+01:00 escalation service-manager',
    ]);
  });

  it('conference-minutes: the chair 5 working days before, the service manager the day after', () => {
    // due Tue 2 Jan 2018: [1 Jan] 29(1) 28(2) 27(3) [26, 25] 22(4) 21(5)
    const events = [ev.initialHeld(C, 'K1', '2017-11-30', true)];
    expect(summary(events, '2017-11-30', 'conference-minutes')).toEqual([
      '2017-12-21T08:00:00+00:00 reminder chair',
      '2018-01-03T08:00:00+00:00 escalation service-manager',
    ]);
  });
});

describe('records at their edges (each pinned by a one-line change that once passed every test)', () => {
  it('decisions are not overdue on their due day, and are the day after', () => {
    // Prepare: Fri 27 Jan 2017; decisions due Fri 3 Feb (30 Jan-3 Feb, 5 working days)
    const events = reviewed('2017-01-27');

    // Act
    const onDueDay = records(events, '2017-02-03').find((o) => o.kind === 'review-decisions');
    const dayAfter = records(events, '2017-02-04').find((o) => o.kind === 'review-decisions');

    // Assess
    expect(onDueDay).toMatchObject({ due: '2017-02-03', overdue: false });
    expect(dayAfter).toMatchObject({ due: '2017-02-03', overdue: true });
  });

  it('the full record due on its day is not overdue', () => {
    // Prepare: review Fri 27 Jan 2017, record due Fri 24 Feb (20 working days, no holiday)
    const events = reviewed('2017-01-27');

    // Act / Assess
    expect(records(events, '2017-02-24').find((o) => o.kind === 'review-record')).toMatchObject({
      due: '2017-02-24',
      overdue: false,
    });
  });

  it('decisions shared after the full record reopen nothing: the record closed both', () => {
    // Prepare: the full record on 10 Feb, then the decisions on 15 Feb
    const events = [
      ...reviewed('2017-01-27'),
      ev.recordShared(C, '2017-01-27', 'record', '2017-02-10'),
      ev.recordShared(C, '2017-01-27', 'decisions', '2017-02-15'),
    ];

    // Act / Assess
    expect(records(events, '2017-02-15')).toEqual([]);
  });
});
